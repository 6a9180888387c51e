/*
 * build_all_zonelists() in node order (mm/page_alloc.c: find_next_best_node, build_zonelists,
 * build_zonerefs_node): each node's fallback list holds the nodes by distance, with Linux's
 * penalties and round-robin load spreading, each contributing its populated zones highest first.
 */
package org.mmsim.mm.zone;

import java.util.ArrayList;
import java.util.List;

public final class Zonelists {
    private static final int PENALTY_FOR_NODE_WITH_CPUS = 1;
    /** MAX_NUMNODES with Debian's CONFIG_NODES_SHIFT=10. */
    private static final int MAX_NUMNODES = 1 << 10;

    private Zonelists() {
    }

    /** Builds every node's zonelist and returns each node's node order, for the boot log. */
    public static int[][] build(Zones zones) {
        int n = zones.nrNodes();
        int[] nodeLoad = new int[n];
        int[][] orders = new int[n][];
        for (Node local : zones.nodes()) {
            boolean[] used = new boolean[n];
            List<Integer> order = new ArrayList<>();
            int prev = local.id;
            int next;
            while ((next = findNextBestNode(zones, local.id, used, nodeLoad)) >= 0) {
                if (zones.distance(local.id, next) != zones.distance(local.id, prev)) {
                    nodeLoad[next] += 1;
                }
                order.add(next);
                prev = next;
            }
            List<Zone> list = new ArrayList<>();
            for (int nid : order) {
                Node node = zones.node(nid);
                for (int t = ZoneType.MAX_NR_ZONES - 1; t >= 0; t--) {
                    if (node.zones[t].populated()) {
                        list.add(node.zones[t]);
                    }
                }
            }
            local.zonelist = list.toArray(new Zone[0]);
            orders[local.id] = order.stream().mapToInt(Integer::intValue).toArray();
        }
        return orders;
    }

    private static int findNextBestNode(Zones zones, int node, boolean[] used, int[] nodeLoad) {
        if (!used[node]) {
            used[node] = true;
            return node;
        }
        int best = -1;
        long minVal = Long.MAX_VALUE;
        for (Node candidate : zones.nodes()) {
            int c = candidate.id;
            if (used[c] || candidate.presentPages == 0) {
                continue;
            }
            long val = zones.distance(node, c);
            if (c < node) {
                val += 1;
            }
            if (candidate.cpus.length > 0) {
                val += PENALTY_FOR_NODE_WITH_CPUS;
            }
            val *= MAX_NUMNODES;
            val += nodeLoad[c];
            if (val < minVal) {
                minVal = val;
                best = c;
            }
        }
        if (best >= 0) {
            used[best] = true;
        }
        return best;
    }
}
