/*
 * kswapd, one per node (mm/vmscan.c kswapd, wakeup_kswapd, balance_pgdat, kswapd_shrink_node,
 * kswapd_age_node, kswapd_try_to_sleep, pgdat_balanced): woken when an allocation falls below the
 * low watermark (or a watermark boost is set), it reclaims until some eligible zone meets its high
 * watermark, stepping priority down from 12; a boosted watermark is first reclaimed without
 * swapping or writing, then cleared. After balancing it naps 100 ms (HZ/10): a wake-up during the
 * nap counts kswapd_low_wmark_hit_quickly, an unbalanced node at its end
 * kswapd_high_wmark_hit_quickly. Sixteen passes that reclaim nothing make the node hopeless
 * (kswapd_failures) until some reclaim succeeds again. Each balance_pgdat counts pageoutrun.
 * How it runs: kswapd works on its own CPU in parallel with the tasks. The simulation lets it
 * catch up with the simulated clock whenever an allocation happens (and when the event queue
 * runs): each priority step costs the simulated time its scans, unmaps and swap writes take, and
 * it takes no step that would start after the present, so allocations that outrun it fall to
 * direct reclaim as they do on Linux.
 * Left out: kcompactd wake-ups, the order > 0 fallback to order 0 (reclaim_order), buffer_heads'
 * reclaim_idx adjustment, throttling of direct reclaimers (pfmemalloc_wait).
 */
package org.mmsim.mm.vmscan;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.sim.EventQueue;
import org.mmsim.sim.KernelThread;

public final class Kswapd extends KernelThread {
    /** The HZ/10 nap after balancing. */
    static final long NAP_NS = 100_000_000L;
    /** MAX_RECLAIM_RETRIES passes without progress make a node hopeless. */
    static final int MAX_RECLAIM_RETRIES = 16;
    /** The least time a step takes, so a step that finds nothing still lets the clock pass it. */
    private static final long MIN_STEP_NS = 1_000;
    /** Kernel-thread pids below the first task's. */
    private static final int PID_BASE = 90;

    private final Vmscan vmscan;
    private final Node node;
    /** kswapd_order and kswapd_highest_zoneidx (MAX_NR_ZONES: none requested). */
    private int order;
    private int highestZoneidx = ZoneType.MAX_NR_ZONES;
    private boolean awake;
    private boolean balancing;
    /** When kswapd may take its next step (it is busy until then). */
    private long busyUntilNs;
    /** End of the nap after balancing, or -1. */
    private long napUntilNs = -1;
    int failures;

    // balance_pgdat's locals across steps
    private int runOrder;
    private int runHighestZoneidx;
    private long nrBoostReclaim;
    private boolean boosted;
    private long runReclaimed;
    private int priority;

    Kswapd(Vmscan vmscan, Node node, EventQueue events) {
        super("kswapd" + node.id, PID_BASE + node.id, events);
        this.vmscan = vmscan;
        this.node = node;
    }

    /** Neither awake nor napping: catchUp() does nothing, whatever the time. */
    boolean asleep() {
        return !awake && napUntilNs < 0;
    }

    /** kswapd_test_hopeless(): MAX_RECLAIM_RETRIES passes in a row reclaimed nothing. */
    public boolean hopeless() {
        return failures >= MAX_RECLAIM_RETRIES;
    }

    /** wakeup_kswapd(). */
    void wake(int gfp, int order, int highestZoneidx) {
        if (this.highestZoneidx == ZoneType.MAX_NR_ZONES || this.highestZoneidx < highestZoneidx) {
            this.highestZoneidx = highestZoneidx;
        }
        if (this.order < order) {
            this.order = order;
        }
        if (awake) {
            return;
        }
        if (failures >= MAX_RECLAIM_RETRIES
                || (vmscan.balanced(node, order, highestZoneidx) && !boostedUpTo(highestZoneidx))) {
            return;
        }
        long now = vmscan.clock.nanos();
        if (napUntilNs >= 0 && now < napUntilNs) {
            vmscan.events[VmEvent.KSWAPD_LOW_WMARK_HIT_QUICKLY]++;
        }
        napUntilNs = -1;
        awake = true;
        busyUntilNs = now;
        wakeUp();
    }

