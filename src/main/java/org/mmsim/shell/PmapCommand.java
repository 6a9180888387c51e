/*
 * procps-ng 4.0.2 `pmap PID...`, `pmap -x` and `pmap -X`, reading only the simulated /proc as
 * pmap reads the real one: the "PID:   cmdline" line from /proc/PID/cmdline, start_stack from
 * /proc/PID/stat (for "[ stack ]"), then /proc/PID/maps (plain) or /proc/PID/smaps (-x: Kbytes,
 * RSS, Dirty and Mode; -X: every smaps field but the unimportant ones, columns as wide as their
 * widest value or total, in two passes). A pid with no /proc entry prints nothing. Left out: -XX,
 * -d, -q, -p, -k, -A, -c/-C/-n/-N (rc files), -f, SysV shm names, and the exit status 42 pmap
 * returns when a pid is missing (a scenario has no exit status).
 */
package org.mmsim.shell;

import org.mmsim.procfs.ProcFs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

final class PmapCommand {
    static final String USAGE = "pmap [-x|-X] PID...";
    /** usage(stderr): what pmap prints after a bad option, and alone when no pid is given. */
    static final String USAGE_TEXT = "\n" + "Usage:\n"
            + " pmap [options] PID [PID ...]\n"
            + "\n"
            + "Options:\n"
            + " -x, --extended              show details\n"
            + " -X                          show even more details\n"
            + "            WARNING: format changes according to /proc/PID/smaps\n"
            + " -XX                         show everything the kernel provides\n"
            + " -c, --read-rc               read the default rc\n"
            + " -C, --read-rc-from=<file>   read the rc from file\n"
            + " -n, --create-rc             create new default rc\n"
            + " -N, --create-rc-to=<file>   create new rc to file\n"
            + "            NOTE: pid arguments are not allowed with -n, -N\n"
            + " -d, --device                show the device format\n"
            + " -q, --quiet                 do not display header and footer\n"
            + " -p, --show-path             show path in the mapping\n"
            + " -A, --range=<low>[,<high>]  limit results to the given range\n"
            + "\n"
            + " -h, --help     display this help and exit\n"
            + " -V, --version  output version information and exit\n"
            + "\n"
            + "For more details see pmap(1).";
    /** is_unimportant(): the smaps fields -X leaves out. */
    private static final Set<String> UNIMPORTANT = Set.of("AnonHugePages", "KernelPageSize", "MMUPageSize",
            "Shared_Dirty", "Private_Dirty", "Shared_Clean", "Private_Clean", "VmFlags");

