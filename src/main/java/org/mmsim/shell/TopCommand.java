/*
 * procps-ng 4.0.2 `top -b` (batch mode) over the simulated /proc: per frame the summary (uptime,
 * users, load average; tasks by state; %Cpu(s) from /proc/stat's ticks since the last sample; Mem and Swap in
 * MiB from /proc/meminfo with used = total - available) and the task list in top's default fields
 * (PID USER PR NI VIRT RES SHR S %CPU %MEM TIME+ COMMAND), sorted descending by -o FIELD (default
 * %CPU), frames -n N apart by -d SECS of simulated time. The clock in the first line is the simulated
 * wall clock (boot at /proc/stat's btime, UTC); no user is logged in. Left out: interactive mode
 * (refused: it needs a terminal), other fields and toprc, %CPU of a task over the last interval (the
 * simulated tasks use no CPU time, so it is 0.0), memory scaling beyond what the default fields fit.
 */
package org.mmsim.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

final class TopCommand {
    static final String USAGE = "top -b [-n N] [-d SECS] [-o FIELD] [-p PID,...]";
    private static final String HEADER = "USER      PR  NI    VIRT    RES    SHR S  %CPU  %MEM     TIME+ COMMAND";
    private static final Map<String, Comparator<ProcTable.Proc>> SORT = new LinkedHashMap<>();

    static {
        SORT.put("PID", Comparator.comparingInt(ProcTable.Proc::pid));
        SORT.put("USER", Comparator.comparing(p -> ProcTable.user(p.uid())));
        SORT.put("PR", Comparator.comparingInt(ProcTable.Proc::priority));
        SORT.put("NI", Comparator.comparingInt(ProcTable.Proc::nice));
        SORT.put("VIRT", Comparator.comparingLong(ProcTable.Proc::vmSizeKb));
        SORT.put("RES", Comparator.comparingLong(ProcTable.Proc::vmRssKb));
        SORT.put("SHR", Comparator.comparingLong(p -> p.rssFileKb() + p.rssShmemKb()));
        SORT.put("S", Comparator.comparing(ProcTable.Proc::state));
        SORT.put("%CPU", Comparator.comparingLong(p -> 0));
        SORT.put("%MEM", Comparator.comparingLong(ProcTable.Proc::vmRssKb));
        SORT.put("TIME+", Comparator.comparingLong(p -> p.utime() + p.stime()));
        SORT.put("COMMAND", Comparator.comparing(ProcTable.Proc::comm));
    }

