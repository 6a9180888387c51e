/*
 * Workingset detection (mm/workingset.c): each node's lruvec keeps a nonresident age
 * (workingset_age_nonresident) that advances by one for every page evicted and every page
 * activated. Reclaim leaves a shadow entry in the evicted page's cache slot (workingset_eviction:
 * the node, the age at eviction and PG_workingset); when the page is read back into that slot,
 * workingset_refault() takes the refault distance (age now - age at eviction) and, if the page
 * would have stayed resident with that much more memory (workingset_test_recent: at most the
 * active file list, plus the inactive file list for anon refaults, plus the anon lists when swap
 * is free), activates it at once, marks it PG_workingset and, if it was part of the workingset
 * when evicted, counts a restore and charges the refault to the list's cost (lru_note_cost_refault).
 * Counters: workingset_refault_anon/file, workingset_activate_anon/file, workingset_restore_anon/file.
 * Reclaim snapshots the activation counters when it finishes (snapshot_refaults); activations since
 * then let the next run deactivate that list even when its inactive list is not low.
 * Left out: memory cgroups (the memcg id of the shadow, the root lruvec is the node's), MGLRU's
 * shadow format, the bucket_order that drops low age bits (a shadow is a 64-bit long here, every
 * bit of the age fits), and the shadow-node shrinker: shadow slots are primitive arrays, not xarray
 * nodes, so workingset_nodes and workingset_nodereclaim stay 0 and shadows are only removed when
 * their slot is reused, truncated or freed.
 */
package org.mmsim.mm.vmscan;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Zones;

public final class Workingset {
    /** Shadow layout, low bits first: value marker (xa_mk_value), PG_workingset, node id, eviction age. */
    private static final int WORKINGSET_SHIFT = 1, NODES_SHIFT = 10, NODE_SHIFT = 2,
            AGE_SHIFT = NODE_SHIFT + NODES_SHIFT;

    private final Zones zones;
    private final MemMap m;
    private final Lru lru;
    private final SwapFile swap;
    /** lruvec->nonresident_age per node. */
    private final long[] nonresidentAge;
    /** lruvec->refaults[]: workingset_activate_anon and _file per node when reclaim last finished. */
    private final long[] refaultsSnapshot;

    public Workingset(Zones zones, Lru lru, SwapFile swap) {
        if (zones.nrNodes() > 1 << NODES_SHIFT) {
            throw new IllegalArgumentException("too many nodes for a shadow entry: " + zones.nrNodes());
        }
        this.zones = zones;
        this.m = zones.memMap;
        this.lru = lru;
        this.swap = swap;
        this.nonresidentAge = new long[zones.nrNodes()];
        this.refaultsSnapshot = new long[2 * zones.nrNodes()];
    }

    /** snapshot_refaults(): at the end of a reclaim run, the node's activating refaults so far. */
    void snapshotRefaults(int nid) {
        long[] s = zones.node(nid).stats;
        refaultsSnapshot[2 * nid] = s[NodeStat.WORKINGSET_ACTIVATE_ANON];
        refaultsSnapshot[2 * nid + 1] = s[NodeStat.WORKINGSET_ACTIVATE_FILE];
    }

    /**
     * prepare_scan_control()'s test: refaults activated pages of the list type since the last
     * snapshot, so a new workingset is forming and stale active pages should be deactivated.
     */
    boolean refaultedSinceSnapshot(int nid, boolean file) {
        long now = zones.node(nid).stats[file ? NodeStat.WORKINGSET_ACTIVATE_FILE : NodeStat.WORKINGSET_ACTIVATE_ANON];
        return now != refaultsSnapshot[2 * nid + (file ? 1 : 0)];
    }

    /** The node's nonresident age (pages evicted and activated so far). */
    public long nonresidentAge(int nid) {
        return nonresidentAge[nid];
    }

    /**
     * workingset_eviction(): the shadow entry to leave in the slot of a page reclaim is removing
     * from the page or swap cache; never 0, which marks an empty slot.
     */
    public long eviction(int pfn) {
        int nid = zones.zoneOf(pfn).node.id;
        long eviction = nonresidentAge[nid];
        nonresidentAge[nid]++;
        long workingset = (m.flags[pfn] & PageFlags.PG_WORKINGSET) != 0 ? 1 : 0;
        return eviction << AGE_SHIFT | (long) nid << NODE_SHIFT | workingset << WORKINGSET_SHIFT | 1;
    }

    /** workingset_activation(): a page activated by folio_mark_accessed() ages its node. */
    public void activation(int pfn) {
        nonresidentAge[zones.zoneOf(pfn).node.id]++;
    }

    /**
     * workingset_refault(): pfn has just been added (not yet on its LRU list) to the slot that held
     * shadow; counts the refault and, when the refault distance says the page is part of the
     * workingset, sets PG_active so it joins the active list.
     */
    public void refault(int pfn, long shadow) {
        boolean file = Lru.isFileLru(m.flags[pfn]);
        int nid = zones.zoneOf(pfn).node.id;
        long[] stats = zones.node(nid).stats;
        stats[file ? NodeStat.WORKINGSET_REFAULT_FILE : NodeStat.WORKINGSET_REFAULT_ANON]++;
        if (!testRecent(shadow, file)) {
            return;
        }
        m.flags[pfn] |= PageFlags.PG_ACTIVE;
        nonresidentAge[nid]++;
        stats[file ? NodeStat.WORKINGSET_ACTIVATE_FILE : NodeStat.WORKINGSET_ACTIVATE_ANON]++;
        if ((shadow >>> WORKINGSET_SHIFT & 1) != 0) {
            m.flags[pfn] |= PageFlags.PG_WORKINGSET;
            lru.noteCost(nid, file, 1, 0);
            stats[file ? NodeStat.WORKINGSET_RESTORE_FILE : NodeStat.WORKINGSET_RESTORE_ANON]++;
        }
    }

    /** workingset_test_recent(): would the page have stayed resident given its refault distance more memory? */
    boolean testRecent(long shadow, boolean file) {
        int evictionNid = (int) (shadow >>> NODE_SHIFT & ((1 << NODES_SHIFT) - 1));
        long distance = nonresidentAge[evictionNid] - (shadow >>> AGE_SHIFT);
        long[] s = zones.node(evictionNid).stats;
        long workingsetSize = s[NodeStat.NR_ACTIVE_FILE];
        if (!file) {
            workingsetSize += s[NodeStat.NR_INACTIVE_FILE];
        }
        if (swap.freePages() > 0) {
            workingsetSize += s[NodeStat.NR_ACTIVE_ANON];
            if (file) {
                workingsetSize += s[NodeStat.NR_INACTIVE_ANON];
            }
        }
        return distance <= workingsetSize;
    }
}
