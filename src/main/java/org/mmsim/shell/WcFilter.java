/*
 * GNU coreutils `wc` reading a pipe: lines, words and bytes by default, or the counts chosen with
 * -l, -w, -m (characters), -c (bytes) and their long forms, always in that order. Widths follow
 * coreutils for standard input that is a pipe: a single count is printed bare, several are
 * right-aligned in 7 columns separated by a space. Left out: file operands and totals, -L,
 * --files0-from.
 */
package org.mmsim.shell;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

final class WcFilter {
    static final String TRY = "Try 'wc --help' for more information.";
    /** coreutils' minimum width when an input is not a regular file. */
    private static final int PIPE_WIDTH = 7;

    private WcFilter() {
    }

    static Pipeline.Filter parse(List<String> words) {
        Getopt g = new Getopt("wc", "lwmc", List.of(
                new Getopt.Long("lines", 'l', false),
                new Getopt.Long("words", 'w', false),
                new Getopt.Long("chars", 'm', false),
                new Getopt.Long("bytes", 'c', false)), words, TRY);
        if (!g.operands.isEmpty()) {
            throw new ScenarioError("wc: reads the pipe only; a file operand (\"" + g.operands.get(0)
                    + "\") is not supported");
        }
        StringBuilder chosen = new StringBuilder();
        for (Getopt.Option o : g.options) {
            chosen.append(o.code());
        }
        String which = chosen.length() == 0 ? "lwc" : chosen.toString();
        return stdin -> {
            List<Long> counts = new ArrayList<>();
            if (which.indexOf('l') >= 0) {
                counts.add(stdin.chars().filter(ch -> ch == '\n').count());
            }
            if (which.indexOf('w') >= 0) {
                counts.add(words(stdin));
            }
            if (which.indexOf('m') >= 0) {
                counts.add((long) stdin.codePointCount(0, stdin.length()));
            }
            if (which.indexOf('c') >= 0) {
                counts.add((long) stdin.getBytes(StandardCharsets.UTF_8).length);
            }
            int width = counts.size() == 1 ? 1 : PIPE_WIDTH;
            StringBuilder out = new StringBuilder();
            for (Long c : counts) {
                out.append(out.length() == 0 ? "" : " ").append(String.format("%" + width + "d", c));
            }
            return out.append('\n').toString();
        };
    }

    private static long words(String text) {
        long n = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            boolean space = ch == ' ' || (ch >= '\t' && ch <= '\r');
            if (!space && !inWord) {
                n++;
            }
            inWord = !space;
        }
        return n;
    }
}
