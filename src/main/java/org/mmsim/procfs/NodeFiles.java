/*
 * The small files of /sys/devices/system/node (drivers/base/node.c: node_read_distance,
 * node_read_numastat, print_nodes_state for online, possible, has_memory, has_normal_memory,
 * has_cpu, has_generic_initiator). Node masks print as Linux's "%*pbl" range lists.
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
        StringBuilder sb = new StringBuilder();
        Node[] nodes = k.zones.nodes();
        int i = 0;
        while (i < nodes.length) {
            if (!member.test(nodes[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i + 1 < nodes.length && member.test(nodes[i + 1])) {
                i++;
            }
            sb.append(sb.length() == 0 ? "" : ",").append(start);
            if (i > start) {
                sb.append('-').append(i);
            }
            i++;
        }
        return sb.append('\n').toString();
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
