/*
 * procps-ng 4.0.2 `ps` over the simulated /proc (ps/display.c, output.c, sortformat.c): `ps aux`,
 * `ps -e`/`-A`, `ps -ef`, `ps -o`/`-eo FIELDS` (a field may rename its header: rss=RESIDENT),
 * `-p PIDS`, `-C NAMES`, `--sort [+|-]KEY,...`, `--no-headers`, and BSD letters a u x. Columns are
 * laid out by show_one_proc()'s rules (a value wider than its column pushes the next one right and the
 * following columns take the push back), the same as the real ps reading an export. Processes are
 * listed in pid order (as /proc's readdir gives them), then sorted stably by the --sort keys. Bad
 * options give ps's "error: ..." text and usage. Left out: threads (-L, H), forest views, the other
 * SysV/BSD options and format fields (they are refused naming what is simulated), terminal width
 * truncation (output is never cut, as when ps writes to a pipe).
 */
package org.mmsim.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.ToLongFunction;

final class PsCommand {
    static final String USAGE = "ps [aux | -e | -ef | -p PIDS | -C NAMES] [-o FIELD,...] [--sort [+|-]KEY,...] "
            + "[--no-headers]";
    static final String USAGE_TEXT = "\n"
            + "Usage:\n"
            + " ps [options]\n"
            + "\n"
            + " Try 'ps --help <simple|list|output|threads|misc|all>'\n"
            + "  or 'ps --help <s|l|o|t|m|a>'\n"
            + " for additional help text.\n"
            + "\n"
            + "For more details see ps(1).";
    private static final String AUX = "user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time,bsdtime,args";
    private static final String DEFAULT = "pid,tname,time,ucmd";
    private static final String FULL = "uid_hack,pid,ppid,c,stime,tname,time,cmd";
    private static final String SIMULATED = "a u x (BSD), -e -A -f -o -p -C (SysV), --sort --format --pid "
            + "--no-headers";

    enum Align { RIGHT, LEFT, USER, UNLIMITED }

    /** One format specifier of output.c's table: its header, width, alignment, value and sort key. */
    record Field(String name, String header, int width, Align align, BiFunction<ProcTable.Proc, ProcTable, String> value,
                 Comparator<ProcTable.Proc> order) {
    }

    static final Map<String, Field> FIELDS = new LinkedHashMap<>();

    private static void number(String name, String header, int width, ToLongFunction<ProcTable.Proc> v) {
        FIELDS.put(name, new Field(name, header, width, Align.RIGHT, (p, t) -> Long.toString(v.applyAsLong(p)),
                Comparator.comparingLong(v)));
    }

    private static void text(String name, String header, int width, Align align,
                             BiFunction<ProcTable.Proc, ProcTable, String> v) {
        FIELDS.put(name, new Field(name, header, width, align, v, null));
    }

    private static void alias(String name, String of, String header) {
        Field f = FIELDS.get(of);
        FIELDS.put(name, new Field(name, header, f.width(), f.align(), f.value(), f.order()));
    }

