/*
 * numactl 2.0.16 `numactl --hardware` (numactl.c hardware, print_node_cpus, print_distances, with
 * libnuma's node discovery, numa_node_size64 and distance.c): the nodes found as
 * /sys/devices/system/node/nodeN, each node's CPUs from nodeN/cpumap, its size and free memory from
 * MemTotal and MemFree in nodeN/meminfo (in MB, rounded down), and the SLIT table from
 * nodeN/distance. numactl's other options are recognised (a bad one, or none, gets numactl's usage
 * text) but refused: mmsim has no memory policies (mm/mempolicy.c) to run a program under.
 */
package org.mmsim.shell;

import org.mmsim.procfs.ProcFs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

final class NumactlCommand {
    static final String USAGE = "numactl --hardware";
    /** usage(): what numactl prints to stderr with no arguments or after a bad option. */
    static final String USAGE_TEXT = "usage: numactl [--all | -a] [--balancing | -b] [--interleave= | -i <nodes>]\n"
            + "\t\t[--preferred= | -p <node>] [--preferred-many= | -P <nodes>]\n"
            + "               [--physcpubind= | -C <cpus>] [--cpunodebind= | -N <nodes>]\n"
            + "               [--membind= | -m <nodes>] [--localalloc | -l] command args ...\n"
            + "               [--localalloc | -l] command args ...\n"
            + "       numactl [--show | -s]\n"
            + "       numactl [--hardware | -H]\n"
            + "       numactl [--length | -L <length>] [--offset | -o <offset>] [--shmmode | -M <shmmode>]\n"
            + "               [--strict | -t]\n"
            + "               [--shmid | -I <id>] --shm | -S <shmkeyfile>\n"
            + "               [--shmid | -I <id>] --file | -f <tmpfsfile>\n"
            + "               [--huge | -u] [--touch | -T] \n"
            + "               memory policy [--dump | -d] [--dump-nodes | -D]\n"
            + "\n"
            + "memory policy is --interleave | -i, --preferred | -p, --membind | -m, --localalloc | -l\n"
            + "<nodes> is a comma delimited list of node numbers or A-B ranges or all.\n"
            + "Instead of a number a node can also be:\n"
            + "  netdev:DEV the node connected to network device DEV\n"
            + "  file:PATH  the node the block device of path is connected to\n"
            + "  ip:HOST    the node of the network device host routes through\n"
            + "  block:PATH the node of block device path\n"
            + "  pci:[seg:]bus:dev[:func] The node of a PCI device\n"
            + "<cpus> is a comma delimited list of cpu numbers or A-B ranges or all\n"
            + "all ranges can be inverted with !\n"
            + "all numbers and ranges can be made cpuset-relative with +\n"
            + "the old --cpubind argument is deprecated.\n"
            + "use --cpunodebind or --physcpubind instead\n"
            + "use --balancing | -b to enable Linux kernel NUMA balancing\n"
            + "for the process if it is supported by kernel\n"
            + "<length> can have g (GB), m (MB) or k (KB) suffixes";
    /** numactl.c opts[] as get_short_opts() turns them into getopt's string. */
    private static final String SHORT_OPTIONS = "ai:p:P:c:N:C:m:slbHS:f:o:L:tM:dDI:uTV";
    private static final Map<String, Character> LONG_OPTIONS = Map.ofEntries(Map.entry("all", 'a'),
            Map.entry("interleave", 'i'), Map.entry("preferred", 'p'), Map.entry("preferred-many", 'P'),
            Map.entry("cpubind", 'c'), Map.entry("cpunodebind", 'N'), Map.entry("physcpubind", 'C'),
            Map.entry("membind", 'm'), Map.entry("show", 's'), Map.entry("localalloc", 'l'),
            Map.entry("balancing", 'b'), Map.entry("hardware", 'H'), Map.entry("shm", 'S'), Map.entry("file", 'f'),
            Map.entry("offset", 'o'), Map.entry("length", 'L'), Map.entry("strict", 't'), Map.entry("shmmode", 'M'),
            Map.entry("dump", 'd'), Map.entry("dump-nodes", 'D'), Map.entry("shmid", 'I'), Map.entry("huge", 'u'),
            Map.entry("touch", 'T'), Map.entry("verify", 'V'));
    static final String NODE_DIR = "/sys/devices/system/node/";

