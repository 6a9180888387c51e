/*
 * numactl 2.0.16 `numactl --hardware` (numactl.c hardware, print_node_cpus, print_distances, with
 * libnuma's node discovery, numa_node_size64 and distance.c): the nodes found as
 * /sys/devices/system/node/nodeN, each node's CPUs from nodeN/cpumap, its size and free memory from
 * MemTotal and MemFree in nodeN/meminfo (in MB, rounded down), and the SLIT table from
 * nodeN/distance. `numactl --show` prints the policy of the shell (init's: default) as show() does.
 * `numactl POLICY [--cpunodebind=N] spawn NAME [spawn's options]` runs a program as a new task under
 * the policy (--membind, --interleave, --preferred or --localalloc, as numactl's set_mempolicy
 * before its execvp); --cpunodebind=N runs it on node N (spawn's node=N: mmsim has no CPU affinity,
 * a task's node is where its page tables and default allocations go). numactl's other options are
 * recognised (a bad one gets numactl's usage text) but refused.
 */
package org.mmsim.shell;

import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.procfs.ProcFs;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

final class NumactlCommand {
    static final String USAGE = "numactl --hardware | --show | [--membind=NODES | --interleave=NODES "
            + "| --preferred=NODE | --localalloc] [--cpunodebind=NODE] spawn NAME [spawn's options]";
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
        int spawnAt = 0;
        while (spawnAt < tokens.size()
                && !(tokens.get(spawnAt).text().equals("spawn") && !tokens.get(spawnAt).quoted())) {
            spawnAt++;
        }
        GetOpt opts = new GetOpt("numactl", USAGE_TEXT, SHORT_OPTIONS, LONG_OPTIONS, tokens.subList(0, spawnAt));
        // --hardware and --show print and exit as soon as getopt reaches them: what follows does not matter
        for (GetOpt.Opt o : opts.options) {
            if (o.name() == 'H') {
                return session -> session.print(hardware(session.procfs));
            }
            if (o.name() == 's') {
                return session -> session.print(show(session.procfs));
            }
        }
        long online = onlineNodes(context);
        Mempolicy policy = null; // the last policy option wins, as numactl applies each in turn
        int cpuNode = -1;
        for (GetOpt.Opt o : opts.options) {
            switch (o.name()) {
                case 'm' -> policy = Mempolicy.create(Mempolicy.MPOL_BIND, nodes(o.arg(), online), online);
                case 'i' -> policy = Mempolicy.create(Mempolicy.MPOL_INTERLEAVE, nodes(o.arg(), online), online);
                case 'p' -> policy = Mempolicy.create(Mempolicy.MPOL_PREFERRED, node(o.arg(), online), online);
                case 'l' -> policy = Mempolicy.create(Mempolicy.MPOL_LOCAL, 0, online);
                case 'N' -> cpuNode = Long.numberOfTrailingZeros(nodes(o.arg(), online));
                default -> throw new ScenarioError("numactl: only --membind, --interleave, --preferred, --localalloc, "
                        + "--cpunodebind, --show and --hardware are modelled (usage: " + USAGE + ")");
            }
        }
        if (spawnAt + 1 >= tokens.size() || !opts.operands.isEmpty()) {
            // numactl runs the command after its options; mmsim's command is spawn NAME
            throw new ScenarioError(USAGE_TEXT);
        }
        return ProcessCommands.spawn(tokens.subList(spawnAt + 1, tokens.size()), context,
                policy == null ? Mempolicy.DEFAULT : policy, cpuNode);
    }

    /** Every node of the machine, one bit each. */
    static long onlineNodes(ParseContext context) {
        int n = context.machine().nodes();
        return n >= Mempolicy.MAX_NUMNODES ? -1L : (1L << n) - 1;
    }

    /** numa_parse_nodestring(): NODES as a mask of existing nodes; numactl's complaint for anything else. */
    private static long nodes(String arg, long online) {
        long mask;
        try {
            mask = Mempolicy.parseNodelist(arg, online);
        } catch (KernelError e) {
            mask = 0;
        }
        if (mask == 0 || (mask & ~online) != 0) {
            throw new ScenarioError("<" + arg + "> is invalid\n" + USAGE_TEXT);
        }
        return mask;
    }

    /** --preferred takes one node (numa_parse_nodestring, then the first of it). */
    private static long node(String arg, long online) {
        return Long.lowestOneBit(nodes(arg, online));
    }

    /**
     * show() for a task with the default policy: all CPUs, the nodes with CPUs as cpubind and
     * nodebind, every node as membind, no preferred node.
     */
    static String show(ProcFs procfs) {
        TreeSet<Integer> nodes = nodes(procfs);
        StringBuilder cpus = new StringBuilder();
        StringBuilder cpuNodes = new StringBuilder();
        StringBuilder memNodes = new StringBuilder();
        for (int n : nodes) {
            List<Integer> nodeCpus = cpus(procfs.read(NODE_DIR + "node" + n + "/cpumap"));
            if (!nodeCpus.isEmpty()) {
                cpuNodes.append(n).append(' ');
            }
            memNodes.append(n).append(' ');
        }
        TreeSet<Integer> allCpus = new TreeSet<>();
        for (int n : nodes) {
            allCpus.addAll(cpus(procfs.read(NODE_DIR + "node" + n + "/cpumap")));
        }
        for (int cpu : allCpus) {
            cpus.append(cpu).append(' ');
        }
        return "policy: default\npreferred node: current\nphyscpubind: " + cpus + "\ncpubind: " + cpuNodes
                + "\nnodebind: " + cpuNodes + "\nmembind: " + memNodes + "\npreferred: \n";
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
