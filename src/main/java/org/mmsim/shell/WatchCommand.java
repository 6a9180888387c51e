/*
 * procps-ng `watch [-n SECS] [-t] --count N COMMAND...`: runs the command line (its words joined
 * by spaces, as watch hands them to sh -c; quote a pipeline to watch it whole) N times, SECS apart
 * (default 2) in simulated time, each run under watch's heading "Every SECSs: COMMAND" with the
 * host name and the simulated wall clock, then a blank line (-t drops both). --count is mmsim's:
 * the real watch repeats until interrupted, and a scenario must end. Left out: the screen handling
 * (output is appended, not redrawn; the heading's date is not right-aligned to a terminal width),
 * -d, -g, -e, -c.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class WatchCommand {
    static final String USAGE = "watch [-n SECS] [-t] --count N COMMAND...";
    private static final String TRY = "Try 'watch --help' for more information.";
    /** usage(stderr): what watch prints when no command is given. */
    private static final String USAGE_TEXT = "Usage:\n"
            + " watch [options] command\n"
            + "\n"
            + "Options:\n"
            + "  -b, --beep             beep if command has a non-zero exit\n"
            + "  -c, --color            interpret ANSI color and style sequences\n"
            + "  -d, --differences[=<permanent>]\n"
            + "                         highlight changes between updates\n"
            + "  -e, --errexit          exit if command has a non-zero exit\n"
            + "  -g, --chgexit          exit when output from command changes\n"
            + "  -q, --equexit <cycles>\n"
            + "                         exit when output from command does not change\n"
            + "  -n, --interval <secs>  seconds to wait between updates\n"
            + "  -p, --precise          attempt run command in precise intervals\n"
            + "  -t, --no-title         turn off header\n"
            + "  -w, --no-wrap          turn off line wrapping\n"
            + "  -x, --exec             pass command to exec instead of \"sh -c\"\n"
            + "\n"
            + " -h, --help     display this help and exit\n"
            + " -v, --version  output version information and exit\n"
            + "\n"
            + "For more details see watch(1).";
    private static final char COUNT = 1;

    private WatchCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        List<String> words = Getopt.words("watch", tokens);
        int end = 0;
        while (end < words.size() && words.get(end).startsWith("-")) {
            String w = words.get(end);
            end += (w.equals("-n") || w.equals("--interval") || w.equals("--count")) ? 2 : 1;
        }
        end = Math.min(end, words.size());
        Getopt g = new Getopt("watch", "n:t", List.of(new Getopt.Long("interval", 'n', true),
                new Getopt.Long("no-title", 't', false), new Getopt.Long("count", COUNT, true)),
                words.subList(0, end), TRY);
        double seconds = 2;
        boolean title = true;
        long count = -1;
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'n':
                    if (!o.arg().matches("[0-9]{1,9}(\\.[0-9]*)?|\\.[0-9]+")) {
                        throw new ScenarioError("watch: failed to parse argument: '" + o.arg() + "'");
                    }
                    seconds = Math.max(0.1, Double.parseDouble(o.arg()));
                    break;
                case 't': title = false; break;
                default:
                    if (!o.arg().matches("[0-9]{1,9}") || Long.parseLong(o.arg()) < 1) {
                        throw new ScenarioError("watch: --count needs a positive number, not '" + o.arg() + "'");
                    }
                    count = Long.parseLong(o.arg());
            }
        }
        List<String> command = new ArrayList<>(words.subList(end, words.size()));
        if (command.isEmpty()) {
            throw new ScenarioError(USAGE_TEXT);
        }
        if (count < 0) {
            throw new ScenarioError("watch: without --count N it repeats forever, and a scenario must end: add --count N");
        }
        String line = String.join(" ", command);
        Step inner = new Parser(Commands.standard()).parseLine(context, line, context.line());
        long n = count, intervalNs = Math.round(seconds * 1e9);
        String heading = String.format(Locale.ROOT, "Every %.1fs: %s", seconds, line);
        boolean withTitle = title;
        return session -> {
            for (long i = 1; ; i++) {
                if (withTitle) {
                    long now = DmesgCommand.BOOT_TIME + session.kernel.clock.nanos() / 1_000_000_000L;
                    session.print(heading + "    mmsim: " + DmesgCommand.ctime(now) + "\n\n");
                }
                inner.run(session);
                if (i >= n) {
                    return;
                }
                session.kernel.events.runUntil(session.kernel.clock.nanos() + intervalNs);
            }
        };
    }
}
