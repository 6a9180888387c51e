/*
 * sysstat 12.6 `sar -B` (paging) and `sar -r` (memory) INTERVAL COUNT over simulated time, reading
 * /proc/vmstat and /proc/meminfo as sadc does: the heading line (kernel release, host name, date,
 * machine, CPU count) of the simulated machine, a column heading stamped with the first sample's
 * time, one line per interval (paging rates per second from the counters' deltas; memory levels at
 * the sample), and the Average line; with -B and -r together, each interval's reports in turn under
 * their own headings, as sar prints several activities. Times and the date are the simulated wall
 * clock (boot at the epoch, UTC); the machine is idle while sar waits, so rates show only what
 * simulated kernel events (timers, reclaim) did meanwhile.
 * Left out: sa data files (sar without INTERVAL reads them; refused), the other reports.
 */
package org.mmsim.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

final class SarCommand {
    static final String USAGE = "sar -B|-r [-B|-r] INTERVAL [COUNT]";
    /** The simulated kernel's release and host name, as uname(2) would give them. */
    static final String RELEASE = "6.18.0-mmsim", HOSTNAME = "mmsim";
    /** usage(): what sar prints to stderr for a command line it cannot take. */
    private static final String TRY = "Usage: sar [ options ] [ <interval> [ <count> ] ]\n"
            + "Options are:\n"
            + "[ -A ] [ -B ] [ -b ] [ -C ] [ -D ] [ -d ] [ -F [ MOUNT ] ] [ -H ] [ -h ]\n"
            + "[ -p ] [ -r [ ALL ] ] [ -S ] [ -t ] [ -u [ ALL ] ] [ -V ]\n"
            + "[ -v ] [ -W ] [ -w ] [ -y ] [ -z ]\n"
            + "[ -I [ SUM | ALL ] ] [ -P { <cpu_list> | ALL } ]\n"
            + "[ -m { <keyword> [,...] | ALL } ] [ -n { <keyword> [,...] | ALL } ]\n"
            + "[ -q [ <keyword> [,...] | ALL ] ]\n"
            + "[ --dev=<dev_list> ] [ --fs=<fs_list> ] [ --iface=<iface_list> ] [ --int=<int_list> ]\n"
            + "[ --dec={ 0 | 1 | 2 } ] [ --help ] [ --human ] [ --pretty ] [ --sadc ]\n"
            + "[ -j { SID | ID | LABEL | PATH | UUID | ... } ]\n"
            + "[ -f [ <filename> ] | -o [ <filename> ] | -[0-9]+ ]\n"
            + "[ -i <interval> ] [ -s [ <hh:mm[:ss]> ] ] [ -e [ <hh:mm[:ss]> ] ]";
    private static final String PAGING = "  pgpgin/s pgpgout/s   fault/s  majflt/s  pgfree/s pgscank/s pgscand/s pgsteal/s"
            + "    %vmeff";
    private static final String MEMORY = "kbmemfree   kbavail kbmemused  %memused kbbuffers  kbcached  kbcommit"
            + "   %commit  kbactive   kbinact   kbdirty";