    private NumactlCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        if (tokens.isEmpty()) {
            throw new ScenarioError(USAGE_TEXT);
        }
        GetOpt opts = new GetOpt("numactl", USAGE_TEXT, SHORT_OPTIONS, LONG_OPTIONS, tokens);
        // --hardware prints and exits as soon as getopt reaches it: operands and other options do not matter
        if (opts.options.stream().noneMatch(o -> o.name() == 'H')) {
            throw new ScenarioError("numactl: only --hardware is modelled (memory policies, and running a program "
                    + "under one, are not simulated) (usage: " + USAGE + ")");
        }
        return session -> session.print(hardware(session.procfs));
    }

    /** The N of every /sys/devices/system/node/nodeN directory, ascending. */
    static TreeSet<Integer> nodes(ProcFs procfs) {
        TreeSet<Integer> nodes = new TreeSet<>();
        for (String f : procfs.allFiles()) {
            if (f.startsWith(NODE_DIR + "node")) {
                String name = f.substring(NODE_DIR.length(), f.indexOf('/', NODE_DIR.length()));
                if (name.length() > 4 && name.substring(4).chars().allMatch(Character::isDigit)) {
                    nodes.add(Integer.parseInt(name.substring(4)));
                }
            }
        }
        return nodes;
    }

    static String hardware(ProcFs procfs) {
        TreeSet<Integer> nodes = nodes(procfs);
        StringBuilder sb = new StringBuilder();
        sb.append("available: ").append(nodes.size()).append(" nodes (").append(ranges(nodes)).append(")\n");
        for (int n : nodes) {
            sb.append("node ").append(n).append(" cpus:");
            for (int cpu : cpus(procfs.read(NODE_DIR + "node" + n + "/cpumap"))) {
                sb.append(' ').append(cpu);
            }
            sb.append('\n');
            long[] sizeFree = sizeAndFree(procfs.read(NODE_DIR + "node" + n + "/meminfo"));
            sb.append("node ").append(n).append(" size: ").append(mb(sizeFree[0])).append('\n');
            sb.append("node ").append(n).append(" free: ").append(mb(sizeFree[1])).append('\n');
        }
        sb.append("node distances:\nnode ");
        for (int n : nodes) {
            sb.append(String.format("% 3d ", n));
        }
        sb.append('\n');
        for (int n : nodes) {
            sb.append(String.format("% 3d: ", n));
            String[] d = procfs.read(NODE_DIR + "node" + n + "/distance").trim().split("\\s+");
            for (int column = 0; column < nodes.size(); column++) {
                sb.append(String.format("% 3d ", column < d.length ? Integer.parseInt(d[column]) : 0));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The node list as numactl prints it: runs of consecutive nodes as A-B, others comma-separated. */
    private static String ranges(TreeSet<Integer> nodes) {
        StringBuilder sb = new StringBuilder();
        Integer runStart = null;
        Integer prev = null;
        for (int n : nodes) {
            if (prev != null && n == prev + 1) {
                prev = n;
                continue;
            }
            if (prev != null && !prev.equals(runStart)) {
                sb.append('-').append(prev);
            }
            sb.append(sb.length() == 0 ? "" : ",").append(n);
            runStart = n;
            prev = n;
        }
        if (prev != null && !prev.equals(runStart)) {
            sb.append('-').append(prev);
        }
        return sb.toString();
    }

    /** The set bits of a "%*pb" hex mask ("ff,00000001"), lowest first. */
    static List<Integer> cpus(String cpumap) {
        String[] chunks = cpumap.trim().split(",");
        List<Integer> cpus = new ArrayList<>();
        for (int i = chunks.length - 1, base = 0; i >= 0; i--, base += 32) {
            long bits = Long.parseLong(chunks[i], 16);
            for (int b = 0; b < 32; b++) {
                if ((bits >> b & 1) != 0) {
                    cpus.add(base + b);
                }
            }
        }
        return cpus;
    }

    /** numa_node_size64: bytes of the MemTotal and MemFree lines (the number before "kB"). */
    private static long[] sizeAndFree(String meminfo) {
        long[] out = new long[2];
        for (String line : meminfo.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 2 || !f[f.length - 1].equals("kB")) {
                continue;
            }
            long bytes = Long.parseLong(f[f.length - 2]) << 10;
            if (line.contains("MemTotal")) {
                out[0] = bytes;
            }
            if (line.contains("MemFree")) {
                out[1] = bytes;
            }
        }
        return out;
    }

    private static String mb(long bytes) {
        return (bytes >> 20) + " MB";
    }
}
