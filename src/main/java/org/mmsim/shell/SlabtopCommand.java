/*
 * procps-ng 4.0.2 `slabtop -o [-s C]` (src/slabtop.c, library/slabinfo.c): reads /proc/slabinfo and
 * prints the one-shot report: the five summary lines (objects, slabs, caches, sizes, smallest /
 * average / largest object), the column heading, then one line per cache sorted by the criterion
 * (a active objects, b objects per slab, c cache size, l slabs, v active slabs, n name, o objects,
 * p pages per slab, s object size, u utilisation; anything else, and the default, is o), largest
 * first except names, ties kept in file order as glibc's merge-sorting qsort keeps them. Names sort
 * as in the C locale. Left out: the interactive full-screen mode (-d, no -o), which needs a terminal.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

final class SlabtopCommand {
    static final String USAGE = "slabtop -o [-s a|b|c|l|v|n|o|p|s|u]";
    /** What slabtop prints to stderr after a bad option, and alone for a stray operand. */
    static final String USAGE_TEXT = "\n"
            + "Usage:\n"
            + " slabtop [options]\n"
            + "\n"
            + "Options:\n"
            + " -d, --delay <secs>  delay updates\n"
            + " -o, --once          only display once, then exit\n"
            + " -s, --sort <char>   specify sort criteria by character (see below)\n"
            + "\n"
            + " -h, --help     display this help and exit\n"
            + " -V, --version  output version information and exit\n"
            + "\n"
            + "The following are valid sort criteria:\n"
            + " a: sort by number of active objects\n"
            + " b: sort by objects per slab\n"
            + " c: sort by cache size\n"
            + " l: sort by number of slabs\n"
            + " v: sort by (non display) number of active slabs\n"
            + " n: sort by name\n"
            + " o: sort by number of objects (the default)\n"
            + " p: sort by (non display) pages per slab\n"
            + " s: sort by object size\n"
            + " u: sort by cache utilization\n"
            + "\n"
            + "For more details see slabtop(1).";
    private static final String FILE = "/proc/slabinfo";
    private static final int PAGE_SIZE = 4096;

    /** One cache as libprocps reads it from a slabinfo line. */
    record Cache(String name, long activeObjs, long objs, long objSize, long objsPerSlab, long pagesPerSlab,
                 long activeSlabs, long slabs) {
        long cacheSize() {
            return slabs * pagesPerSlab * PAGE_SIZE;
        }

        /** Percent used, computed in single precision as libprocps does. */
        long use() {
            return objs == 0 ? 0 : (long) (100f * ((float) activeObjs / objs));
        }
    }

    private SlabtopCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        GetOpt opts = new GetOpt("slabtop", USAGE_TEXT, "d:s:ohV",
                Map.of("delay", 'd', "sort", 's', "once", 'o', "help", 'h', "version", 'V'), tokens);
        if (!opts.operands.isEmpty()) {
            throw new ScenarioError(USAGE_TEXT.strip());
        }
        boolean once = false;
        Comparator<Cache> order = byObjects();
        for (GetOpt.Opt o : opts.options) {
            switch (o.name()) {
                case 'o' -> once = true;
                case 's' -> order = sortOrder(o.arg().isEmpty() ? '\0' : o.arg().charAt(0));
                default -> throw new ScenarioError("slabtop: -" + o.name() + " is not modelled; only the one-shot "
                        + "report (usage: " + USAGE + ")");
            }
        }
        if (!once) {
            throw new ScenarioError("slabtop: the full-screen mode needs a terminal; use slabtop -o (usage: " + USAGE
                    + ")");
        }
        Comparator<Cache> sort = order;
        return session -> session.print(render(parseSlabinfo(session.procfs.read(FILE)), sort));
    }

    private static Comparator<Cache> byObjects() {
        return Comparator.comparingLong(Cache::objs).reversed();
    }

    private static Comparator<Cache> sortOrder(char key) {
        return switch (Character.toLowerCase(key)) {
            case 'n' -> Comparator.comparing(Cache::name);
            case 'a' -> Comparator.comparingLong(Cache::activeObjs).reversed();
            case 's' -> Comparator.comparingLong(Cache::objSize).reversed();
            case 'b' -> Comparator.comparingLong(Cache::objsPerSlab).reversed();
            case 'p' -> Comparator.comparingLong(Cache::pagesPerSlab).reversed();
            case 'l' -> Comparator.comparingLong(Cache::slabs).reversed();
            case 'v' -> Comparator.comparingLong(Cache::activeSlabs).reversed();
            case 'c' -> Comparator.comparingLong(Cache::cacheSize).reversed();
            case 'u' -> Comparator.comparingLong(Cache::use).reversed();
            default -> byObjects();
        };
    }

    /** slabinfo 2.x: skip the version and '#' lines; name, then the numbers libprocps keeps. */
    static List<Cache> parseSlabinfo(String text) {
        List<Cache> caches = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].startsWith("#")) {
                continue;
            }
            String[] f = lines[i].trim().split("\\s+");
            caches.add(new Cache(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[13]), Long.parseLong(f[14])));
        }
        return caches;
    }

    static String render(List<Cache> caches, Comparator<Cache> order) {
        long objs = 0, active = 0, slabs = 0, activeSlabs = 0, activeCaches = 0, totalSize = 0, activeSize = 0;
        long min = Integer.MAX_VALUE, max = 0;
        for (Cache c : caches) {
            min = Math.min(min, c.objSize());
            max = Math.max(max, c.objSize());
            if (c.objs() != 0) {
                activeCaches++;
            }
            objs += c.objs();
            active += c.activeObjs();
            totalSize += c.objs() * c.objSize();
            activeSize += c.activeObjs() * c.objSize();
            slabs += c.slabs();
            activeSlabs += c.activeSlabs();
        }
        long avg = objs == 0 ? 0 : totalSize / objs;
        StringBuilder sb = new StringBuilder();
        summary(sb, "Active / Total Objects (% used)", active, objs);
        summary(sb, "Active / Total Slabs (% used)", activeSlabs, slabs);
        summary(sb, "Active / Total Caches (% used)", activeCaches, caches.size());
        sb.append(String.format(" %-35s: %sK / %sK (%s%%)\n", "Active / Total Size (% used)",
                CFormat.fixed(activeSize / 1024.0, 2), CFormat.fixed(totalSize / 1024.0, 2),
                CFormat.fixed(100.0 * activeSize / totalSize, 1)));
        sb.append(String.format(" %-35s: %sK / %sK / %sK\n\n", "Minimum / Average / Maximum Object",
                CFormat.fixed(min / 1024.0, 2), CFormat.fixed(avg / 1024.0, 2), CFormat.fixed(max / 1024.0, 2)));
        sb.append(String.format("%-78s\n", "  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME"));
        List<Cache> sorted = new ArrayList<>(caches);
        sorted.sort(order);
        for (Cache c : sorted) {
            sb.append(String.format("%6d %6d %3d%% %7sK %6d %8d %9dK %-23s\n", c.objs(), c.activeObjs(), c.use(),
                    CFormat.fixed(c.objSize() / 1024.0, 2), c.slabs(), c.objsPerSlab(), c.cacheSize() / 1024,
                    c.name()));
        }
        return sb.toString();
    }

    private static void summary(StringBuilder sb, String label, long part, long whole) {
        sb.append(String.format(" %-35s: %d / %d (%s%%)\n", label, part, whole,
                CFormat.fixed(100.0 * part / whole, 1)));
    }
}