    private boolean boostedUpTo(int idx) {
        for (int t = 0; t <= idx && t < ZoneType.MAX_NR_ZONES; t++) {
            if (node.zones[t].watermarkBoost != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void run() {
        catchUp();
    }

    /** Takes every step whose start time has come. */
    void catchUp() {
        long now = vmscan.clock.nanos();
        if (!awake) {
            if (napUntilNs >= 0 && now >= napUntilNs) {
                // the end of the nap: fully asleep if still balanced, else straight back to work
                napUntilNs = -1;
                if (!vmscan.balanced(node, runOrder, runHighestZoneidx) && failures < MAX_RECLAIM_RETRIES) {
                    vmscan.events[VmEvent.KSWAPD_HIGH_WMARK_HIT_QUICKLY]++;
                    awake = true;
                    busyUntilNs = now;
                }
            }
            if (!awake) {
                return;
            }
        }
        vmscan.setInReclaim(true);
        try {
            while (awake && busyUntilNs <= now) {
                vmscan.kswapdRunning = true;
                vmscan.kswapdWorkNs = 0;
                step();
                vmscan.kswapdRunning = false;
                busyUntilNs += Math.max(MIN_STEP_NS, vmscan.kswapdWorkNs);
            }
        } finally {
            vmscan.kswapdRunning = false;
            vmscan.setInReclaim(false);
        }
    }

    /** One iteration of balance_pgdat's priority loop (starting a new balance_pgdat when none runs). */
    private void step() {
        if (!balancing) {
            startBalance();
        }
        boolean balanced = vmscan.balanced(node, runOrder, runHighestZoneidx);
        if (!balanced && nrBoostReclaim != 0) {
            nrBoostReclaim = 0;
            priority = Vmscan.DEF_PRIORITY;
            return;
        }
        if (nrBoostReclaim == 0 && balanced) {
            finishBalance();
            return;
        }
        boolean raisePriority = true;
        if (nrBoostReclaim != 0 && priority == Vmscan.DEF_PRIORITY - 2) {
            raisePriority = false;
        }
        vmscan.scPriority = priority;
        vmscan.scNrReclaimed = 0;
        vmscan.scForceDeactivate = false;
        vmscan.scMayWritepage = nrBoostReclaim == 0;
        vmscan.scMaySwap = nrBoostReclaim == 0;
        vmscan.scMayUnmap = true;
        vmscan.scReclaimIdx = runHighestZoneidx;
        vmscan.scGfp = Gfp.GFP_KERNEL;
        // kswapd_age_node()
        if (vmscan.canReclaimAnon() && vmscan.inactiveIsLow(node.id, Lru.INACTIVE_ANON)) {
            vmscan.shrinkActiveList(node.id, Lru.ACTIVE_ANON, Vmscan.SWAP_CLUSTER_MAX);
        }
        vmscan.scNrScanned = 0;
        // kswapd_shrink_node()
        long toReclaim = 0;
        for (int t = 0; t <= runHighestZoneidx && t < ZoneType.MAX_NR_ZONES; t++) {
            Zone z = node.zones[t];
            if (z.managedPages != 0) {
                toReclaim += Math.max(z.wmark(Zone.WMARK_HIGH), Vmscan.SWAP_CLUSTER_MAX);
            }
        }
        vmscan.scNrToReclaim = toReclaim;
        vmscan.shrinkNode(node);
        if (vmscan.scNrScanned >= toReclaim) {
            raisePriority = false;
        }
        long reclaimed = vmscan.scNrReclaimed;
        runReclaimed += reclaimed;
        if (nrBoostReclaim != 0) {
            nrBoostReclaim -= Math.min(nrBoostReclaim, reclaimed);
            if (nrBoostReclaim != 0 && reclaimed == 0) {
                finishBalance();
                return;
            }
        }
        if (raisePriority || reclaimed == 0) {
            priority--;
        }
        if (priority < 1) {
            finishBalance();
        }
    }

    private void startBalance() {
        balancing = true;
        runOrder = order;
        runHighestZoneidx = highestZoneidx == ZoneType.MAX_NR_ZONES ? ZoneType.MAX_NR_ZONES - 1 : highestZoneidx;
        order = 0;
        highestZoneidx = ZoneType.MAX_NR_ZONES;
        vmscan.events[VmEvent.PAGEOUTRUN]++;
        nrBoostReclaim = 0;
        for (int t = 0; t <= runHighestZoneidx && t < ZoneType.MAX_NR_ZONES; t++) {
            nrBoostReclaim += node.zones[t].watermarkBoost;
        }
        boosted = nrBoostReclaim != 0;
        runReclaimed = 0;
        priority = Vmscan.DEF_PRIORITY;
    }

    /** The end of balance_pgdat, then kswapd_try_to_sleep(). */
    private void finishBalance() {
        balancing = false;
        if (runReclaimed == 0) {
            failures++;
        }
        vmscan.swap.workingset.snapshotRefaults(node.id);
        if (boosted) {
            for (int t = 0; t <= runHighestZoneidx && t < ZoneType.MAX_NR_ZONES; t++) {
                node.zones[t].watermarkBoost = 0;
            }
        }
        boolean pending = highestZoneidx != ZoneType.MAX_NR_ZONES;
        if (failures >= MAX_RECLAIM_RETRIES || (!pending && vmscan.balanced(node, runOrder, runHighestZoneidx))) {
            awake = false;
            napUntilNs = vmscan.clock.nanos() + NAP_NS;
        }
    }
}
