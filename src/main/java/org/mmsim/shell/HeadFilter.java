/*
 * GNU coreutils `head` as a pipe filter: the first 10 lines, -n N / --lines=N, -N, -c N / --bytes=N,
 * and a negative count (-n -N, -c -N) for all but the last N. Counts take coreutils' suffixes (b 512,
 * K 1024, KB 1000, KiB 1024, M, G, T, ...). Errors are coreutils' (`head: invalid number of lines:
 * ‘x’`). With FILE operands it reads those simulated files, each under a `==> FILE <==` header when
 * there are several. Left out: -q/-v and -z (NUL-terminated lines).
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

final class HeadFilter {
    static final String TRY = "Try 'head --help' for more information.";

    private HeadFilter() {
    }

    static Pipeline.Filter parse(List<String> words) {
        List<String> args = words;
        long count = 10;
        boolean bytes = false, allBut = false;
        if (!args.isEmpty() && args.get(0).matches("-[0-9]+")) {
            count = number("head", args.get(0).substring(1), "lines");
            args = args.subList(1, args.size());
        }
        Getopt g = new Getopt("head", "n:c:", List.of(new Getopt.Long("lines", 'n', true),
                new Getopt.Long("bytes", 'c', true)), args, TRY);
        for (Getopt.Option o : g.options) {
            bytes = o.code() == 'c';
            allBut = o.arg().startsWith("-");
            count = number("head", allBut ? o.arg().substring(1) : o.arg(), bytes ? "bytes" : "lines");
        }
        long n = count;
        boolean b = bytes, elide = allBut;
        return new Pipeline.Filter(List.copyOf(g.operands), (inputs, stderr) ->
                eachFile("head", inputs, stderr, stdin -> {
                    if (b) {
                        byte[] all = stdin.getBytes(StandardCharsets.UTF_8);
                        int keep = (int) (elide ? Math.max(0, all.length - Math.min(n, all.length))
                                : Math.min(n, all.length));
                        return new String(Arrays.copyOf(all, keep), StandardCharsets.UTF_8);
                    }
                    List<String> lines = rawLines(stdin);
                    int keep = (int) (elide ? Math.max(0, lines.size() - Math.min(n, lines.size()))
                            : Math.min(n, lines.size()));
                    return String.join("", lines.subList(0, keep));
                }));
    }

    /**
     * head's and tail's handling of several inputs: each under "==> FILE <==", a blank line between
     * them, and coreutils' messages for a file that cannot be opened or read.
     */
    static String eachFile(String prog, List<Pipeline.Input> inputs, Consumer<String> stderr,
                           UnaryOperator<String> one) {
        StringBuilder out = new StringBuilder();
        boolean headers = inputs.size() > 1;
        for (Pipeline.Input in : inputs) {
            boolean opened = in.error() == null || in.error() == Errno.EISDIR;
            if (opened && headers) {
                out.append(out.length() == 0 ? "" : "\n").append("==> ").append(in.name()).append(" <==\n");
            }
            if (in.error() == Errno.EISDIR) {
                stderr.accept(prog + ": error reading '" + in.name() + "': " + in.error().message());
            } else if (in.error() != null) {
                stderr.accept(prog + ": cannot open '" + in.name() + "' for reading: " + in.error().message());
            } else {
                out.append(one.apply(in.text()));
            }
        }
        return out.toString();
    }

    /** Lines with their newlines; a last line without one is kept as it is. */
    static List<String> rawLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    /** A count as coreutils' xstrtoumax reads it, with head's and tail's suffixes. */
    static long number(String prog, String text, String what) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw bad(prog, text, what);
        }
        long value;
        try {
            value = Long.parseLong(text.substring(0, i));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
        String suffix = text.substring(i);
        if (suffix.isEmpty()) {
            return value;
        }
        if (suffix.equals("b")) {
            return multiply(value, 512);
        }
        int power = "KMGTPE".indexOf(Character.toUpperCase(suffix.charAt(0))) + 1;
        String rest = suffix.substring(1);
        if (power == 0) {
            throw bad(prog, text, what);
        }
        long base = rest.equals("B") ? 1000 : rest.isEmpty() || rest.equals("iB") ? 1024 : -1;
        if (base < 0) {
            throw bad(prog, text, what);
        }
        for (int p = 0; p < power; p++) {
            value = multiply(value, base);
        }
        return value;
    }

    private static long multiply(long a, long b) {
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static ScenarioError bad(String prog, String text, String what) {
        return new ScenarioError(prog + ": invalid number of " + what + ": ‘" + text + "’");
    }
}