    private PmapCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("pmap", "xX", List.of(), Getopt.words("pmap", tokens), USAGE_TEXT);
        boolean x = false;
        boolean bigX = false;
        for (Getopt.Option o : g.options) {
            if (o.code() == 'x') {
                x = true;
            } else {
                bigX = true;
            }
        }
        if (x && bigX) {
            throw new ScenarioError("pmap: options -c, -C, -d, -n, -N, -x, -X are mutually exclusive");
        }
        if (tokens.isEmpty()) {
            throw new ScenarioError(USAGE_TEXT.strip());
        }
        if (g.operands.isEmpty()) {
            throw new ScenarioError("pmap: argument missing");
        }
        for (String pid : g.operands) {
            boolean number = !pid.isEmpty() && pid.chars().allMatch(Character::isDigit);
            if (!number && !context.tasks.live().contains(pid)) {
                throw new ScenarioError("pmap: invalid process id: " + pid);
            }
        }
        int mode = bigX ? 2 : x ? 1 : 0;
        List<String> pids = List.copyOf(g.operands);
        return session -> {
            for (String pid : pids) {
                Integer named = session.pidOf(pid);
                session.print(render(session.procfs, named == null ? pid : named.toString(), mode));
            }
        };
    }

    /** One process's output, empty when /proc/PID is gone; mode 0 plain, 1 -x, 2 -X. */
    static String render(ProcFs proc, String pid, int mode) {
        String dir = "/proc/" + Integer.parseInt(pid) + "/";
        if (!proc.exists(dir + "stat")) {
            return "";
        }
        String cmdline = proc.read(dir + "cmdline");
        String[] stat = proc.read(dir + "stat").split(" ");
        long startStack = Long.parseUnsignedLong(stat[27]);
        StringBuilder sb = new StringBuilder();
        sb.append(Integer.parseInt(pid)).append(":   ").append(cmdline.replace('\0', ' ').stripTrailing())
                .append('\n');
        if (mode == 2) {
            extended(sb, proc.read(dir + "smaps"));
        } else {
            maps(sb, proc.read(dir + (mode == 1 ? "smaps" : "maps")), startStack, mode == 1);
        }
        return sb.toString();
    }

    /** The header fields of a maps line: start, end, perms, offset, dev, inode, and the name (maybe ""). */
    private static String[] header(String line) {
        String[] f = line.split(" +", 6);
        String[] range = f[0].split("-");
        String name = f.length > 5 ? f[5].strip() : "";
        return new String[] {range[0], range[1], f[1], f[2], f[3], f[4], name};
    }

    private static boolean isHeader(String line) {
        return !line.isEmpty() && !(line.charAt(0) >= 'A' && line.charAt(0) <= 'Z');
    }

    /** mapping_name(): basename of a path, else "[ anon ]" or "[ stack ]" when start_stack is inside. */
    private static String mappingName(String name, long start, long len, long startStack) {
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            return slash + 1 < name.length() ? name.substring(slash + 1) : name.substring(slash);
        }
        return Long.compareUnsigned(startStack, start) >= 0 && Long.compareUnsigned(startStack, start + len) <= 0
                ? "  [ stack ]" : "  [ anon ]";
    }

    /** The plain listing and -x. */
    private static void maps(StringBuilder sb, String text, long startStack, boolean x) {
        if (x) {
            sb.append("Address           Kbytes     RSS   Dirty Mode  Mapping\n");
        }
        long total = 0;
        long totalRss = 0;
        long totalDirty = 0;
        long rss = 0;
        long dirty = 0;
        String pending = null;
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (!isHeader(line)) {
                int colon = line.indexOf(':');
                String key = colon < 0 ? "" : line.substring(0, colon);
                String[] v = line.substring(colon + 1).trim().split(" ");
                if (colon < 0 || v[0].isEmpty() || !Character.isDigit(v[0].charAt(0))) {
                    continue;
                }
                long value = Long.parseLong(v[0]);
                switch (key) {
                    case "Rss" -> {
                        rss = value;
                        totalRss += value;
                    }
                    case "Shared_Dirty", "Private_Dirty" -> {
                        dirty += value;
                        totalDirty += value;
                    }
                    case "Swap" -> {
                        if (pending != null) {
                            sb.append(String.format(pending, rss, dirty));
                        }
                        rss = 0;
                        dirty = 0;
                        pending = null;
                    }
                    default -> {
                    }
                }
                continue;
            }
            String[] h = header(line);
            long start = Long.parseUnsignedLong(h[0], 16);
            long len = Long.parseUnsignedLong(h[1], 16) - start;
            total += len;
            String mode = h[2].substring(0, 3) + (h[2].charAt(3) == 'p' ? '-' : h[2].charAt(3)) + "-";
            String name = mappingName(line, start, len, startStack);
            if (x) {
                pending = String.format("%016x %7d ", start, len >> 10) + "%7d %7d "
                        + String.format("%5s %s\n", mode, name).replace("%", "%%");
            } else {
                sb.append(String.format("%016x %6dK %s %s\n", start, len >> 10, mode, name));
            }
        }
        if (x) {
            sb.append("---------------- ------- ------- ------- \n");
            sb.append(String.format("%-16s %7d %7d %7d\n", "total kB", total >> 10, totalRss, totalDirty));
        } else {
            sb.append(String.format(" total %16dK\n", total >> 10));
        }
    }

    /** print_extended_maps() for -X: a measuring pass over every VMA, then the table and totals. */
    private static void extended(StringBuilder sb, String text) {
        List<String[]> vmas = new ArrayList<>();
        List<List<String>> values = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            if (isHeader(line)) {
                vmas.add(header(line));
                values.add(new ArrayList<>());
                continue;
            }
            int colon = line.indexOf(':');
            String key = line.substring(0, colon);
            String[] v = line.substring(colon + 1).trim().split(" ");
            if (key.equals("VmFlags") || UNIMPORTANT.contains(key) || v[0].isEmpty()
                    || !Character.isDigit(v[0].charAt(0))) {
                continue;
            }
            if (vmas.size() == 1) {
                keys.add(key);
            }
            values.get(values.size() - 1).add(v[0]);
        }
        if (vmas.isEmpty()) {
            return;
        }
        int w1 = "Address".length();
        int w2 = "Perm".length();
        int w3 = "Offset".length();
        int w4 = "Device".length();
        int w5 = "Inode".length();
        for (String[] h : vmas) {
            w1 = Math.max(w1, h[0].length());
            w2 = Math.max(w2, h[2].length());
            w3 = Math.max(w3, h[3].length());
            w4 = Math.max(w4, h[4].length());
            w5 = Math.max(w5, h[5].length());
        }
        int[] widths = new int[keys.size()];
        long[] totals = new long[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            for (List<String> v : values) {
                totals[i] += Long.parseLong(v.get(i));
            }
            widths[i] = Math.max(keys.get(i).length(), Long.toString(totals[i]).length());
        }
        sb.append(String.format("%" + w1 + "s %" + w2 + "s %" + w3 + "s %" + w4 + "s %" + w5 + "s ", "Address",
                "Perm", "Offset", "Device", "Inode"));
        for (int i = 0; i < keys.size(); i++) {
            sb.append(String.format("%" + widths[i] + "s ", keys.get(i)));
        }
        sb.append("Mapping\n");
        for (int n = 0; n < vmas.size(); n++) {
            String[] h = vmas.get(n);
            sb.append(String.format("%" + w1 + "s %" + w2 + "s %" + w3 + "s %" + w4 + "s %" + w5 + "s", h[0], h[2],
                    h[3], h[4], h[5]));
            for (int i = 0; i < keys.size(); i++) {
                sb.append(String.format(" %" + widths[i] + "s", values.get(n).get(i)));
            }
            int slash = h[6].lastIndexOf('/');
            sb.append(' ').append(slash < 0 ? h[6] : h[6].substring(slash + 1)).append('\n');
        }
        if (keys.isEmpty()) {
            return;
        }
        String gap = " ".repeat(w1 + w2 + w3 + w4 + w5 + 5);
        sb.append(gap);
        for (int w : widths) {
            sb.append("=".repeat(w)).append(' ');
        }
        sb.append('\n').append(gap);
        for (int i = 0; i < keys.size(); i++) {
            sb.append(String.format("%" + widths[i] + "d ", totals[i]));
        }
        sb.append("KB \n");
    }
}
