/*
 * procps-ng 4.0.2 `vmstat`, reading the simulated /proc/stat, /proc/vmstat and /proc/meminfo as
 * vmstat reads the real ones: the first line shows averages since boot (per-second rates over the
 * summed ticks of all CPUs, as vmstat computes them), `vmstat DELAY COUNT` then samples every DELAY
 * seconds of simulated time (advanced through the event queue) and shows the change, with the
 * header repeated every 21 lines as vmstat does when its output is not a terminal; -a
 * (inactive/active), -w (wide), -n (one header), -y (skip the first line), -S k|K|m|M (and b|B)
 * with vmstat's float unit conversion, -s (the counter listing), -f (forks), -m (/proc/slabinfo's
 * caches sorted by name; its "Pages" column is objects per slab, as vmstat prints it), -t (the time
 * of each line on the simulated wall clock: /proc/stat's btime plus /proc/uptime, in UTC), -V and
 * --help. Options are checked before anything runs, with vmstat's messages and usage text. Left
 * out: -d, -D, -p (mmsim has no disks) and a DELAY without COUNT (it repeats forever: refused, a
 * scenario must end).
 */
package org.mmsim.shell;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

final class VmstatCommand {
    static final String USAGE = "vmstat [-a] [-w] [-n] [-y] [-t] [-S k|K|m|M] [DELAY COUNT] | vmstat -s | vmstat -m | "
            + "vmstat -f";
    static final String VERSION = "vmstat from procps-ng 4.0.2\n";
    static final String HELP = "\n"
            + "Usage:\n"
            + " vmstat [options] [delay [count]]\n"
            + "\n"
            + "Options:\n"
            + " -a, --active           active/inactive memory\n"
            + " -f, --forks            number of forks since boot\n"
            + " -m, --slabs            slabinfo\n"
            + " -n, --one-header       do not redisplay header\n"
            + " -s, --stats            event counter statistics\n"
            + " -d, --disk             disk statistics\n"
            + " -D, --disk-sum         summarize disk statistics\n"
            + " -p, --partition <dev>  partition specific statistics\n"
            + " -S, --unit <char>      define display unit\n"
            + " -w, --wide             wide output\n"
            + " -t, --timestamp        show timestamp\n"
            + " -y, --no-first         skips first line of output\n"
            + "\n"
            + " -h, --help     display this help and exit\n"
            + " -V, --version  output version information and exit\n"
            + "\n"
            + "For more details see vmstat(8).\n";
    private static final String HEADER =
            "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----\n";
    private static final String WIDE_HEADER = "--procs-- -----------------------memory---------------------- "
            + "---swap-- -----io---- -system-- ----------cpu----------\n";
    private static final String FORMAT = "%2s %2s %6s %6s %6s %6s %4s %4s %5s %5s %4s %4s %2s %2s %2s %2s %2s";
    private static final String WIDE_FORMAT =
            "%4s %4s %12s %12s %12s %12s %4s %4s %5s %5s %4s %4s %3s %3s %3s %3s %3s %3s";
    /** sysconf(_SC_CLK_TCK) and the page size in kB on x86-64. */
    private static final long HZ = 100, KB_PER_PAGE = 4;
    private static final String TIMESTAMP_HEADER = " -----timestamp-----";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** winhi() - 3 when stdout is not a terminal (24 rows assumed). */
    private static final int HEIGHT = 21;

    /** What a vmstat command line asks for. `fixed` is the text of --help or -V, printed alone. */
    record Options(char mode, boolean active, boolean wide, boolean oneHeader, boolean noFirst, boolean timestamp,
                   long unit, char unitLetter, long delay, long updates, String fixed) {
    }

    /** Where vmstat's input comes from and how it waits: the simulated /proc and clock, or test data. */
    interface Machine {
        String read(String path);

        void sleep(long seconds);
    }

