/*
 * util-linux 2.38 swapon, swapoff and mkswap over the simulated machine's swap areas (mm.swap):
 * `swapon --show[=COLUMNS]` (--noheadings, --bytes) and `swapon -s` print the active areas (nothing
 * when there are none, as Linux without swap); `swapon [-p PRIO] PATH` and `swapoff PATH` are the
 * system calls (swapoff's ENOMEM when the swapped-out pages do not fit back in memory), `swapoff -a`
 * turns every area off; `mkswap PATH SIZE` gives a device (a path under /dev, shown as a partition)
 * or a file of that size a swap signature, `mkswap /dev/zram0` takes zram's disksize. A refusal
 * prints util-linux's message on stderr and the run goes on; bad options give the tools' usage
 * errors. Left out: `swapon -a` (no /etc/fstab), swap files on the simulated file systems (a swap
 * area is its own store, see docs/deviations.md), mkswap's labels and UUIDs.
 */
package org.mmsim.shell;

import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.swap.SwapOff;
import org.mmsim.mm.swap.Zram;
import org.mmsim.procfs.SwapAreas;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class SwapCommands {
    static final String SWAPON_USAGE = "swapon [--show[=COLUMNS]] [--noheadings] [--bytes] [-s] [-a] [-p PRIO] "
            + "[FILE...]";
    static final String SWAPOFF_USAGE = "swapoff [-a] [FILE...]";
    static final String MKSWAP_USAGE = "mkswap PATH SIZE | mkswap /dev/zram0";
    private static final char SHOW = 1, NOHEADINGS = 2, BYTES = 3;
    private static final List<String> COLUMNS = List.of("NAME", "TYPE", "SIZE", "USED", "PRIO");

    private SwapCommands() {
    }

    private static String tryHelp(String tool) {
        return "Try '" + tool + " --help' for more information.";
    }

    static Step swapon(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("swapon", "ap:sv", List.of(new Getopt.Long("all", 'a', false),
                new Getopt.Long("priority", 'p', true), new Getopt.Long("summary", 's', false),
                new Getopt.Long("verbose", 'v', false), new Getopt.Long("show", SHOW, false),
                new Getopt.Long("noheadings", NOHEADINGS, false), new Getopt.Long("bytes", BYTES, false)),
                showWithColumns(Getopt.words("swapon", tokens)), tryHelp("swapon"));
        boolean summary = false, headings = true, bytes = false;
        int prio = SwapFile.NO_PRIORITY;
        List<String> columns = COLUMNS;
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'p':
                    if (!o.arg().matches("-?[0-9]{1,9}")) {
                        throw new ScenarioError("swapon: failed to parse priority: '" + o.arg() + "'");
                    }
                    // SWAP_FLAG_PRIO_MASK: the kernel takes priorities up to 32767; a negative one means none
                    prio = Math.min(Integer.parseInt(o.arg()), 32767);
                    if (prio < 0) {
                        prio = SwapFile.NO_PRIORITY;
                    }
                    break;
                case 's': summary = true; break;
                case NOHEADINGS: headings = false; break;
                case BYTES: bytes = true; break;
                case SHOW:
                    if (o.arg() != null) {
                        columns = new ArrayList<>();
                        for (String c : o.arg().split(",")) {
                            if (!COLUMNS.contains(c.toUpperCase(Locale.ROOT))) {
                                throw new ScenarioError("swapon: unknown column: " + c);
                            }
                            columns.add(c.toUpperCase(Locale.ROOT));
                        }
                    }
                    break;
                default: break;
            }
        }
        List<String> files = g.operands;
        boolean sum = summary, head = headings, inBytes = bytes;
        List<String> cols = columns;
        int priority = prio;
        return session -> {
            List<SwapAreas.Area> areas = session.procfs.swapAreas().areas();
            if (sum) {
                if (!areas.isEmpty()) {
                    session.print(session.procfs.read("/proc/swaps"));
                }
            } else if (files.isEmpty() && !areas.isEmpty()) {
                session.print(show(areas, cols, head, inBytes));
            }
            for (String f : files) {
                try {
                    session.kernel.user.swapCache.swapFile.swapon(f, priority);
                } catch (KernelError e) {
                    session.toolError(e.errno == Errno.ENOENT ? "swapon: cannot open " + f + ": " + e.errno.message()
                            : "swapon: " + f + ": swapon failed: " + e.errno.message());
                }
            }
        };
    }

    /** --show takes its column list only attached (--show=NAME,SIZE); Getopt wants it in a separate form. */
    private static List<String> showWithColumns(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add(w.startsWith("--show=") ? "--show" : w);
        }
        return out;
    }

    /** The --show table (libsmartcols): NAME and TYPE left-aligned, numbers right-aligned, one space apart. */
    static String show(List<SwapAreas.Area> areas, List<String> cols, boolean headings, boolean bytes) {
        List<String[]> rows = new ArrayList<>();
        if (headings) {
            rows.add(cols.toArray(new String[0]));
        }
        for (SwapAreas.Area a : areas) {
            String[] r = new String[cols.size()];
            for (int i = 0; i < r.length; i++) {
                switch (cols.get(i)) {
                    case "NAME": r[i] = a.filename(); break;
                    case "TYPE": r[i] = a.type(); break;
                    case "SIZE": r[i] = size(a.sizeKb() * 1024, bytes); break;
                    case "USED": r[i] = size(a.usedKb() * 1024, bytes); break;
                    default: r[i] = Integer.toString(a.priority());
                }
            }
            rows.add(r);
        }
        int[] width = new int[cols.size()];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                boolean left = cols.get(i).equals("NAME") || cols.get(i).equals("TYPE");
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(i == 0 ? "" : " ").append(left ? r[i] + pad : pad + r[i]);
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    /** size_to_human_string(): the largest binary unit with one decimal when it is not whole. */
    static String size(long bytes, boolean exact) {
        if (exact) {
            return Long.toString(bytes);
        }
        String units = "BKMGTPE";
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        double rounded = Math.round(v * 10) / 10.0;
        return (rounded == Math.floor(rounded) ? Long.toString((long) rounded)
                : String.format(Locale.ROOT, "%.1f", rounded)) + units.charAt(u);
    }

    static Step swapoff(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("swapoff", "av", List.of(new Getopt.Long("all", 'a', false),
                new Getopt.Long("verbose", 'v', false)), Getopt.words("swapoff", tokens), tryHelp("swapoff"));
        boolean all = g.options.stream().anyMatch(o -> o.code() == 'a');
        if (!all && g.operands.isEmpty()) {
            throw new ScenarioError("swapoff: bad usage\n" + tryHelp("swapoff"));
        }
        List<String> operands = g.operands;
        return session -> {
            List<String> files = operands;
            if (all) {
                files = new ArrayList<>();
                for (SwapAreas.Area a : session.procfs.swapAreas().areas()) {
                    files.add(a.filename());
                }
            }
            for (String f : files) {
                try {
                    SwapOff.swapoff(session.kernel.user.swapCache, session.kernel.user.rmap,
                            session.kernel.zones.memMap, f);
                } catch (KernelError e) {
                    session.toolError("swapoff: " + f + ": swapoff failed: " + e.errno.message());
                }
            }
        };
    }

    static Step mkswap(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("mkswap", "cfp:L:v:U:", List.of(), Getopt.words("mkswap", tokens), tryHelp("mkswap"));
        if (g.operands.isEmpty()) {
            throw new ScenarioError("mkswap: error: Nowhere to set up swap on?\n" + tryHelp("mkswap"));
        }
        String path = g.operands.get(0);
        if (g.operands.size() > 2) {
            throw new ScenarioError("mkswap: error: too many arguments\n" + tryHelp("mkswap"));
        }
        if (g.operands.size() == 1) {
            if (!path.equals(Zram.DEVICE)) {
                // no file system holds swap files: only a size given here makes an area
                return session -> session.toolError("mkswap: cannot open " + path + ": No such file or directory");
            }
            return session -> {
                try {
                    session.kernel.user.swapCache.swapFile.mkswap(path, session.kernel.user.swapCache.zram().disksize());
                } catch (KernelError e) {
                    session.toolError("mkswap: error: swap area needs to be at least 40 KiB");
                }
            };
        }
        long size = Sizes.parse(g.operands.get(1));
        if (size < SwapFile.MIN_SWAP_BYTES) {
            throw new ScenarioError("mkswap: error: swap area needs to be at least 40 KiB");
        }
        if (size > SwapFile.MAX_SWAP_BYTES) {
            throw new ScenarioError("mkswap: " + g.operands.get(1) + " is larger than a swap area can be here ("
                    + (SwapFile.MAX_SWAP_BYTES >> 30) + "G)");
        }
        return session -> {
            try {
                session.kernel.user.swapCache.swapFile.mkswap(path, size);
            } catch (KernelError e) {
                session.toolError("mkswap: " + path + ": " + e.errno.message());
            }
        };
    }
}
