/*
 * coreutils `sleep NUMBER[SUFFIX]...`: simulated time advances by the sum of the durations (s, m, h,
 * d suffixes; fractions allowed), running every kernel event due meanwhile. Bad operands give sleep's
 * messages. No Linux counterpart for the simulated clock itself: wall time does not pass.
 * `run DURATION` is mmsim's own name for the same thing ("let the machine run for 60s"), with
 * mmsim's message for a bad duration.
 */
package org.mmsim.shell;

import java.math.BigDecimal;
import java.util.List;

final class SleepCommand {
    static final String USAGE = "sleep NUMBER[s|m|h|d]...";
    static final String RUN_USAGE = "run DURATION   (NUMBER[s|m|h|d]: simulated time passes, kernel threads run)";
    private static final String TRY = "Try 'sleep --help' for more information.";

    private SleepCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        List<String> words = Getopt.words("sleep", tokens);
        if (words.isEmpty()) {
            throw new ScenarioError("sleep: missing operand\n" + TRY);
        }
        long total = 0;
        for (String w : words) {
            try {
                total = Math.addExact(total, nanos(w));
            } catch (ArithmeticException e) {
                throw new ScenarioError("sleep: invalid time interval '" + w + "'\n" + TRY);
            }
        }
        long ns = total;
        return session -> session.kernel.events.runUntil(session.kernel.clock.nanos() + ns);
    }

    /** `run DURATION`: one duration, as sleep takes it. */
    static Step run(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("run", RUN_USAGE, tokens, 1, 1);
        long ns;
        try {
            ns = nanos(args.positional(0));
        } catch (ScenarioError | ArithmeticException e) {
            throw new ScenarioError("run: bad duration \"" + args.positional(0) + "\" (usage: " + RUN_USAGE + ")");
        }
        return session -> session.kernel.events.runUntil(session.kernel.clock.nanos() + ns);
    }

    /** One operand in nanoseconds: xstrtod() then the suffix's multiplier. */
    static long nanos(String w) {
        String num = w;
        long unit = 1_000_000_000L;
        if (!w.isEmpty() && "smhd".indexOf(w.charAt(w.length() - 1)) >= 0) {
            unit *= switch (w.charAt(w.length() - 1)) {
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 1;
            };
            num = w.substring(0, w.length() - 1);
        }
        if (!num.matches("\\+?([0-9]+\\.?[0-9]*|\\.[0-9]+)")) {
            throw new ScenarioError("sleep: invalid time interval '" + w + "'\n" + TRY);
        }
        return new BigDecimal(num).multiply(BigDecimal.valueOf(unit)).toBigInteger().longValueExact();
    }
}
