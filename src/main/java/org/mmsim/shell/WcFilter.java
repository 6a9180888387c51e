/*
 * GNU coreutils `wc`: lines, words and bytes by default, or the counts chosen with -l, -w, -m
 * (characters), -c (bytes) and their long forms, always in that order, for a pipe or for FILE
 * operands (each line naming its file, and a total line when there are several). Widths follow
 * coreutils: a single count of a single input is printed bare; otherwise counts are right-aligned
 * in 7 columns when an input is a pipe or a directory, and in the width of the files' summed
 * st_size otherwise, which for /proc and /sys files (size 0) is 1. Left out: -L, --files0-from.
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;

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
        StringBuilder chosen = new StringBuilder();
        for (Getopt.Option o : g.options) {
            chosen.append(o.code());
        }
        StringBuilder which0 = new StringBuilder();
        for (char c : "lwmc".toCharArray()) {
            if (chosen.length() == 0 ? c != 'm' : chosen.indexOf(String.valueOf(c)) >= 0) {
                which0.append(c);
            }
        }
        String which = which0.toString();
        return new Pipeline.Filter(List.copyOf(g.operands), (inputs, stderr) -> {
            boolean notRegular = false;
            List<long[]> rows = new ArrayList<>();
            List<String> names = new ArrayList<>();
            long[] total = new long[which.length()];
            for (Pipeline.Input in : inputs) {
                if (in.error() != null && in.error() != Errno.EISDIR) {
                    stderr.accept("wc: " + in.name() + ": " + in.error().message());
                    continue;
                }
                if (in.error() != null) {
                    stderr.accept("wc: " + in.name() + ": " + in.error().message());
                }
                notRegular |= in.name() == null || in.error() != null;
                long[] counts = counts(which, in.text() == null ? "" : in.text());
                for (int i = 0; i < counts.length; i++) {
                    total[i] += counts[i];
                }
                rows.add(counts);
                names.add(in.name());
            }
            if (inputs.size() > 1) {
                rows.add(total);
                names.add("total");
            }
            int width = inputs.size() == 1 && which.length() == 1 ? 1 : notRegular ? PIPE_WIDTH : 1;
            StringBuilder out = new StringBuilder();
            for (int r = 0; r < rows.size(); r++) {
                StringBuilder line = new StringBuilder();
                for (long c : rows.get(r)) {
                    line.append(line.length() == 0 ? "" : " ").append(String.format("%" + width + "d", c));
                }
                out.append(line).append(names.get(r) == null ? "" : " " + names.get(r)).append('\n');
            }
            return out.toString();
        });
    }

    /** The counts `which` (a subset of "lwmc", in that order) of one input. */
    private static long[] counts(String which, String text) {
        long[] out = new long[which.length()];
        for (int i = 0; i < which.length(); i++) {
            switch (which.charAt(i)) {
                case 'l': out[i] = text.chars().filter(ch -> ch == '\n').count(); break;
                case 'w': out[i] = words(text); break;
                case 'm': out[i] = text.codePointCount(0, text.length()); break;
                default: out[i] = text.getBytes(StandardCharsets.UTF_8).length; break;
            }
        }
        return out;
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
