/*
 * pg_data_t (struct pglist_data, include/linux/mmzone.h): one NUMA node's zones, its node-level
 * counters and its fallback zonelist. Zones are indexed by ZoneType.
 * Left out: the NOFALLBACK (__GFP_THISNODE) zonelist is derived by filtering the fallback one.
 */
package org.mmsim.mm.zone;

import org.mmsim.mm.vmstat.NodeStat;

public final class Node {
    public final int id;
    public final Zone[] zones = new Zone[ZoneType.MAX_NR_ZONES];
    public long startPfn;
    public long spannedPages;
    public long presentPages;
    public final long[] stats = new long[NodeStat.COUNT];
    /** Zones to try in order for an allocation that prefers this node (ZONELIST_FALLBACK). */
    public Zone[] zonelist = new Zone[0];
    public long totalreservePages;
    /** CPUs whose local memory is this node. */
    public int[] cpus = new int[0];

    public Node(int id) {
        this.id = id;
        for (int t = 0; t < ZoneType.MAX_NR_ZONES; t++) {
            zones[t] = new Zone(this, t);
        }
    }

    public long managedPages() {
        long n = 0;
        for (Zone z : zones) {
            n += z.managedPages;
        }
        return n;
    }
}
