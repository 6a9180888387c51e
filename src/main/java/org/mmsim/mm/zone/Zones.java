/*
 * All of the machine's nodes and zones with pfn lookups: the simulator's stand-in for the global
 * NODE_DATA() array, for_each_zone(), page_zone() and the pageblock bitmap (pageblock_flags), which
 * here holds each pageblock's migratetype and zone in two byte arrays.
 */
package org.mmsim.mm.zone;

import org.mmsim.mm.page.MemMap;

import java.util.ArrayList;
import java.util.List;

public final class Zones {
    /** pageblock_order on x86-64 (HPAGE_PMD_ORDER): 2 MiB pageblocks. */
    public static final int PAGEBLOCK_ORDER = 9;
    public static final int PAGEBLOCK_NR_PAGES = 1 << PAGEBLOCK_ORDER;

    private final Node[] nodes;
    private final Zone[] allZones;
    private final int nrCpus;
    private final int[] cpuToNode;
    private final int[][] distance;
    public final MemMap memMap;
    /** Migratetype of each pageblock (get_pfnblock_migratetype). */
    public final byte[] pageblockMigratetype;
    /** Global zone id of each pageblock, -1 where no zone spans it; zones never share a pageblock. */
    private final byte[] pageblockZone;

    public Zones(Node[] nodes, int nrCpus, int[] cpuToNode, int[][] distance, MemMap memMap) {
        this.nodes = nodes;
        this.nrCpus = nrCpus;
        this.cpuToNode = cpuToNode;
        this.distance = distance;
        this.memMap = memMap;
        List<Zone> zs = new ArrayList<>();
        for (Node n : nodes) {
            for (Zone z : n.zones) {
                zs.add(z);
            }
        }
        this.allZones = zs.toArray(new Zone[0]);
        int blocks = (int) ((memMap.nrFrames + PAGEBLOCK_NR_PAGES - 1L) >> PAGEBLOCK_ORDER);
        pageblockMigratetype = new byte[blocks];
        pageblockZone = new byte[blocks];
        java.util.Arrays.fill(pageblockZone, (byte) -1);
    }

    /** Records which zone spans each pageblock; called once the zone ranges are final. */
    public void indexPageblocks() {
        for (Zone z : allZones) {
            if (z.spannedPages == 0) {
                continue;
            }
            long first = z.startPfn >> PAGEBLOCK_ORDER;
            long last = (z.endPfn() - 1) >> PAGEBLOCK_ORDER;
            for (long b = first; b <= last; b++) {
                pageblockZone[(int) b] = (byte) z.id;
            }
        }
    }

    public Node[] nodes() {
        return nodes;
    }

    public Node node(int nid) {
        return nodes[nid];
    }

    public int nrNodes() {
        return nodes.length;
    }

    /** Every zone of every node, populated or not, in node then zone order (for_each_zone). */
    public Zone[] allZones() {
        return allZones;
    }

    public int nrCpus() {
        return nrCpus;
    }

    public int cpuToNode(int cpu) {
        return cpuToNode[cpu];
    }

    public int distance(int from, int to) {
        return distance[from][to];
    }

    /** page_zone(): the zone a pfn belongs to, or null in a hole no zone spans. */
    public Zone zoneOf(int pfn) {
        int id = pageblockZone[pfn >>> PAGEBLOCK_ORDER];
        return id < 0 ? null : allZones[id];
    }

    public int zoneIdOf(int pfn) {
        return pageblockZone[pfn >>> PAGEBLOCK_ORDER];
    }

    public Zone zone(int id) {
        return allZones[id];
    }

    public int migratetypeOf(int pfn) {
        return pageblockMigratetype[pfn >>> PAGEBLOCK_ORDER];
    }

    public void setPageblockMigratetype(int pfn, int mt) {
        pageblockMigratetype[pfn >>> PAGEBLOCK_ORDER] = (byte) mt;
    }

    /** The zonelist of the first node with memory (what numa_node_id() gives at boot on CPU 0). */
    public Zone[] firstNodeZonelist() {
        return nodes[cpuToNode(0)].zonelist;
    }

    /** Managed pages of every zone. */
    public long totalramPages() {
        long n = 0;
        for (Zone z : allZones) {
            n += z.managedPages;
        }
        return n;
    }
}
