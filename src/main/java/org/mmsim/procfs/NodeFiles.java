/*
 * The small files of /sys/devices/system/node (drivers/base/node.c: node_read_distance,
 * node_read_numastat, print_nodes_state for online, possible, has_memory, has_normal_memory,
 * has_cpu, has_generic_initiator, node_read_cpumap for cpumap and cpulist). Node masks print as
 * Linux's "%*pbl" range lists.
 * All nodes are possible and online (no hotplug); none is a generic initiator.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;

import java.util.function.Predicate;

final class NodeFiles {
    private NodeFiles() {
    }

    static String distance(Kernel k, int nid) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < k.zones.nrNodes(); i++) {
            sb.append(i == 0 ? "" : " ").append(k.zones.distance(nid, i));
        }
        return sb.append('\n').toString();
    }

    static String numastat(Node n) {
        long[] sum = new long[NumaStat.COUNT];
        for (Zone z : n.zones) {
            for (int i = 0; i < NumaStat.COUNT; i++) {
                sum[i] += z.numaStats[i];
            }
        }
        return "numa_hit " + sum[NumaStat.NUMA_HIT] + "\nnuma_miss " + sum[NumaStat.NUMA_MISS]
                + "\nnuma_foreign " + sum[NumaStat.NUMA_FOREIGN] + "\ninterleave_hit " + sum[NumaStat.NUMA_INTERLEAVE]
                + "\nlocal_node " + sum[NumaStat.NUMA_LOCAL] + "\nother_node " + sum[NumaStat.NUMA_OTHER] + "\n";
    }

    /** A node state mask (N_ONLINE, N_MEMORY, ...) as a range list. */
    static String nodeList(Kernel k, Predicate<Node> member) {
        Node[] nodes = k.zones.nodes();
        boolean[] bits = new boolean[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            bits[i] = member.test(nodes[i]);
        }
        return Bitmaps.rangeList(bits) + "\n";
    }

    /** nodeN/cpumap and nodeN/cpulist (node_read_cpumap): the node's CPUs among nr_cpu_ids bits. */
    static boolean[] cpus(Kernel k, Node n) {
        boolean[] bits = new boolean[k.zones.nrCpus()];
        for (int c : n.cpus) {
            bits[c] = true;
        }
        return bits;
    }

    /** N_NORMAL_MEMORY: the node has memory in a zone up to ZONE_NORMAL. */
    static boolean hasNormalMemory(Node n) {
        for (int t = 0; t <= ZoneType.NORMAL; t++) {
            if (n.zones[t].populated()) {
                return true;
            }
        }
        return false;
    }
}
