/*
 * sysstat 12.6 `iostat -x` (one report, since boot): the heading line of the simulated machine,
 * avg-cpu from /proc/stat's cpu line, and the extended device table with one row per device of the
 * /proc/diskstats text ProcFs renders (none until block devices exist: then only the column
 * heading, as iostat prints on a machine without disks). Rates divide the counters by the uptime;
 * r_await, rareq-sz and the like divide by the I/O count; aqu-sz is the weighted queue time over
 * the uptime; %util the busy time over the uptime (not capped, as sysstat 12.6 does not). The
 * uptime is /proc/uptime's, in whole centiseconds. Values are right-aligned under their column
 * headings, each after at least one space. Left out: intervals and counts, -d/-c/-k/-m/-p/-y and every other report.
 */
package org.mmsim.shell;

import org.mmsim.sim.KernelError;

import java.util.List;
import java.util.Locale;

final class IostatCommand {
    static final String USAGE = "iostat -x";
    static final String DEVICE_HEADING = "Device            r/s     rkB/s   rrqm/s  %rrqm r_await rareq-sz     w/s     "
            + "wkB/s   wrqm/s  %wrqm w_await wareq-sz     d/s     dkB/s   drqm/s  %drqm d_await dareq-sz     f/s f_await"
            + "  aqu-sz  %util";
    private static final String USAGE_TEXT = "Usage: iostat [ options ] [ <interval> [ <count> ] ]";

    private IostatCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        List<String> words = Getopt.words("iostat", tokens);
        if (!words.equals(List.of("-x"))) {
            throw new ScenarioError(USAGE_TEXT + "\n(mmsim simulates iostat -x only)");
        }
        return IostatCommand::run;
    }

    private static void run(Session session) {
        long now = session.kernel.clock.nanos();
        StringBuilder sb = new StringBuilder();
        sb.append("Linux ").append(SarCommand.RELEASE).append(" (").append(SarCommand.HOSTNAME).append(") \t")
                .append(java.time.Instant.ofEpochSecond(now / 1_000_000_000L).atZone(java.time.ZoneOffset.UTC)
                        .format(java.time.format.DateTimeFormatter.ofPattern("MM/dd/yy", Locale.ROOT)))
                .append(" \t_x86_64_\t(").append(session.kernel.zones.nrCpus()).append(" CPU)\n\n");
        sb.append("avg-cpu:  %user   %nice %system %iowait  %steal   %idle\n");
        String[] f = session.procfs.read("/proc/stat").split("\n", 2)[0].trim().split("\\s+");
        double[] v = new double[10];
        double total = 0;
        for (int i = 0; i < 8; i++) {
            v[i] = Long.parseLong(f[i + 1]);
            total += v[i];
        }
        double s = total == 0 ? 0 : 100 / total;
        double idle = total == 0 ? 100 : v[3] * s;
        sb.append(String.format(Locale.ROOT, "%15.2f%8.2f%8.2f%8.2f%8.2f%8.2f\n\n", v[0] * s, v[1] * s,
                (v[2] + v[5] + v[6]) * s, v[4] * s, v[7] * s, idle));
        sb.append(DEVICE_HEADING).append('\n');
        // sysstat's interval is the uptime in centiseconds as /proc/uptime prints it (at least 1)
        double seconds = Math.max(1, now / 10_000_000L) / 100.0;
        for (String line : diskstats(session)) {
            String[] d = line.trim().split("\\s+");
            // a device that has done no I/O at all is left out, as iostat does without -p or a device list
            if (d.length > 18 && d[3].equals("0") && d[7].equals("0") && d[14].equals("0") && d[18].equals("0")) {
                continue;
            }
            sb.append(row(d, seconds)).append('\n');
        }
        sb.append("\n\n");
        session.print(sb.toString());
    }

    private static List<String> diskstats(Session session) {
        try {
            String text = session.procfs.read("/proc/diskstats");
            return text.isEmpty() ? List.of() : List.of(text.split("\n"));
        } catch (KernelError e) {
            return List.of();
        }
    }

    /** One device: Documentation/admin-guide/iostats.rst fields 4.. after major, minor and name. */
    static String row(String[] d, double seconds) {
        long[] x = new long[17];
        for (int i = 0; i < x.length && i + 3 < d.length; i++) {
            x[i] = Long.parseLong(d[i + 3]);
        }
        double[] values = new double[22];
        int c = 0;
        for (int op = 0; op < 3; op++) {
            int base = op == 0 ? 0 : op == 1 ? 4 : 11;
            long ios = x[base], merges = x[base + 1], sectors = x[base + 2], ticks = x[base + 3];
            values[c++] = ios / seconds;
            values[c++] = sectors / 2.0 / seconds;
            values[c++] = merges / seconds;
            values[c++] = merges + ios == 0 ? 0 : 100.0 * merges / (merges + ios);
            values[c++] = ios == 0 ? 0 : (double) ticks / ios;
            values[c++] = ios == 0 ? 0 : sectors / 2.0 / ios;
        }
        values[c++] = x[15] / seconds;
        values[c++] = x[15] == 0 ? 0 : (double) x[16] / x[15];
        values[c++] = x[10] / seconds / 1000;
        values[c] = x[9] / seconds / 10;
        StringBuilder sb = new StringBuilder(String.format("%-13s", d[2]));
        String[] heads = DEVICE_HEADING.substring(13).split("(?<=\\S)(?= )");
        for (int i = 0; i < heads.length; i++) {
            // " %*.2f": a wide value pushes the row right rather than touching its neighbour
            sb.append(String.format(Locale.ROOT, " %" + (heads[i].length() - 1) + ".2f", values[i]));
        }
        return sb.toString();
    }
}
