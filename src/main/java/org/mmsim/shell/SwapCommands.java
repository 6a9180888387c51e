/*
 * util-linux 2.38 swapon, swapoff and mkswap over the simulated machine's swap areas (ProcFs's
 * SwapAreas seam, which /proc/swaps renders): `swapon --show[=COLUMNS]` (--noheadings, --bytes) and
 * `swapon -s` print the active areas (nothing when there are none, as Linux without swap);
 * `swapon [-p PRIO] FILE`, `swapoff FILE` and `mkswap FILE` report, with util-linux's messages, that
 * the file does not exist: the simulated machine has no file systems holding swap files or block
 * devices yet (the swap layer adds them); `swapon -a` and `swapoff -a` have no /etc/fstab and no
 * active area to act on. Bad options give the tools' usage errors.
 */
package org.mmsim.shell;

import org.mmsim.procfs.SwapAreas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

final class SwapCommands {
    static final String SWAPON_USAGE = "swapon [--show[=COLUMNS]] [--noheadings] [--bytes] [-s] [-a] [-p PRIO] "
            + "[FILE...]";
    static final String SWAPOFF_USAGE = "swapoff [-a] [FILE...]";
    static final String MKSWAP_USAGE = "mkswap FILE";
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
        List<String> columns = COLUMNS;
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'p':
                    if (!o.arg().matches("-?[0-9]{1,9}")) {
                        throw new ScenarioError("swapon: failed to parse priority: '" + o.arg() + "'");
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
                session.toolError("swapon: cannot open " + f + ": No such file or directory");
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
        List<String> files = g.operands;
        return session -> {
            for (String f : files) {
                session.toolError("swapoff: " + f + ": swapoff failed: No such file or directory");
            }
        };
    }

    static Step mkswap(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("mkswap", "cfp:L:v:U:", List.of(), Getopt.words("mkswap", tokens), tryHelp("mkswap"));
        if (g.operands.isEmpty()) {
            throw new ScenarioError("mkswap: error: Nowhere to set up swap on?\n" + tryHelp("mkswap"));
        }
        String file = g.operands.get(0);
        return session -> session.toolError("mkswap: cannot open " + file + ": No such file or directory");
    }
}
