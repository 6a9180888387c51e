/*
 * The shrinker list and how reclaim drives it (mm/shrinker.c: shrinker_register, shrink_slab,
 * do_shrink_slab with its nr_deferred carry-over; mm/vmscan.c: drop_slab/drop_slab_node for
 * /proc/sys/vm/drop_caches). Each pass scans (freeable >> priority) * 4 / seeks objects plus the
 * work deferred from earlier passes, in batches, counting slabs_scanned. The slab pages freed
 * meanwhile are what reclaim adds to nr_reclaimed (reclaim_state->reclaimed).
 * Left out: memcg shrinker maps (shrink_slab_memcg), lockless shrinker list walking (one
 * shrinker runs at a time here, so nothing is ever contended), fatal-signal checks in drop_slab,
 * shrinker_free (nothing is ever unmounted).
 */
package org.mmsim.mm.shrinker;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.slab.Slub;
import org.mmsim.mm.vmstat.VmEvent;

import java.util.ArrayList;
import java.util.List;

public final class Shrinkers {
    private final List<Shrinker> shrinkers = new ArrayList<>();
    private final Slub slab;
    private final long[] vmEvents;
    private final int nrNodes;
    private final ShrinkControl sc = new ShrinkControl();

    public Shrinkers(Slub slab, long[] vmEvents, int nrNodes) {
        this.slab = slab;
        this.vmEvents = vmEvents;
        this.nrNodes = nrNodes;
    }

    /** shrinker_register(): added at the tail of shrinker_list. */
    public void register(Shrinker s) {
        shrinkers.add(s);
    }

    /**
     * shrink_slab() as shrink_node calls it for the root memcg, then flush_reclaim_state(): the
     * slab pages freed by all shrinkers on this node at this priority.
     */
    public long shrinkNodeSlab(int gfp, int nid, int priority) {
        long before = slab.freedSlabPages();
        shrinkSlab(gfp, nid, priority);
        return slab.freedSlabPages() - before;
    }

    /** shrink_slab(): every registered shrinker in turn; objects freed. */
    public long shrinkSlab(int gfp, int nid, int priority) {
        long freed = 0;
        // scan_objects may free a superblock's objects only; the list itself does not change under us
        for (int i = 0; i < shrinkers.size(); i++) {
            long ret = doShrinkSlab(shrinkers.get(i), gfp, nid, priority);
            if (ret != Shrinker.SHRINK_EMPTY) {
                freed += ret;
            }
        }
        return freed;
    }

    /** do_shrink_slab(). */
    long doShrinkSlab(Shrinker s, int gfp, int nid, int priority) {
        int deferredNid = s.numaAware ? nid : 0;
        sc.gfp = gfp;
        sc.nid = deferredNid;
        long freeable = s.countObjects(sc);
        if (freeable == 0 || freeable == Shrinker.SHRINK_EMPTY) {
            return freeable;
        }
        long batchSize = s.batch != 0 ? s.batch : Shrinker.SHRINK_BATCH;
        long nr = s.nrDeferred[deferredNid];
        s.nrDeferred[deferredNid] = 0;
        long delta;
        if (s.seeks != 0) {
            delta = (freeable >> priority) * 4 / s.seeks;
        } else {
            // objects that need no I/O to recreate are trimmed hard
            delta = freeable / 2;
        }
        long totalScan = (nr >> priority) + delta;
        totalScan = Math.min(totalScan, 2 * freeable);
        long freed = 0;
        long scanned = 0;
        // below a batch only when the whole cache is to be scanned (tight on memory)
        while (totalScan >= batchSize || totalScan >= freeable) {
            long nrToScan = Math.min(batchSize, totalScan);
            sc.gfp = gfp;
            sc.nid = deferredNid;
            sc.nrToScan = nrToScan;
            sc.nrScanned = nrToScan;
            long ret = s.scanObjects(sc);
            if (ret == Shrinker.SHRINK_STOP) {
                break;
            }
            freed += ret;
            vmEvents[VmEvent.SLABS_SCANNED] += sc.nrScanned;
            totalScan -= sc.nrScanned;
            scanned += sc.nrScanned;
        }
        long nextDeferred = Math.max(nr + delta - scanned, 0);
        nextDeferred = Math.min(nextDeferred, 2 * freeable);
        s.nrDeferred[deferredNid] += nextDeferred;
        return freed;
    }

    /** drop_slab(): every node at priority 0, again while a round still frees more than 2^round objects. */
    public void dropSlab() {
        int shift = 0;
        long freed;
        do {
            freed = 0;
            for (int nid = 0; nid < nrNodes; nid++) {
                freed += shrinkSlab(Gfp.GFP_KERNEL, nid, 0);
            }
        } while ((freed >> shift++) > 1);
    }
}
