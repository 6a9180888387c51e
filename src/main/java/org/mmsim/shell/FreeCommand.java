/*
 * procps-ng 4.0.2 `free`, reading the simulated /proc/meminfo as free reads the real one (see
 * ProcpsMeminfo for the derivations): the Mem and Swap lines, -w (buffers and cache apart), -l (Low
 * and High; without highmem Low is all of memory and High is zero), -t (Total), -v (Comm), units
 * -b -k -m -g --tebi --pebi and the SI --kilo --mega --giga --tera --peta, --si, -h (scale_size: at
 * most 4 characters with --si, 5 with the "i" of binary units), -c N and -s N (between samples a blank
 * line, then simulated time advances N seconds through the event queue), -V and --help. Options are
 * checked before anything runs, with free's own messages and usage text. Left out: -s without -c,
 * which repeats forever (refused: a scenario must end).
 */
package org.mmsim.shell;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

final class FreeCommand {
    static final String USAGE = "free [-b|-k|-m|-g|-h] [--si] [-w] [-l] [-t] [-v] [-c N] [-s N]";
    static final String VERSION = "free from procps-ng 4.0.2\n";
    static final String HELP = "\n"
            + "Usage:\n"
            + " free [options]\n"
            + "\n"
            + "Options:\n"
            + " -b, --bytes         show output in bytes\n"
            + "     --kilo          show output in kilobytes\n"
            + "     --mega          show output in megabytes\n"
            + "     --giga          show output in gigabytes\n"
            + "     --tera          show output in terabytes\n"
            + "     --peta          show output in petabytes\n"
            + " -k, --kibi          show output in kibibytes\n"
            + " -m, --mebi          show output in mebibytes\n"
            + " -g, --gibi          show output in gibibytes\n"
            + "     --tebi          show output in tebibytes\n"
            + "     --pebi          show output in pebibytes\n"
            + " -h, --human         show human-readable output\n"
            + "     --si            use powers of 1000 not 1024\n"
            + " -l, --lohi          show detailed low and high memory statistics\n"
            + " -t, --total         show total for RAM + swap\n"
            + " -v, --committed     show committed memory and commit limit\n"
            + " -s N, --seconds N   repeat printing every N seconds\n"
            + " -c N, --count N     repeat printing N times, then exit\n"
            + " -w, --wide          wide output\n"
            + "\n"
            + "     --help     display this help and exit\n"
            + " -V, --version  output version information and exit\n"
            + "\n"
            + "For more details see free(1).\n";
    private static final String HEADER =
            "               total        used        free      shared  buff/cache   available\n";
    private static final String WIDE_HEADER =
            "               total        used        free      shared     buffers       cache   available\n";
    private static final int HUMAN = 1 << 1, LOHI = 1 << 2, WIDE = 1 << 3, TOTAL = 1 << 4, SI = 1 << 5,
            COMMITTED = 1 << 8;
    private static final char SI_OPT = 1, KILO = 2, MEGA = 3, GIGA = 4, TERA = 5, PETA = 6, TEBI = 7, PEBI = 8,
            HELP_OPT = 9;

    private FreeCommand() {
    }

    /** What a free command line asks for; `fixed` is the text of --help or -V, which print only that. */
    record Options(int flags, int exponent, long samples, long intervalNs, String fixed) {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Options o = options(Getopt.words("free", tokens));
        if (o.fixed() != null) {
            return session -> session.print(o.fixed());
        }
        return session -> {
            for (long i = 1; ; i++) {
                session.print(sample(new ProcpsMeminfo(session.procfs.read("/proc/meminfo")), o.flags(), o.exponent()));
                if (i >= o.samples()) {
                    return;
                }
                session.print("\n");
                session.kernel.events.runUntil(session.kernel.clock.nanos() + o.intervalNs());
            }
        };
    }

    static Options options(List<String> words) {
        Getopt g = new Getopt("free", "bkmghltvc:ws:V", List.of(
                new Getopt.Long("bytes", 'b', false), new Getopt.Long("kilo", KILO, false),
                new Getopt.Long("mega", MEGA, false), new Getopt.Long("giga", GIGA, false),
                new Getopt.Long("tera", TERA, false), new Getopt.Long("peta", PETA, false),
                new Getopt.Long("kibi", 'k', false), new Getopt.Long("mebi", 'm', false),
                new Getopt.Long("gibi", 'g', false), new Getopt.Long("tebi", TEBI, false),
                new Getopt.Long("pebi", PEBI, false), new Getopt.Long("human", 'h', false),
                new Getopt.Long("si", SI_OPT, false), new Getopt.Long("lohi", 'l', false),
                new Getopt.Long("total", 't', false), new Getopt.Long("committed", 'v', false),
                new Getopt.Long("seconds", 's', true), new Getopt.Long("count", 'c', true),
                new Getopt.Long("wide", 'w', false), new Getopt.Long("help", HELP_OPT, false),
                new Getopt.Long("version", 'V', false)),
                words, HELP.stripTrailing());
        int flags = 0;
        int exponent = 0;
        boolean unitSet = false, repeat = false;
        long intervalNs = 1_000_000_000L;
        long count = 0;
        for (Getopt.Option o : g.options) {
            char c = o.code();
            int unit = "bkmg".indexOf(c) + 1;
            if (unit == 0) {
                unit = c == TEBI ? 5 : c == PEBI ? 6 : c >= KILO && c <= PETA ? c : 0;
            }
            if (unit != 0) {
                if (unitSet) {
                    throw new ScenarioError("free: Multiple unit options don't make sense.");
                }
                unitSet = true;
                exponent = unit;
                flags |= c >= KILO && c <= PETA ? SI : 0;
                continue;
            }
            switch (c) {
                case 'h': flags |= HUMAN; break;
                case SI_OPT: flags |= SI; break;
                case 'l': flags |= LOHI; break;
                case 't': flags |= TOTAL; break;
                case 'v': flags |= COMMITTED; break;
                case 'w': flags |= WIDE; break;
                case 's':
                    repeat = true;
                    intervalNs = seconds(o.arg());
                    break;
                case 'c':
                    repeat = true;
                    count = count(o.arg());
                    break;
                case HELP_OPT: return new Options(0, 0, 1, 0, HELP);
                default: return new Options(0, 0, 1, 0, VERSION);
            }
        }
        if (!g.operands.isEmpty()) {
            throw new ScenarioError(HELP.strip());
        }
        if (repeat && count == 0) {
            throw new ScenarioError("free: -s without -c repeats forever, and a scenario must end: add -c N");
        }
        return new Options(flags, exponent, Math.max(1, count), intervalNs, null);
    }