    private SarCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        boolean paging = false, memory = false;
        List<Long> numbers = new ArrayList<>();
        for (String w : Getopt.words("sar", tokens)) {
            if (w.equals("-B")) {
                paging = true;
            } else if (w.equals("-r")) {
                memory = true;
            } else if (w.matches("[0-9]{1,9}")) {
                numbers.add(Long.parseLong(w));
            } else {
                throw new ScenarioError(TRY);
            }
        }
        if (!paging && !memory || numbers.size() > 2) {
            throw new ScenarioError(TRY);
        }
        if (numbers.isEmpty()) {
            throw new ScenarioError("sar: without INTERVAL sar reads its data files, which a simulated machine does "
                    + "not keep: use sar -B|-r INTERVAL [COUNT]");
        }
        if (numbers.get(0) == 0) {
            throw new ScenarioError("sar: an interval of 0 reads the counters since boot, which is not simulated");
        }
        long interval = numbers.get(0), count = numbers.size() > 1 ? numbers.get(1) : 1;
        if (count == 0) {
            throw new ScenarioError(TRY);
        }
        boolean b = paging, r = memory;
        return session -> run(session, b, r, interval, count);
    }

    private static void run(Session session, boolean paging, boolean memory, long interval, long count) {
        long now = session.kernel.clock.nanos() / 1_000_000_000L;
        session.print("Linux " + RELEASE + " (" + HOSTNAME + ") \t" + date(now, "MM/dd/yy") + " \t_x86_64_\t("
                + session.kernel.zones.nrCpus() + " CPU)\n");
        boolean both = paging && memory;
        Map<String, Long> first = vmstat(session), prev = first;
        long start = now;
        double[] sum = null;
        if (!both) {
            session.print("\n" + stamp(now) + (paging ? PAGING : " " + MEMORY) + "\n");
        }
        for (long i = 0; i < count; i++) {
            session.kernel.events.runUntil(session.kernel.clock.nanos() + interval * 1_000_000_000L);
            long then = now;
            now = session.kernel.clock.nanos() / 1_000_000_000L;
            Map<String, Long> cur = vmstat(session);
            double[] m = memoryRow(session);
            sum = sum == null ? m.clone() : add(sum, m);
            StringBuilder sb = new StringBuilder();
            if (paging) {
                sb.append(both ? "\n" + stamp(then) + PAGING + "\n" : "").append(stamp(now))
                        .append(pagingRow(prev, cur, interval));
            }
            if (memory) {
                sb.append(both ? "\n" + stamp(then) + " " + MEMORY + "\n" : "").append(stamp(now)).append(memoryLine(m));
            }
            session.print(sb.toString());
            prev = cur;
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= count;
        }
        StringBuilder avg = new StringBuilder();
        if (paging) {
            avg.append(both ? "\nAverage:   " + PAGING + "\n" : "").append("Average:   ")
                    .append(pagingRow(first, prev, now - start));
        }
        if (memory) {
            avg.append(both ? "\nAverage:   " + " " + MEMORY + "\n" : "").append("Average:   ").append(memoryLine(sum));
        }
        session.print(avg.toString());
    }

    private static String stamp(long epochSeconds) {
        return String.format("%-11s", date(epochSeconds, "HH:mm:ss"));
    }

    private static double[] add(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            a[i] += b[i];
        }
        return a;
    }

    private static String date(long epochSeconds, String pattern) {
        return Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern(pattern, Locale.ROOT));
    }

    private static Map<String, Long> vmstat(Session session) {
        Map<String, Long> m = new LinkedHashMap<>();
        long scank = 0, scand = 0, steal = 0;
        for (String l : session.procfs.read("/proc/vmstat").split("\n")) {
            int sp = l.indexOf(' ');
            String name = l.substring(0, sp);
            long v = Long.parseLong(l.substring(sp + 1).trim());
            m.put(name, v);
            if (name.startsWith("pgsteal_")) {
                steal += v;
            } else if (name.startsWith("pgscan_kswapd")) {
                scank += v;
            } else if (name.startsWith("pgscan_direct")) {
                scand += v;
            }
        }
        m.put("scank", scank);
        m.put("scand", scand);
        m.put("steal", steal);
        return m;
    }

    /** pr_stats.c print_paging_stats: per-second rates of the counters' deltas, %vmeff = steal/scan. */
    private static String pagingRow(Map<String, Long> a, Map<String, Long> b, long seconds) {
        double s = Math.max(1, seconds);
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"pgpgin", "pgpgout", "pgfault", "pgmajfault", "pgfree", "scank", "scand",
            "steal"}) {
            sb.append(String.format(Locale.ROOT, " %9.2f", (b.getOrDefault(k, 0L) - a.getOrDefault(k, 0L)) / s));
        }
        long scanned = b.get("scank") - a.get("scank") + b.get("scand") - a.get("scand");
        double eff = scanned == 0 ? 0 : 100.0 * (b.get("steal") - a.get("steal")) / scanned;
        return sb.append(String.format(Locale.ROOT, " %9.2f\n", eff)).toString();
    }

    /** The memory figures of one sample, in KiB, as read_meminfo and print_ram_memory_stats derive them. */
    private static double[] memoryRow(Session session) {
        String mi = session.procfs.read("/proc/meminfo");
        double total = ProcTable.meminfo(mi, "MemTotal:"), free = ProcTable.meminfo(mi, "MemFree:");
        double buffers = ProcTable.meminfo(mi, "Buffers:"), cached = ProcTable.meminfo(mi, "Cached:");
        double slab = ProcTable.meminfo(mi, "SReclaimable:"), commit = ProcTable.meminfo(mi, "Committed_AS:");
        double unused = Math.min(total, free + buffers + cached + slab);
        return new double[] {free, ProcTable.meminfo(mi, "MemAvailable:"), total - unused, total, buffers, cached,
            commit, total + ProcTable.meminfo(mi, "SwapTotal:"), ProcTable.meminfo(mi, "Active:"),
            ProcTable.meminfo(mi, "Inactive:"), ProcTable.meminfo(mi, "Dirty:")};
    }

    private static String memoryLine(double[] m) {
        return String.format(Locale.ROOT, " %9.0f %9.0f %9.0f %9.2f %9.0f %9.0f %9.0f %9.2f %9.0f %9.0f %9.0f\n",
                m[0], m[1], m[2], m[3] == 0 ? 0 : 100 * m[2] / m[3], m[4], m[5], m[6], m[7] == 0 ? 0 : 100 * m[6] / m[7],
                m[8], m[9], m[10]);
    }
}