    private VmstatCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Options o = options(Getopt.words("vmstat", tokens));
        return session -> run(o, new Machine() {
            @Override
            public String read(String path) {
                return session.procfs.read(path);
            }

            @Override
            public void sleep(long seconds) {
                session.kernel.events.runUntil(session.kernel.clock.nanos() + seconds * 1_000_000_000L);
            }
        }, session::print);
    }

    static Options options(List<String> words) {
        Getopt g = new Getopt("vmstat", "afmnsdDp:S:wthVy", List.of(
                new Getopt.Long("active", 'a', false), new Getopt.Long("forks", 'f', false),
                new Getopt.Long("slabs", 'm', false), new Getopt.Long("one-header", 'n', false),
                new Getopt.Long("stats", 's', false), new Getopt.Long("disk", 'd', false),
                new Getopt.Long("disk-sum", 'D', false), new Getopt.Long("partition", 'p', true),
                new Getopt.Long("unit", 'S', true), new Getopt.Long("wide", 'w', false),
                new Getopt.Long("timestamp", 't', false), new Getopt.Long("help", 'h', false),
                new Getopt.Long("version", 'V', false), new Getopt.Long("no-first", 'y', false)),
                words, HELP.stripTrailing());
        boolean active = false, wide = false, oneHeader = false, noFirst = false, sum = false, slabs = false;
        boolean timestamp = false;
        long unit = 1024;
        char letter = 'K';
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'V': return new Options('V', false, false, false, false, false, 0, 'K', 0, 0, VERSION);
                case 'h': return new Options('h', false, false, false, false, false, 0, 'K', 0, 0, HELP);
                case 'f': return new Options('f', false, false, false, false, false, 0, 'K', 0, 0, null);
                case 'a': active = true; break;
                case 'n': oneHeader = true; break;
                case 's': sum = true; break;
                case 'w': wide = true; break;
                case 'y': noFirst = true; break;
                case 't': timestamp = true; break;
                case 'S':
                    letter = o.arg().isEmpty() ? 0 : o.arg().charAt(0);
                    unit = letter == 'b' || letter == 'B' ? 1 : letter == 'k' ? 1000 : letter == 'K' ? 1024
                            : letter == 'm' ? 1000000 : letter == 'M' ? 1048576 : 0;
                    if (unit == 0) {
                        throw new ScenarioError("vmstat: -S requires k, K, m or M (default is KiB)");
                    }
                    break;
                case 'm': slabs = true; break;
                default:
                    throw new ScenarioError("vmstat: -" + o.code() + " (disk statistics) is not modelled: mmsim has "
                            + "no disks");
            }
        }
        List<String> operands = g.operands;
        long delay = 0, updates = 1;
        if (!operands.isEmpty()) {
            delay = number(operands.get(0));
            if (delay < 1) {
                throw new ScenarioError("vmstat: delay must be positive integer");
            }
            if (delay > 0xFFFFFFFFL) {
                throw new ScenarioError("vmstat: too large delay value");
            }
            if (operands.size() < 2) {
                throw new ScenarioError("vmstat: a DELAY without a COUNT repeats forever, and a scenario must end: "
                        + "add a COUNT");
            }
            updates = number(operands.get(1));
            if (updates < 0) {
                throw new ScenarioError("vmstat: a negative COUNT repeats (almost) forever, and a scenario must "
                        + "end");
            }
        }
        if (operands.size() > 2) {
            throw new ScenarioError(HELP.strip());
        }
        if (sum && slabs) {
            throw new ScenarioError(HELP.strip());
        }
        return new Options(sum ? 's' : slabs ? 'm' : 'v', active, wide, oneHeader, noFirst, timestamp, unit, letter,
                delay, updates, null);
    }

    private static long number(String arg) {
        try {
            return Long.parseLong(arg.startsWith("+") ? arg.substring(1) : arg);
        } catch (NumberFormatException e) {
            throw new ScenarioError("vmstat: failed to parse argument: '" + arg + "'");
        }
    }

    static void run(Options o, Machine m, Consumer<String> out) {
        if (o.fixed() != null) {
            out.accept(o.fixed());
        } else if (o.mode() == 'f') {
            out.accept(String.format("%13d forks\n", stat(m).get("processes")));
        } else if (o.mode() == 's') {
            out.accept(summary(o, m));
        } else if (o.mode() == 'm') {
            slabs(o, m, out);
        } else {
            samples(o, m, out);
        }
    }

    /** new_format(): the header, the line since boot, then one line per DELAY. */
    private static void samples(Options o, Machine m, Consumer<String> out) {
        out.accept(header(o));
        Map<String, Long> vm = vmstat(m);
        Map<String, Long> st = stat(m);
        long updates = o.updates();
        if (!o.noFirst()) {
            ProcpsMeminfo mem = new ProcpsMeminfo(m.read("/proc/meminfo"));
            long use = st.get("user") + st.get("nice");
            long sys = st.get("system") + st.get("irq") + st.get("softirq");
            long idl = st.get("idle");
            long iow = st.get("iowait");
            long sto = st.get("steal");
            long gue = st.get("guest") + st.get("guest_nice");
            long div = use + sys + idl + iow + sto;
            if (div == 0) {
                div = 1;
                idl = 1;
            }
            long half = div / 2;
            use = use >= gue ? use - gue : 0;
            long d = div;
            out.accept(line(o, st, mem, o.timestamp() ? wallClock(m, st) : 0,
                    u((unitConvert(vm.get("pswpin") * KB_PER_PAGE, o.unit()) * HZ + half) / d),
                    u((unitConvert(vm.get("pswpout") * KB_PER_PAGE, o.unit()) * HZ + half) / d),
                    u((vm.get("pgpgin") * HZ + half) / d), u((vm.get("pgpgout") * HZ + half) / d),
                    u((st.get("intr") * HZ + half) / d), u((st.get("ctxt") * HZ + half) / d),
                    u((100 * use + half) / d), u((100 * sys + half) / d), u((100 * idl + half) / d),
                    u((100 * iow + half) / d), u((100 * sto + half) / d), u((100 * gue + half) / d)));
        } else {
            updates++;
        }
        long sleep = o.delay(), sleepHalf = sleep / 2;
        for (long i = 1; i < updates; i++) {
            m.sleep(sleep);
            if (!o.oneHeader() && i % HEIGHT == 0) {
                out.accept(header(o));
            }
            Map<String, Long> st2 = stat(m);
            Map<String, Long> vm2 = vmstat(m);
            ProcpsMeminfo mem = new ProcpsMeminfo(m.read("/proc/meminfo"));
            long use = delta(st2, st, "user") + delta(st2, st, "nice");
            long sys = delta(st2, st, "system") + delta(st2, st, "irq") + delta(st2, st, "softirq");
            long idl = delta(st2, st, "idle");
            long iow = delta(st2, st, "iowait");
            long sto = delta(st2, st, "steal");
            long gue = st2.get("guest") + st2.get("guest_nice");
            long div = use + sys + idl + iow + sto;
            if (div == 0) {
                div = 1;
                idl = 1;
            }
            long half = div / 2;
            use = use >= gue ? use - gue : 0;
            out.accept(line(o, st2, mem, o.timestamp() ? wallClock(m, st2) : 0,
                    u((unitConvert(delta(vm2, vm, "pswpin") * KB_PER_PAGE, o.unit()) + sleepHalf) / sleep),
                    u((unitConvert(delta(vm2, vm, "pswpout") * KB_PER_PAGE, o.unit()) + sleepHalf) / sleep),
                    u((delta(vm2, vm, "pgpgin") + sleepHalf) / sleep),
                    u((delta(vm2, vm, "pgpgout") + sleepHalf) / sleep),
                    u((delta(st2, st, "intr") + sleepHalf) / sleep), u((delta(st2, st, "ctxt") + sleepHalf) / sleep),
                    u((100 * use + half) / div), u((100 * sys + half) / div), u((100 * idl + half) / div),
                    u((100 * iow + half) / div), u((100 * sto + half) / div), u((100 * gue + half) / div)));
            st = st2;
            vm = vm2;
        }
    }

    private static long delta(Map<String, Long> now, Map<String, Long> before, String key) {
        return now.get(key) - before.get(key);
    }

    /** C's (unsigned) cast of vmstat's rates. */
    private static long u(long v) {
        return v & 0xFFFFFFFFL;
    }

    private static String header(Options o) {
        String names = String.format(o.wide() ? WIDE_FORMAT : FORMAT, "r", "b", "swpd", "free",
                o.active() ? "inact" : "buff", o.active() ? "active" : "cache", "si", "so", "bi", "bo", "in", "cs",
                "us", "sy", "id", "wa", "st", "gu");
        if (!o.timestamp()) {
            return (o.wide() ? WIDE_HEADER : HEADER) + names + "\n";
        }
        String top = o.wide() ? WIDE_HEADER : HEADER;
        return top.substring(0, top.length() - 1) + TIMESTAMP_HEADER + "\n" + names
                + String.format(" %" + (TIMESTAMP_HEADER.length() - 1) + "s", "UTC") + "\n";
    }

    private static String line(Options o, Map<String, Long> st, ProcpsMeminfo mem, long wallClock, long... rates) {
        Object[] cells = new Object[18];
        cells[0] = st.get("procs_running");
        cells[1] = st.get("procs_blocked");
        cells[2] = unitConvert(mem.swapUsed, o.unit());
        cells[3] = unitConvert(mem.free, o.unit());
        cells[4] = unitConvert(o.active() ? mem.inactive : mem.buffers, o.unit());
        cells[5] = unitConvert(o.active() ? mem.active : mem.cached, o.unit());
        for (int i = 0; i < rates.length; i++) {
            cells[6 + i] = rates[i];
        }
        String text = String.format(o.wide() ? WIDE_FORMAT : FORMAT, cells);
        return (o.timestamp() ? text + " " + TIME.format(Instant.ofEpochSecond(wallClock)) : text) + "\n";
    }

    /** time(): the simulated wall clock, btime plus the whole seconds of /proc/uptime. */
    private static long wallClock(Machine m, Map<String, Long> stat) {
        String up = m.read("/proc/uptime");
        return stat.get("btime") + Long.parseLong(up.substring(0, up.indexOf('.')));
    }

    /** vmstat's unitConvert(): kB to the -S unit through a float, truncated. */
    static long unitConvert(long kb, long unit) {
        float v = (float) kb / (float) unit * 1024f;
        return (long) v;
    }

    /** slabformat(): every cache of /proc/slabinfo by name, once per DELAY. */
    private static void slabs(Options o, Machine m, Consumer<String> out) {
        String header = String.format("%-24s %6s %6s %6s %6s\n", "Cache", "Num", "Total", "Size", "Pages");
        if (o.oneHeader()) {
            out.accept(header);
        }
        for (long i = 0; i < o.updates(); i++) {
            List<String[]> caches = new ArrayList<>();
            String[] lines = m.read("/proc/slabinfo").split("\n");
            for (int l = 2; l < lines.length; l++) {
                caches.add(lines[l].trim().split(" +"));
            }
            caches.sort((a, b) -> Arrays.compareUnsigned(a[0].getBytes(StandardCharsets.UTF_8),
                    b[0].getBytes(StandardCharsets.UTF_8)));
            StringBuilder sb = new StringBuilder();
            for (int j = 0; j < caches.size(); j++) {
                String[] c = caches.get(j);
                if (!o.oneHeader() && j % HEIGHT == 0) {
                    sb.append(header);
                }
                String name = c[0].length() > 24 ? c[0].substring(0, 24) : c[0];
                sb.append(String.format("%-24s %6s %6s %6s %6s\n", name, c[1], c[2], c[3], c[4]));
            }
            out.accept(sb.toString());
            if (i + 1 < o.updates()) {
                m.sleep(o.delay());
            }
        }
    }

    /** sum_format(): the -s listing. */
    private static String summary(Options o, Machine m) {
        Map<String, Long> st = stat(m);
        Map<String, Long> vm = vmstat(m);
        ProcpsMeminfo mem = new ProcpsMeminfo(m.read("/proc/meminfo"));
        StringBuilder sb = new StringBuilder();
        String u = String.valueOf(o.unitLetter());
        long[] memory = {mem.total, mem.used, mem.active, mem.inactive, mem.free, mem.buffers, mem.cached,
                mem.swapTotal, mem.swapUsed, mem.swapFree};
        String[] memNames = {"total memory", "used memory", "active memory", "inactive memory", "free memory",
                "buffer memory", "swap cache", "total swap", "used swap", "free swap"};
        for (int i = 0; i < memory.length; i++) {
            sb.append(String.format("%13d %s %s\n", unitConvert(memory[i], o.unit()), u, memNames[i]));
        }
        String[][] ticks = {{"user", "non-nice user cpu ticks"}, {"nice", "nice user cpu ticks"},
                {"system", "system cpu ticks"}, {"idle", "idle cpu ticks"}, {"iowait", "IO-wait cpu ticks"},
                {"irq", "IRQ cpu ticks"}, {"softirq", "softirq cpu ticks"}, {"steal", "stolen cpu ticks"},
                {"guest", "non-nice guest cpu ticks"}, {"guest_nice", "nice guest cpu ticks"}};
        for (String[] t : ticks) {
            sb.append(String.format("%13d %s\n", st.get(t[0]), t[1]));
        }
        sb.append(String.format("%13d K paged in\n", vm.get("pgpgin")));
        sb.append(String.format("%13d K paged out\n", vm.get("pgpgout")));
        sb.append(String.format("%13d pages swapped in\n", vm.get("pswpin")));
        sb.append(String.format("%13d pages swapped out\n", vm.get("pswpout")));
        sb.append(String.format("%13d interrupts\n", st.get("intr")));
        sb.append(String.format("%13d CPU context switches\n", st.get("ctxt")));
        sb.append(String.format("%13d boot time\n", st.get("btime")));
        sb.append(String.format("%13d forks\n", st.get("processes")));
        return sb.toString();
    }

    /** /proc/vmstat's counters vmstat uses (0 when absent, as the library reports them). */
    private static Map<String, Long> vmstat(Machine m) {
        Map<String, Long> v = new HashMap<>(Map.of("pgpgin", 0L, "pgpgout", 0L, "pswpin", 0L, "pswpout", 0L));
        for (String line : m.read("/proc/vmstat").split("\n")) {
            int sp = line.indexOf(' ');
            if (sp > 0 && v.containsKey(line.substring(0, sp))) {
                v.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1).trim()));
            }
        }
        return v;
    }

    /** /proc/stat as procps' library/stat.c reads it: the summary cpu line and the system counters. */
    private static Map<String, Long> stat(Machine m) {
        String[] cpu = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"};
        Map<String, Long> s = new HashMap<>();
        for (String k : cpu) {
            s.put(k, 0L);
        }
        for (String k : List.of("intr", "ctxt", "btime", "processes", "procs_running", "procs_blocked")) {
            s.put(k, 0L);
        }
        for (String line : m.read("/proc/stat").split("\n")) {
            String[] w = line.trim().split(" +");
            if (w[0].equals("cpu")) {
                for (int i = 1; i < w.length && i <= cpu.length; i++) {
                    s.put(cpu[i - 1], Long.parseUnsignedLong(w[i]));
                }
            } else if (w.length >= 2 && s.containsKey(w[0]) && !List.of(cpu).contains(w[0])) {
                s.put(w[0], Long.parseUnsignedLong(w[1]));
            }
        }
        return s;
    }
}