    static {
        number("pid", "PID", 5, ProcTable.Proc::pid);
        number("ppid", "PPID", 5, ProcTable.Proc::ppid);
        number("pgid", "PGID", 5, ProcTable.Proc::pgrp);
        number("sid", "SID", 5, ProcTable.Proc::session);
        number("rss", "RSS", 5, ProcTable.Proc::vmRssKb);
        number("vsz", "VSZ", 6, ProcTable.Proc::vmSizeKb);
        number("sz", "SZ", 5, p -> p.vmSizeKb() / 4);
        number("maj_flt", "MAJFL", 6, ProcTable.Proc::majflt);
        number("min_flt", "MINFL", 6, ProcTable.Proc::minflt);
        number("nlwp", "NLWP", 4, ProcTable.Proc::nlwp);
        number("ni", "NI", 3, ProcTable.Proc::nice);
        number("pri", "PRI", 3, p -> 39 - p.priority());
        number("uid", "UID", 5, ProcTable.Proc::uid);
        FIELDS.put("etimes", new Field("etimes", "ELAPSED", 7, Align.RIGHT,
                (p, t) -> Long.toString(p.elapsedSeconds(t.uptimeSeconds)), Comparator.comparingLong(p -> -p.startTicks())));
        FIELDS.put("pmem", new Field("pmem", "%MEM", 4, Align.RIGHT, (p, t) -> {
            long pmem = Math.min(999, p.vmRssKb() * 1000 / t.memTotalKb);
            return String.format("%2d.%d", pmem / 10, pmem % 10);
        }, Comparator.comparingLong(ProcTable.Proc::vmRssKb)));
        FIELDS.put("pcpu", new Field("pcpu", "%CPU", 4, Align.RIGHT, (p, t) -> {
            long secs = p.elapsedSeconds(t.uptimeSeconds);
            long pcpu = secs == 0 ? 0 : (p.utime() + p.stime()) * 1000 / ProcTable.HERTZ / secs;
            return pcpu > 999 ? Long.toString(pcpu / 10) : pcpu / 10 + "." + pcpu % 10;
        }, Comparator.comparingLong(p -> p.utime() + p.stime())));
        FIELDS.put("c", new Field("c", "C", 2, Align.RIGHT, (p, t) -> {
            long secs = p.elapsedSeconds(t.uptimeSeconds);
            long pcpu = secs == 0 ? 0 : (p.utime() + p.stime()) * 100 / ProcTable.HERTZ / secs;
            return Long.toString(Math.min(99, pcpu));
        }, Comparator.comparingLong(p -> p.utime() + p.stime())));
        FIELDS.put("stat", new Field("stat", "STAT", 4, Align.LEFT, (p, t) -> stat(p),
                Comparator.comparing(p -> p.state())));
        FIELDS.put("s", new Field("s", "S", 1, Align.LEFT, (p, t) -> String.valueOf(p.state()),
                Comparator.comparing(p -> p.state())));
        FIELDS.put("comm", new Field("comm", "COMMAND", 15, Align.UNLIMITED, (p, t) -> p.comm(),
                Comparator.comparing(ProcTable.Proc::comm)));
        FIELDS.put("args", new Field("args", "COMMAND", 27, Align.UNLIMITED, (p, t) -> p.args(),
                Comparator.comparing(ProcTable.Proc::args)));
        FIELDS.put("user", new Field("user", "USER", 8, Align.USER, (p, t) -> ProcTable.user(p.uid()),
                Comparator.comparing(p -> ProcTable.user(p.uid()))));
        FIELDS.put("tname", new Field("tname", "TTY", 8, Align.LEFT, (p, t) -> p.ttyNr() == 0 ? "?" : "tty",
                Comparator.comparingInt(ProcTable.Proc::ttyNr)));
        FIELDS.put("time", new Field("time", "TIME", 8, Align.RIGHT, (p, t) -> time(p),
                Comparator.comparingLong(p -> p.utime() + p.stime())));
        FIELDS.put("bsdtime", new Field("bsdtime", "TIME", 6, Align.RIGHT, (p, t) -> {
            long s = (p.utime() + p.stime()) / ProcTable.HERTZ;
            return String.format("%3d:%02d", s / 60, s % 60);
        }, Comparator.comparingLong(p -> p.utime() + p.stime())));
        FIELDS.put("etime", new Field("etime", "ELAPSED", 11, Align.RIGHT,
                (p, t) -> etime(p.elapsedSeconds(t.uptimeSeconds)), Comparator.comparingLong(p -> -p.startTicks())));
        FIELDS.put("start_time", new Field("start_time", "START", 5, Align.RIGHT, PsCommand::startTime,
                Comparator.comparingLong(ProcTable.Proc::startTicks)));
        FIELDS.put("start", new Field("start", "STARTED", 8, Align.RIGHT, PsCommand::started,
                Comparator.comparingLong(ProcTable.Proc::startTicks)));
        alias("%cpu", "pcpu", "%CPU");
        alias("%mem", "pmem", "%MEM");
        alias("cmd", "args", "CMD");
        alias("command", "args", "COMMAND");
        alias("ucmd", "comm", "CMD");
        alias("ucomm", "comm", "COMMAND");
        alias("majflt", "maj_flt", "MAJFLT");
        alias("minflt", "min_flt", "MINFLT");
        alias("rsz", "rss", "RSZ");
        alias("rssize", "rss", "RSS");
        alias("vsize", "vsz", "VSZ");
        alias("tgid", "pid", "TGID");
        alias("sess", "sid", "SESS");
        alias("session", "sid", "SESS");
        alias("pgrp", "pgid", "PGRP");
        alias("state", "s", "S");
        alias("uname", "user", "USER");
        alias("euser", "user", "EUSER");
        alias("uid_hack", "user", "UID");
        alias("euid", "uid", "EUID");
        alias("tty", "tname", "TT");
        alias("tt", "tname", "TT");
        alias("nice", "ni", "NI");
        alias("thcount", "nlwp", "THCNT");
        alias("stime", "start_time", "STIME");
        alias("cputime", "time", "TIME");
        alias("lwp", "pid", "LWP");
        alias("spid", "pid", "SPID");
        alias("tid", "pid", "TID");
    }

