/*
 * GNU coreutils `tail` as a pipe filter: the last 10 lines, -n N / --lines=N, -N, -n +N (from line
 * N on), -c N / --bytes=N and -c +N, with head's count suffixes. Errors are coreutils'
 * (`tail: invalid number of lines: ‘x’`). With FILE operands it reads those simulated files, as
 * head does. Left out: -f (follow), -q/-v, -z.
 */
package org.mmsim.shell;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

final class TailFilter {
    static final String TRY = "Try 'tail --help' for more information.";

    private TailFilter() {
    }

    static Pipeline.Filter parse(List<String> words) {
        List<String> args = words;
        long count = 10;
        boolean bytes = false, fromStart = false;
        if (!args.isEmpty() && args.get(0).matches("-[0-9]+")) {
            count = HeadFilter.number("tail", args.get(0).substring(1), "lines");
            args = args.subList(1, args.size());
        }
        Getopt g = new Getopt("tail", "n:c:", List.of(new Getopt.Long("lines", 'n', true),
                new Getopt.Long("bytes", 'c', true)), args, TRY);
        for (Getopt.Option o : g.options) {
            bytes = o.code() == 'c';
            String arg = o.arg();
            fromStart = arg.startsWith("+");
            if (fromStart || arg.startsWith("-")) {
                arg = arg.substring(1);
            }
            count = HeadFilter.number("tail", arg, bytes ? "bytes" : "lines");
        }
        long n = count;
        boolean b = bytes, plus = fromStart;
        return new Pipeline.Filter(List.copyOf(g.operands), (inputs, stderr) ->
                HeadFilter.eachFile("tail", inputs, stderr, stdin -> {
                    if (b) {
                        byte[] all = stdin.getBytes(StandardCharsets.UTF_8);
                        int from = from(all.length, n, plus);
                        return new String(Arrays.copyOfRange(all, from, all.length), StandardCharsets.UTF_8);
                    }
                    List<String> lines = HeadFilter.rawLines(stdin);
                    return String.join("", lines.subList(from(lines.size(), n, plus), lines.size()));
                }));
    }

    /** Where the output starts: +N counts from 1 at the start (+0 is +1), N from the end. */
    private static int from(int size, long n, boolean fromStart) {
        if (fromStart) {
            return (int) Math.min(size, Math.max(0, n - 1));
        }
        return (int) (size - Math.min(n, size));
    }
}