    /** -s: strtod_nol_or_err, then free's float of microseconds, slept by usleep(). */
    private static long seconds(String arg) {
        double v;
        try {
            if (arg.isEmpty() || !arg.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                throw new NumberFormatException();
            }
            v = Double.parseDouble(arg);
        } catch (NumberFormatException e) {
            throw new ScenarioError("free: seconds argument failed: '" + arg + "': Invalid argument");
        }
        float us = (float) (1000000 * v);
        if (us < 1) {
            throw new ScenarioError("free: seconds argument `" + arg + "' is not positive number");
        }
        return (long) us * 1000L;
    }

    /** -c: strtol_or_err, at least 1. */
    private static long count(String arg) {
        long v;
        try {
            v = Long.parseLong(arg.startsWith("+") ? arg.substring(1) : arg);
        } catch (NumberFormatException e) {
            throw new ScenarioError("free: failed to parse count argument: '" + arg + "'");
        }
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new ScenarioError("free: failed to parse count argument: '" + arg + "': Numerical result out of "
                    + "range");
        }
        return v;
    }

    static String sample(ProcpsMeminfo m, int flags, int exponent) {
        StringBuilder sb = new StringBuilder((flags & WIDE) != 0 ? WIDE_HEADER : HEADER);
        row(sb, "Mem:", flags, exponent, m.total, m.used, m.free, m.shared);
        if ((flags & WIDE) != 0) {
            cells(sb, flags, exponent, m.buffers, m.cached);
        } else {
            cells(sb, flags, exponent, m.buffers + m.cached);
        }
        cells(sb, flags, exponent, m.available);
        sb.append('\n');
        if ((flags & LOHI) != 0) {
            row(sb, "Low:", flags, exponent, m.lowTotal, m.lowUsed, m.lowFree);
            sb.append('\n');
            row(sb, "High:", flags, exponent, m.highTotal, m.highUsed, m.highFree);
            sb.append('\n');
        }
        row(sb, "Swap:", flags, exponent, m.swapTotal, m.swapUsed, m.swapFree);
        sb.append('\n');
        if ((flags & TOTAL) != 0) {
            row(sb, "Total:", flags, exponent, m.total + m.swapTotal, m.used + m.swapUsed, m.free + m.swapFree);
            sb.append('\n');
        }
        if ((flags & COMMITTED) != 0) {
            row(sb, "Comm:", flags, exponent, m.commitLimit, m.committedAs, m.commitLimit - m.committedAs);
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A line's label padded to 9 columns, its first value in 11, the rest in 11 after a space. */
    private static void row(StringBuilder sb, String label, int flags, int exponent, long first, long... rest) {
        sb.append(label).append(" ".repeat(Math.max(0, 9 - label.length())));
        sb.append(String.format("%11s", scaleSize(first, flags, exponent)));
        cells(sb, flags, exponent, rest);
    }

    private static void cells(StringBuilder sb, int flags, int exponent, long... values) {
        for (long v : values) {
            sb.append(String.format(" %11s", scaleSize(v, flags, exponent)));
        }
    }

    /** free's scale_size(): a kB figure shown in the unit asked for, or human-readable. */
    static String scaleSize(long sizeKb, int flags, int exponent) {
        boolean si = (flags & SI) != 0;
        double base = si ? 1000.0 : 1024.0;
        long bytes = sizeKb * 1024L;
        if ((flags & HUMAN) == 0) {
            switch (exponent) {
                case 0: return Long.toString(bytes / (long) base);
                case 1: return Long.toString(bytes);
                default: return Long.toString((long) (bytes / power(base, exponent - 1)));
            }
        }
        String s = bytes + "B";
        if (s.length() <= 4) {
            return s;
        }
        String units = "KMGTP";
        for (int i = 1; i <= units.length(); i++) {
            char u = units.charAt(i - 1);
            double scaled = bytes / power(base, i);
            String suffix = si ? String.valueOf(u) : u + "i";
            int max = si ? 4 : 5;
            s = oneDecimal((float) scaled) + suffix;
            if (s.length() <= max) {
                return s;
            }
            s = (long) scaled + suffix;
            if (s.length() <= max) {
                return s;
            }
        }
        return s;
    }

    private static double power(double base, int exponent) {
        double p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= base;
        }
        return p;
    }

    /** printf("%.1f") of a float: glibc rounds the exact binary value, ties to even. */
    private static String oneDecimal(float v) {
        return new BigDecimal((double) v).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }
}