    /** The parsed command line: format, selection, sort keys, header. */
    /** Which processes: all, those with a terminal (BSD a), this user's (BSD x), or ps's default. */
    enum Select { ALL, WITH_TTY, OWN, DEFAULT }

    record Options(List<Column> format, Select select, List<Integer> pids, List<String> names, List<SortKey> sort,
                   boolean headers) {
    }

    record Column(Field field, String header) {
    }

    record SortKey(Field field, boolean descending) {
    }

    private PsCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Options o = options(Getopt.words("ps", tokens));
        return session -> session.print(render(new ProcTable(session.procfs), o));
    }

    static ScenarioError error(String message) {
        return new ScenarioError("error: " + message + "\n" + USAGE_TEXT);
    }

    static Options options(List<String> words) {
        String format = null;
        boolean bsdU = false, full = false, all = false, bsdA = false, bsdX = false, headers = true;
        List<Integer> pids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<SortKey> sort = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                int eq = w.indexOf('=');
                String name = eq < 0 ? w.substring(2) : w.substring(2, eq);
                String arg = eq < 0 ? (i + 1 < words.size() ? words.get(i + 1) : null) : w.substring(eq + 1);
                switch (name) {
                    case "sort":
                        if (arg == null) {
                            throw error("long sort specification must follow --sort");
                        }
                        sort.addAll(sortKeys(arg));
                        break;
                    case "format":
                        if (arg == null) {
                            throw error("format specification must follow --format");
                        }
                        format = format == null ? arg : format + "," + arg;
                        break;
                    case "pid":
                        if (arg == null) {
                            throw error("list of process IDs must follow --pid");
                        }
                        pids.addAll(pidList(arg));
                        break;
                    case "no-headers":
                    case "no-heading":
                        headers = false;
                        continue;
                    default:
                        throw error("unknown gnu long option");
                }
                if (eq < 0) {
                    i++;
                }
            } else if (w.startsWith("-")) {
                for (int j = 1; j < w.length(); j++) {
                    char c = w.charAt(j);
                    switch (c) {
                        case 'e':
                        case 'A':
                            all = true;
                            break;
                        case 'f':
                            full = true;
                            break;
                        case 'o':
                        case 'p':
                        case 'C': {
                            String arg = j + 1 < w.length() ? w.substring(j + 1) : i + 1 < words.size() ? words.get(++i)
                                    : null;
                            if (c == 'o') {
                                if (arg == null) {
                                    throw error("format specification must follow -o");
                                }
                                format = format == null ? arg : format + "," + arg;
                            } else if (c == 'p') {
                                if (arg == null) {
                                    throw error("list of process IDs must follow -p");
                                }
                                pids.addAll(pidList(arg));
                            } else {
                                if (arg == null) {
                                    throw error("list of command names must follow -C");
                                }
                                names.addAll(List.of(arg.split("[, ]")));
                            }
                            j = w.length();
                            break;
                        }
                        default:
                            if ("aFHjlLMmNOqstTuUwyZcdgGgnVx".indexOf(c) >= 0) {
                                throw new ScenarioError("ps: option -" + c + " is not simulated (simulated: " + SIMULATED
                                        + ")");
                            }
                            throw error("unsupported SysV option");
                    }
                }
            } else {
                for (int j = 0; j < w.length(); j++) {
                    char c = w.charAt(j);
                    switch (c) {
                        case 'a': bsdA = true; break;
                        case 'x': bsdX = true; break;
                        case 'u': bsdU = true; break;
                        case 'o': {
                            String arg = j + 1 < w.length() ? w.substring(j + 1) : i + 1 < words.size() ? words.get(++i)
                                    : null;
                            if (arg == null) {
                                throw error("format specification must follow o");
                            }
                            format = format == null ? arg : format + "," + arg;
                            j = w.length();
                            break;
                        }
                        default:
                            if ("cehjklLmnOpqrsStTUvwXZ".indexOf(c) >= 0) {
                                throw new ScenarioError("ps: option " + c + " is not simulated (simulated: " + SIMULATED
                                        + ")");
                            }
                            throw error("unsupported option (BSD syntax)");
                    }
                }
            }
        }
        Select select = all || bsdA && bsdX ? Select.ALL : bsdA ? Select.WITH_TTY : bsdX ? Select.OWN : Select.DEFAULT;
        String spec = format != null ? format : bsdU ? AUX : full ? FULL : DEFAULT;
        return new Options(format(spec), select, pids, names, sort, headers);
    }

    private static List<Integer> pidList(String arg) {
        List<Integer> out = new ArrayList<>();
        for (String s : arg.split("[, ]")) {
            if (!s.matches("[0-9]+") || s.length() > 9 || Integer.parseInt(s) < 1) {
                throw error("process ID list syntax error");
            }
            out.add(Integer.parseInt(s));
        }
        return out;
    }

    private static List<Column> format(String spec) {
        List<Column> out = new ArrayList<>();
        for (String item : spec.split("[, ]+")) {
            if (item.isEmpty()) {
                continue;
            }
            int eq = item.indexOf('=');
            String name = eq < 0 ? item : item.substring(0, eq);
            Field f = FIELDS.get(name);
            if (f == null) {
                throw error("unknown user-defined format specifier \"" + name + "\"");
            }
            out.add(new Column(f, eq < 0 ? f.header() : item.substring(eq + 1)));
        }
        return out;
    }

    private static List<SortKey> sortKeys(String spec) {
        List<SortKey> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            boolean desc = item.startsWith("-");
            String name = item.startsWith("-") || item.startsWith("+") ? item.substring(1) : item;
            Field f = FIELDS.get(name);
            if (f == null || f.order() == null) {
                throw error("unknown sort specifier");
            }
            out.add(new SortKey(f, desc));
        }
        return out;
    }

    static String render(ProcTable table, Options o) {
        List<ProcTable.Proc> shown = new ArrayList<>();
        ProcTable.Proc self = table.self();
        boolean listed = !o.pids().isEmpty() || !o.names().isEmpty();
        for (ProcTable.Proc p : table.procs) {
            boolean picked;
            switch (o.select()) {
                case ALL: picked = true; break;
                case WITH_TTY: picked = p.ttyNr() != 0; break;
                case OWN: picked = p.uid() == self.uid(); break;
                default: picked = !listed && p.uid() == self.uid() && p.ttyNr() == self.ttyNr();
            }
            if (picked || o.pids().contains(p.pid()) || o.names().contains(p.comm())) {
                shown.add(p);
            }
        }
        if (!o.sort().isEmpty()) {
            Comparator<ProcTable.Proc> c = null;
            for (SortKey k : o.sort()) {
                Comparator<ProcTable.Proc> one = k.descending() ? k.field().order().reversed() : k.field().order();
                c = c == null ? one : c.thenComparing(one);
            }
            shown.sort(c);
        }
        int pidWidth = Integer.toString(table.pidMax).length();
        StringBuilder sb = new StringBuilder();
        if (o.headers()) {
            row(sb, o.format(), null, table, pidWidth);
        }
        for (ProcTable.Proc p : shown) {
            row(sb, o.format(), p, table, pidWidth);
        }
        return sb.toString();
    }

    /** output.c show_one_proc(): one line (p == null: the header) with its column bookkeeping. */
    private static void row(StringBuilder sb, List<Column> cols, ProcTable.Proc p, ProcTable table, int pidWidth) {
        int correct = 0, actual = 0;
        boolean dospace = false;
        for (int i = 0; i < cols.size(); i++) {
            Column col = cols.get(i);
            Field f = col.field();
            int width = Math.max(col.header().length(), isPid(f) ? Math.max(f.width(), pidWidth) : f.width());
            String data = p == null ? col.header() : f.value().apply(p, table);
            int leftpad = f.align() == Align.RIGHT ? Math.max(0, width - data.length()) : 0;
            int space = correct - actual + leftpad;
            if (space < 1) {
                space = dospace ? 1 : 0;
            }
            space = Math.min(space, 144);
            sb.append(" ".repeat(space)).append(data);
            if (i == cols.size() - 1) {
                sb.append('\n');
                return;
            }
            actual += space + data.length();
            correct += width + 1;
            dospace = true;
        }
    }

    /** Fields output.c flags PIDMAX: as wide as kernel.pid_max's digits. */
    private static final java.util.Set<String> PID_FIELDS = java.util.Set.of("pid", "ppid", "pgid", "pgrp", "sid",
            "sess", "session", "tgid", "lwp", "spid", "tid");

    private static boolean isPid(Field f) {
        return PID_FIELDS.contains(f.name());
    }

    /** pr_stat(): the state letter and its BSD flags. */
    private static String stat(ProcTable.Proc p) {
        StringBuilder s = new StringBuilder().append(p.state());
        if (p.nice() < 0) {
            s.append('<');
        }
        if (p.nice() > 0) {
            s.append('N');
        }
        if (p.vmLckKb() != 0) {
            s.append('L');
        }
        if (p.session() == p.pid()) {
            s.append('s');
        }
        if (p.nlwp() > 1) {
            s.append('l');
        }
        if (p.pgrp() == p.tpgid()) {
            s.append('+');
        }
        return s.toString();
    }

    /** pr_time(): [dd-]hh:mm:ss of CPU time. */
    private static String time(ProcTable.Proc p) {
        long t = (p.utime() + p.stime()) / ProcTable.HERTZ;
        long ss = t % 60, mm = t / 60 % 60, hh = t / 3600 % 24, dd = t / 86400;
        return (dd > 0 ? dd + "-" : "") + String.format("%02d:%02d:%02d", hh, mm, ss);
    }

    /** pr_etime(): [[dd-]hh:]mm:ss since the start. */
    static String etime(long t) {
        long ss = t % 60, mm = t / 60 % 60, hh = t / 3600 % 24, dd = t / 86400;
        return (dd > 0 ? dd + "-" : "") + (dd > 0 || hh > 0 ? String.format("%02d:", hh) : "")
                + String.format("%02d:%02d", mm, ss);
    }

    private static ZonedDateTime wall(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC);
    }

    /** pr_stime(): HH:MM today, MmmDD this year, else the year, by the simulated wall clock (UTC). */
    private static String startTime(ProcTable.Proc p, ProcTable t) {
        ZonedDateTime now = wall(t.now()), start = wall(t.bootTime + p.startTicks() / ProcTable.HERTZ);
        String fmt = now.getYear() != start.getYear() ? "yyyy" : now.getDayOfYear() != start.getDayOfYear() ? "MMMdd"
                : "HH:mm";
        return start.format(DateTimeFormatter.ofPattern(fmt, Locale.ROOT));
    }

    /** pr_start(): HH:MM:SS within a day of now, else "Mmm dd". */
    private static String started(ProcTable.Proc p, ProcTable t) {
        long start = t.bootTime + p.startTicks() / ProcTable.HERTZ;
        String fmt = t.now() - start > 86400 ? "MMM dd" : "HH:mm:ss";
        return wall(start).format(DateTimeFormatter.ofPattern(fmt, Locale.ROOT));
    }
}