    private TopCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("top", "bn:d:o:p:", List.of(), Getopt.words("top", tokens), "");
        boolean batch = false;
        long frames = Long.MAX_VALUE, delayNs = 3_000_000_000L;
        String sortField = "%CPU";
        List<Integer> pids = new ArrayList<>();
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'b': batch = true; break;
                case 'n':
                    if (!o.arg().matches("[0-9]{1,9}") || Long.parseLong(o.arg()) < 1) {
                        throw new ScenarioError("top: bad iterations argument '" + o.arg() + "'");
                    }
                    frames = Long.parseLong(o.arg());
                    break;
                case 'd':
                    if (!o.arg().matches("[0-9]{1,9}(\\.[0-9]*)?|\\.[0-9]+")) {
                        throw new ScenarioError("top: bad delay interval '" + o.arg() + "'");
                    }
                    delayNs = (long) (Double.parseDouble(o.arg()) * 1e9);
                    break;
                case 'o':
                    String f = o.arg().startsWith("+") || o.arg().startsWith("-") ? o.arg().substring(1) : o.arg();
                    if (!SORT.containsKey(f)) {
                        throw new ScenarioError("top: unrecognized field name '" + o.arg() + "'");
                    }
                    sortField = o.arg();
                    break;
                default:
                    for (String s : o.arg().split(",")) {
                        if (!s.matches("[0-9]{1,9}")) {
                            throw new ScenarioError("top: bad pid '" + s + "'");
                        }
                        pids.add(Integer.parseInt(s));
                    }
            }
        }
        if (!g.operands.isEmpty()) {
            throw new ScenarioError("top: unknown option '" + g.operands.get(0) + "'");
        }
        if (!batch) {
            throw new ScenarioError("top: interactive mode needs a terminal and is not simulated: use top -b -n N");
        }
        if (frames == Long.MAX_VALUE) {
            throw new ScenarioError("top: -b without -n repeats forever, and a scenario must end: add -n N");
        }
        long n = frames, delay = delayNs;
        boolean ascending = sortField.startsWith("-");
        Comparator<ProcTable.Proc> order = SORT.get(sortField.replaceFirst("^[+-]", ""));
        return session -> {
            long[] previous = cpuTicks(session.procfs.read("/proc/stat"));
            for (long i = 1; ; i++) {
                long[] now = cpuTicks(session.procfs.read("/proc/stat"));
                session.print(frame(session, order, ascending, pids, previous, now));
                previous = now;
                if (i >= n) {
                    return;
                }
                session.print("\n");
                session.kernel.events.runUntil(session.kernel.clock.nanos() + delay);
            }
        };
    }

    private static String frame(Session session, Comparator<ProcTable.Proc> order, boolean ascending,
                                List<Integer> pids, long[] previous, long[] now) {
        ProcTable t = new ProcTable(session.procfs);
        List<ProcTable.Proc> shown = new ArrayList<>();
        for (ProcTable.Proc p : t.procs) {
            if (pids.isEmpty() || pids.contains(p.pid())) {
                shown.add(p);
            }
        }
        StringBuilder sb = new StringBuilder();
        String[] load = session.procfs.read("/proc/loadavg").split(" ");
        sb.append("top - ").append(Instant.ofEpochSecond(t.now()).atZone(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT))).append(" up ")
                .append(uptime(t.uptimeSeconds)).append(String.format("%2d %s,  ", 0, "user"))
                .append("load average: ").append(load[0]).append(", ").append(load[1]).append(", ").append(load[2])
                .append('\n');
        int running = 0, sleeping = 0, stopped = 0, zombie = 0;
        for (ProcTable.Proc p : shown) {
            switch (p.state()) {
                case 'R': running++; break;
                case 'T': case 't': stopped++; break;
                case 'Z': zombie++; break;
                default: sleeping++;
            }
        }
        sb.append(String.format("Tasks: %3d total, %3d running, %3d sleeping, %3d stopped, %3d zombie\n",
                shown.size(), running, sleeping, stopped, zombie));
        sb.append(cpuLine(previous, now));
        String meminfo = session.procfs.read("/proc/meminfo");
        long total = ProcTable.meminfo(meminfo, "MemTotal:"), free = ProcTable.meminfo(meminfo, "MemFree:");
        long avail = ProcTable.meminfo(meminfo, "MemAvailable:");
        long cache = ProcTable.meminfo(meminfo, "Buffers:") + ProcTable.meminfo(meminfo, "Cached:")
                + ProcTable.meminfo(meminfo, "SReclaimable:");
        long swapTotal = ProcTable.meminfo(meminfo, "SwapTotal:"), swapFree = ProcTable.meminfo(meminfo, "SwapFree:");
        sb.append(String.format(Locale.ROOT, "MiB Mem : %8.1f total, %8.1f free, %8.1f used, %8.1f buff/cache     \n",
                mib(total), mib(free), mib(total - avail), mib(cache)));
        sb.append(String.format(Locale.ROOT, "MiB Swap: %8.1f total, %8.1f free, %8.1f used. %8.1f avail Mem \n",
                mib(swapTotal), mib(swapFree), mib(swapTotal - swapFree), mib(avail)));
        sb.append('\n');
        int pidWidth = Math.max(5, Integer.toString(t.pidMax).length());
        sb.append(String.format("%" + pidWidth + "s ", "PID")).append(HEADER).append('\n');
        shown.sort(ascending ? order : order.reversed());
        for (ProcTable.Proc p : shown) {
            long ticks = p.utime() + p.stime();
            sb.append(String.format(Locale.ROOT, "%" + pidWidth + "d %-8s %3d %3d %7s %6s %6s %c %5.1f %5.1f %9s %s\n",
                    p.pid(), ProcTable.user(p.uid()), p.priority(), p.nice(), mem(p.vmSizeKb(), 7),
                    mem(p.vmRssKb(), 6), mem(p.rssFileKb() + p.rssShmemKb(), 6), p.state(), 0.0,
                    (float) p.vmRssKb() * 100 / total,
                    String.format("%d:%02d.%02d", ticks / 6000, ticks / 100 % 60, ticks % 100), p.comm()));
        }
        return sb.toString();
    }

    private static double mib(long kb) {
        return kb / 1024.0;
    }

    /** procps_uptime_sprint(): [D day(s), ]HH:MM or M min, then the users field. */
    private static String uptime(long secs) {
        long days = secs / 86400, minutes = secs / 60 % 60, hours = secs / 3600 % 24;
        StringBuilder s = new StringBuilder();
        if (days > 0) {
            s.append(days).append(days > 1 ? " days, " : " day, ");
        }
        s.append(hours > 0 ? String.format("%2d:%02d, ", hours, minutes) : minutes + " min, ");
        return s.toString();
    }

    /** /proc/stat's cpu line: user nice system idle iowait irq softirq steal, in ticks. */
    private static long[] cpuTicks(String stat) {
        String[] f = stat.substring(0, stat.indexOf('\n')).trim().split("\\s+");
        long[] t = new long[8];
        for (int i = 0; i < t.length; i++) {
            t[i] = Long.parseLong(f[i + 1]);
        }
        return t;
    }

    /**
     * The summary's %Cpu(s) line: each state's share of the ticks since the previous sample (top
     * samples once before its first frame, at the same simulated instant, so the first frame shows
     * no ticks: all idle, as top shows when no time has passed).
     */
    private static String cpuLine(long[] previous, long[] now) {
        double[] d = new double[8];
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = now[i] - previous[i];
            sum += d[i];
        }
        double scale = sum == 0 ? 0 : 100.0 / sum;
        double idle = sum == 0 ? 100 : d[3] * scale;
        return String.format(Locale.ROOT, "%%Cpu(s): %5.1f us, %5.1f sy, %5.1f ni, %5.1f id, %5.1f wa, %5.1f hi, "
                + "%5.1f si \n", d[0] * scale, d[2] * scale, d[1] * scale, idle, d[4] * scale, d[5] * scale,
                d[6] * scale);
    }

    /** scale_mem(): KiB while the number fits the column, else the largest unit that fits. */
    private static String mem(long kb, int width) {
        String s = Long.toString(kb);
        if (s.length() <= width) {
            return s;
        }
        double num = kb;
        for (char unit : new char[] {'m', 'g', 't', 'p'}) {
            num /= 1024;
            for (String fmt : new String[] {"%.3f%c", "%.2f%c", "%.1f%c", "%.0f%c"}) {
                s = String.format(Locale.ROOT, fmt, num, unit);
                if (s.length() <= width) {
                    return s;
                }
            }
        }
        return s;
    }
}
