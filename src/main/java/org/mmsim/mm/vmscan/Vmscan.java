/*
 * Page reclaim (mm/vmscan.c, classic LRU): shrink_node with prepare_scan_control (may_deactivate
 * from inactive_is_low, cache_trim_mode, file_is_tiny), get_scan_count balancing anon against
 * file by vm.swappiness and the lruvecs' anon_cost/file_cost, shrink_lruvec with its proportional
 * stop, shrink_active_list (aging: referenced executable file pages rotate, the rest deactivate),
 * shrink_inactive_list and shrink_folio_list (folio_check_references through the rmap's accessed
 * bits, add_to_swap, try_to_unmap, pageout, __remove_mapping), lazyfree discards, and
 * do_try_to_free_pages for direct reclaim (allocstall_*, priority 12 down to 0). Counters:
 * pgscan/pgsteal (kswapd, direct, anon, file), pgrefill, pgactivate, pgdeactivate, pgskip_*,
 * pglazyfreed. Costs: reclaim.scan per page scanned, reclaim.unmap per PTE unmapped, swap.write
 * per page written; direct reclaim charges them to the allocating task (inside a memstall),
 * kswapd to its own CPU time.
 * Reclaimed swap-cache and file pages leave shadow entries (Workingset) in their slots, and
 * refaults activated since the last run (the refault snapshot) let prepare_scan_control deactivate.
 * shrink_node ends with shrink_slab (mm.shrinker) at the same priority; the slab pages it frees
 * count as reclaimed.
 * Left out: dirty-file throttling (a dirty file page at the tail is
 * written back at once, kswapd or not, instead of being left to the flushers), asynchronous
 * writeback (a written page is freed in the same pass), memcg, MGLRU, compaction-driven reclaim
 * and swap of shmem pages (they are kept active).
 */
package org.mmsim.mm.vmscan;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.shrinker.Shrinkers;
import org.mmsim.mm.swap.SwapCache;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.CostModel;
import org.mmsim.sim.EventQueue;
import org.mmsim.sim.MemStall;
import org.mmsim.sim.SimClock;
import org.mmsim.sim.Sysctl;

import java.util.Arrays;
import java.util.List;

public final class Vmscan implements PageAlloc.Reclaim {
    public static final int SWAP_CLUSTER_MAX = 32;
    public static final int DEF_PRIORITY = 12;
    /** MAX_SWAPPINESS. */
    public static final int MAX_SWAPPINESS = 200;
    private static final int SCAN_EQUAL = 0, SCAN_FRACT = 1, SCAN_ANON = 2, SCAN_FILE = 3;
    private static final int DEACTIVATE_ANON = 1, DEACTIVATE_FILE = 2;
    /** enum folio_references. */
    private static final int FOLIOREF_RECLAIM = 0, FOLIOREF_RECLAIM_CLEAN = 1, FOLIOREF_KEEP = 2,
            FOLIOREF_ACTIVATE = 3;

    final UserMemory um;
    final Zones zones;
    private final MemMap m;
    final Lru lru;
    private final Rmap rmap;
    final SwapCache swap;
    private final PageCacheReclaim pageCache;
    private final Shrinkers shrinkers;
    final long[] events;
    private final CostModel costModel;
    private final CostModel.Sink sink;
    final SimClock clock;
    private MemStall memStall = MemStall.NONE;
    private final Kswapd[] kswapd;
    private int swappiness = 60;

    // struct scan_control of the reclaim in progress (one at a time: the simulation is single-threaded)
    long scNrToReclaim;
    int scPriority;
    int scReclaimIdx;
    int scGfp;
    boolean scMayWritepage;
    boolean scMayUnmap;
    boolean scMaySwap;
    long scNrScanned;
    long scNrReclaimed;
    private int scMayDeactivate;
    boolean scForceDeactivate;
    private boolean scSkippedDeactivate;
    boolean scCacheTrimMode;
    boolean scFileIsTiny;
    /** Which reclaim runs: kswapd's costs go to its budget, direct reclaim's to the task. */
    boolean kswapdRunning;
    /** Simulated time the current kswapd step has used. */
    long kswapdWorkNs;
    private boolean inReclaim;

    private final long[] nr = new long[Lru.NR_LRU_LISTS];
    private final long[] targets = new long[Lru.NR_LRU_LISTS];
    /** The pages isolate() took from a list, in list order from the tail; grows to the largest batch. */
    private int[] isolated = new int[SWAP_CLUSTER_MAX];
    /** isolate_lru_folios()' nr_zone_taken, by zone type. */
    private final long[] nrZoneTaken = new long[ZoneType.MAX_NR_ZONES];
    /** Pages putBack() added, by list * MAX_NR_ZONES + zone type. */
    private final long[] nrZoneAdded = new long[Lru.NR_LRU_LISTS * ZoneType.MAX_NR_ZONES];
    private final Referenced referencedVisitor = new Referenced();
    private final Unmapper unmapper = new Unmapper();

    public Vmscan(UserMemory um, Shrinkers shrinkers, CostModel costModel, CostModel.Sink sink, SimClock clock,
                  EventQueue events) {
        this.um = um;
        this.shrinkers = shrinkers;
        this.zones = um.alloc.zones();
        this.m = zones.memMap;
        this.lru = um.lru;
        this.rmap = um.rmap;
        this.swap = um.swapCache;
        this.pageCache = um.pageCache;
        this.events = um.vmEvents;
        this.costModel = costModel;
        this.sink = sink;
        this.clock = clock;
        kswapd = new Kswapd[zones.nrNodes()];
        for (int nid = 0; nid < kswapd.length; nid++) {
            kswapd[nid] = new Kswapd(this, zones.node(nid), events);
        }
        um.alloc.setReclaim(this);
    }

    public void registerSysctls(Sysctl sysctl) {
        sysctl.registerInt("vm.swappiness", () -> swappiness, 0, MAX_SWAPPINESS, v -> swappiness = v);
        sysctl.registerInt("vm.page-cluster", swap::pageCluster, 0, 31, swap::setPageCluster);
    }

    public void setMemStall(MemStall memStall) {
        this.memStall = memStall;
    }

    public Kswapd kswapd(int nid) {
        return kswapd[nid];
    }

    void charge(CostModel.Op op, long times) {
        if (kswapdRunning) {
            kswapdWorkNs += costModel.ns(op) * times;
        } else {
            sink.charge(op, times);
        }
    }

    // ---------------------------------------------------------------- PageAlloc.Reclaim

    @Override
    public void wakeKswapd(Zone zone, int gfp, int order, int highestZoneidx) {
        if (zone.managedPages == 0) {
            return;
        }
        kswapd[zone.node.id].wake(gfp, order, highestZoneidx);
    }

    @Override
    public void runKswapd() {
        if (inReclaim) {
            return;
        }
        for (Kswapd k : kswapd) {
            k.catchUp();
        }
    }

    @Override
    public boolean kswapdAsleep() {
        if (inReclaim) {
            return true;
        }
        for (Kswapd k : kswapd) {
            if (!k.asleep()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public long tryToFreePages(int gfp, int order, Node node, int highestZoneidx) {
        if (inReclaim) {
            // PF_MEMALLOC: reclaim's own allocations do not recurse into reclaim
            return 0;
        }
        memStall.enter();
        inReclaim = true;
        try {
            scNrToReclaim = SWAP_CLUSTER_MAX;
            scGfp = gfp;
            scReclaimIdx = Gfp.zone(gfp);
            scPriority = DEF_PRIORITY;
            scMayWritepage = true;
            scMayUnmap = true;
            scMaySwap = true;
            scNrReclaimed = 0;
            scForceDeactivate = false;
            return doTryToFreePages(node);
        } finally {
            inReclaim = false;
            memStall.leave();
        }
    }

    /** do_try_to_free_pages(). */
    private long doTryToFreePages(Node node) {
        events[VmEvent.ALLOCSTALL + scReclaimIdx]++;
        while (true) {
            do {
                scNrScanned = 0;
                shrinkZones(node);
                if (scNrReclaimed >= scNrToReclaim) {
                    break;
                }
                if (scPriority < DEF_PRIORITY - 2) {
                    scMayWritepage = true;
                }
            } while (--scPriority >= 0);
            snapshotRefaults(node);
            if (scNrReclaimed != 0) {
                return scNrReclaimed;
            }
            if (!scSkippedDeactivate) {
                return 0;
            }
            scPriority = DEF_PRIORITY;
            scForceDeactivate = true;
            scSkippedDeactivate = false;
        }
    }

    /** do_try_to_free_pages()'s snapshot_refaults() for each node of the zonelist. */
    private void snapshotRefaults(Node node) {
        Node last = null;
        for (Zone z : node.zonelist) {
            if (z.type > scReclaimIdx || z.node == last) {
                continue;
            }
            last = z.node;
            swap.workingset.snapshotRefaults(z.node.id);
        }
    }

    /** shrink_zones(): each node of the zonelist once. */
    private void shrinkZones(Node node) {
        Node last = null;
        for (Zone z : node.zonelist) {
            if (z.type > scReclaimIdx || z.node == last || z.managedPages == 0) {
                continue;
            }
            last = z.node;
            shrinkNode(z.node);
        }
    }

    @Override
    public long zoneReclaimablePages(Zone zone) {
        long n = zone.stats[ZoneStat.NR_ZONE_INACTIVE_FILE] + zone.stats[ZoneStat.NR_ZONE_ACTIVE_FILE];
        if (canReclaimAnon()) {
            n += zone.stats[ZoneStat.NR_ZONE_INACTIVE_ANON] + zone.stats[ZoneStat.NR_ZONE_ACTIVE_ANON];
        }
        return n;
    }

    /** can_reclaim_anon_pages(): swap has free slots. */
    boolean canReclaimAnon() {
        return swap.swapFile.freePages() > 0;
    }

    // ---------------------------------------------------------------- shrink_node

    /** shrink_node(). */
    void shrinkNode(Node node) {
        int nid = node.id;
        long reclaimedBefore = scNrReclaimed;
        prepareScanControl(node);
        shrinkLruvec(nid);
        scNrReclaimed += shrinkers.shrinkNodeSlab(scGfp, nid, scPriority);
        if (scNrReclaimed != reclaimedBefore) {
            kswapd[nid].failures = 0;
        }
    }

    /** prepare_scan_control(). */
    private void prepareScanControl(Node node) {
        int nid = node.id;
        if (scForceDeactivate) {
            scMayDeactivate = DEACTIVATE_ANON | DEACTIVATE_FILE;
        } else {
            // refaults being activated mean a new workingset is forming: stale active pages go quickly
            Workingset ws = swap.workingset;
            scMayDeactivate = (ws.refaultedSinceSnapshot(nid, false) || inactiveIsLow(nid, Lru.INACTIVE_ANON)
                    ? DEACTIVATE_ANON : 0)
                    | (ws.refaultedSinceSnapshot(nid, true) || inactiveIsLow(nid, Lru.INACTIVE_FILE)
                    ? DEACTIVATE_FILE : 0);
        }
        long file = lru.size(nid, Lru.INACTIVE_FILE);
        scCacheTrimMode = (file >> scPriority) != 0 && (scMayDeactivate & DEACTIVATE_FILE) == 0;
        long free = 0;
        long totalHighWmark = 0;
        for (Zone z : node.zones) {
            free += z.freePages();
            if (z.managedPages != 0) {
                totalHighWmark += z.wmark(Zone.WMARK_HIGH);
            }
        }
        file = lru.size(nid, Lru.ACTIVE_FILE) + lru.size(nid, Lru.INACTIVE_FILE);
        long anon = lru.size(nid, Lru.INACTIVE_ANON);
        scFileIsTiny = file + free <= totalHighWmark && (scMayDeactivate & DEACTIVATE_ANON) == 0
                && (anon >> scPriority) != 0;
    }

    /** inactive_is_low(): inactive * int_sqrt(10 * GB of the pair) below active. */
    boolean inactiveIsLow(int nid, int inactiveLru) {
        long inactive = lru.size(nid, inactiveLru);
        long active = lru.size(nid, inactiveLru + Lru.ACTIVE);
        long gb = (inactive + active) >> (30 - MemMap.PAGE_SHIFT);
        long ratio = gb != 0 ? intSqrt(10 * gb) : 1;
        return inactive * ratio < active;
    }

    /** int_sqrt(). */
    static long intSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }

    /** get_scan_count(): how many pages of each evictable list to scan at this priority. */
    void getScanCount(int nid, long[] out) {
        int balance;
        long apFraction = 0;
        long fpFraction = 0;
        long denominator = 0;
        if (!scMaySwap || !canReclaimAnon()) {
            balance = SCAN_FILE;
        } else if (scPriority == 0 && swappiness != 0) {
            balance = SCAN_EQUAL;
        } else if (scFileIsTiny) {
            balance = SCAN_ANON;
        } else if (scCacheTrimMode) {
            balance = SCAN_FILE;
        } else {
            balance = SCAN_FRACT;
            long totalCost = lru.anonCost[nid] + lru.fileCost[nid];
            long anonCost = totalCost + lru.anonCost[nid];
            long fileCost = totalCost + lru.fileCost[nid];
            totalCost = anonCost + fileCost;
            apFraction = swappiness * (totalCost + 1) / (anonCost + 1);
            fpFraction = (MAX_SWAPPINESS - swappiness) * (totalCost + 1) / (fileCost + 1);
            denominator = apFraction + fpFraction;
        }
        for (int l = Lru.INACTIVE_ANON; l <= Lru.ACTIVE_FILE; l++) {
            boolean file = l >= Lru.INACTIVE_FILE;
            long scan = lru.size(nid, l, scReclaimIdx) >> scPriority;
            switch (balance) {
                case SCAN_FRACT:
                    scan = denominator == 0 ? 0 : scan * (file ? fpFraction : apFraction) / denominator;
                    break;
                case SCAN_FILE:
                case SCAN_ANON:
                    if ((balance == SCAN_FILE) != file) {
                        scan = 0;
                    }
                    break;
                default:
                    break;
            }
            out[l] = scan;
        }
    }

    /** shrink_lruvec(). */
    private void shrinkLruvec(int nid) {
        getScanCount(nid, nr);
        System.arraycopy(nr, 0, targets, 0, Lru.NR_LRU_LISTS);
        boolean proportional = !kswapdRunning && scPriority == DEF_PRIORITY;
        long reclaimed = 0;
        long toReclaim = scNrToReclaim;
        while (nr[Lru.INACTIVE_ANON] != 0 || nr[Lru.ACTIVE_FILE] != 0 || nr[Lru.INACTIVE_FILE] != 0) {
            for (int l = Lru.INACTIVE_ANON; l <= Lru.ACTIVE_FILE; l++) {
                if (nr[l] != 0) {
                    long n = Math.min(nr[l], SWAP_CLUSTER_MAX);
                    nr[l] -= n;
                    reclaimed += shrinkList(nid, l, n);
                }
            }
            if (reclaimed < toReclaim || proportional) {
                continue;
            }
            long nrFile = nr[Lru.INACTIVE_FILE] + nr[Lru.ACTIVE_FILE];
            long nrAnon = nr[Lru.INACTIVE_ANON] + nr[Lru.ACTIVE_ANON];
            if (nrFile == 0 || nrAnon == 0) {
                break;
            }
            int stop;
            long percentage;
            if (nrFile > nrAnon) {
                long scanTarget = targets[Lru.INACTIVE_ANON] + targets[Lru.ACTIVE_ANON] + 1;
                stop = Lru.INACTIVE_ANON;
                percentage = nrAnon * 100 / scanTarget;
            } else {
                long scanTarget = targets[Lru.INACTIVE_FILE] + targets[Lru.ACTIVE_FILE] + 1;
                stop = Lru.INACTIVE_FILE;
                percentage = nrFile * 100 / scanTarget;
            }
            nr[stop] = 0;
            nr[stop + Lru.ACTIVE] = 0;
            int other = stop == Lru.INACTIVE_FILE ? Lru.INACTIVE_ANON : Lru.INACTIVE_FILE;
            for (int l = other; l <= other + Lru.ACTIVE; l++) {
                long scanned = targets[l] - nr[l];
                nr[l] = targets[l] * (100 - percentage) / 100;
                nr[l] -= Math.min(nr[l], scanned);
            }
        }
        scNrReclaimed += reclaimed;
        if (canReclaimAnon() && inactiveIsLow(nid, Lru.INACTIVE_ANON)) {
            shrinkActiveList(nid, Lru.ACTIVE_ANON, SWAP_CLUSTER_MAX);
        }
    }

    /**
     * One shrink_inactive_list() call over up to n pages of a node's inactive list, outside any
     * reclaim (as a direct reclaimer at the given priority would make it); returns the pages
     * reclaimed. For tools and benchmarks that drive the scan path alone.
     */
    public long scanInactive(int nid, boolean file, long n) {
        scGfp = Gfp.GFP_KERNEL;
        scReclaimIdx = ZoneType.MAX_NR_ZONES - 1;
        scMayUnmap = true;
        scMaySwap = true;
        scMayWritepage = true;
        return shrinkInactiveList(nid, file ? Lru.INACTIVE_FILE : Lru.INACTIVE_ANON, n);
    }

    /** shrink_list(). */
    private long shrinkList(int nid, int l, long n) {
        if ((l & Lru.ACTIVE) != 0) {
            int bit = l >= Lru.INACTIVE_FILE ? DEACTIVATE_FILE : DEACTIVATE_ANON;
            if ((scMayDeactivate & bit) != 0) {
                shrinkActiveList(nid, l, n);
            } else {
                scSkippedDeactivate = true;
            }
            return 0;
        }
        return shrinkInactiveList(nid, l, n);
    }

    // ---------------------------------------------------------------- isolation

    /**
     * isolate_lru_folios(): up to n pages from the list's tail into isolated[] (a reference taken,
     * PG_lru cleared), the list sizes updated once per zone at the end (update_lru_sizes); pages of
     * zones above reclaim_idx are skipped to the head. Returns the pages isolated.
     */
    private int isolate(int nid, int l, long n) {
        int taken = 0;
        long skipped = 0;
        long budget = lru.size(nid, l);
        int pfn = lru.tail(nid, l);
        while (taken < n && pfn != MemMap.NIL && budget-- > 0) {
            int prev = m.prev[pfn];
            Zone z = zones.zoneOf(pfn);
            if (z.type > scReclaimIdx) {
                lru.unlink(pfn);
                lru.link(pfn, l, true);
                events[VmEvent.PGSKIP + z.type]++;
                skipped++;
            } else {
                lru.delUncounted(pfn, nid, l);
                m.flags[pfn] &= ~PageFlags.PG_LRU;
                m.refcount[pfn]++;
                if (taken == isolated.length) {
                    isolated = Arrays.copyOf(isolated, 2 * taken);
                }
                isolated[taken++] = pfn;
                nrZoneTaken[z.type]++;
            }
            pfn = prev;
        }
        Zone[] zs = zones.node(nid).zones;
        for (int t = 0; t < nrZoneTaken.length; t++) {
            if (nrZoneTaken[t] != 0) {
                lru.updateLruSize(zs[t], l, -nrZoneTaken[t]);
                nrZoneTaken[t] = 0;
            }
        }
        scNrScanned += taken;
        charge(CostModel.Op.RECLAIM_SCAN, taken + skipped);
        return taken;
    }

    /**
     * move_folios_to_lru(): the first count pages of isolated[] back on the lists their flags call
     * for, at the head, in order, dropping isolation's reference (a page that held no other is
     * freed instead); the list sizes updated once per list and zone at the end.
     */
    private void putBack(int nid, int count) {
        for (int i = 0; i < count; i++) {
            int pfn = isolated[i];
            if (m.refcount[pfn] == 1) {
                um.alloc.freePages(pfn, 0);
                continue;
            }
            m.refcount[pfn]--;
            int flags = m.flags[pfn] | PageFlags.PG_LRU;
            m.flags[pfn] = flags;
            int l = Lru.lruOf(flags);
            lru.addUncounted(pfn, nid, l);
            nrZoneAdded[l * ZoneType.MAX_NR_ZONES + zones.zoneOf(pfn).type]++;
        }
        Zone[] zs = zones.node(nid).zones;
        for (int k = 0; k < nrZoneAdded.length; k++) {
            if (nrZoneAdded[k] != 0) {
                lru.updateLruSize(zs[k % ZoneType.MAX_NR_ZONES], k / ZoneType.MAX_NR_ZONES, nrZoneAdded[k]);
                nrZoneAdded[k] = 0;
            }
        }
    }

    // ---------------------------------------------------------------- active list

    /** shrink_active_list(): age n pages of an active list. */
    void shrinkActiveList(int nid, int l, long n) {
        lru.drain();
        int taken = isolate(nid, l, n);
        events[VmEvent.PGREFILL] += taken;
        boolean file = l >= Lru.INACTIVE_FILE;
        long rotated = 0;
        long deactivated = 0;
        for (int i = 0; i < taken; i++) {
            int pfn = isolated[i];
            if (referenced(pfn) != 0 && (referencedVisitor.vmFlags & VmFlags.VM_EXEC) != 0 && file) {
                rotated++;
                continue;
            }
            m.flags[pfn] = (m.flags[pfn] & ~PageFlags.PG_ACTIVE) | PageFlags.PG_WORKINGSET;
            deactivated++;
        }
        // the rotated pages stay active and the rest go inactive: separate lists, so one pass keeps
        // each list's order as Linux's two (l_active, then l_inactive)
        putBack(nid, taken);
        events[VmEvent.PGDEACTIVATE] += deactivated;
        lru.noteCost(nid, file, 0, rotated);
    }

    // ---------------------------------------------------------------- inactive list

    /** shrink_inactive_list(): returns pages reclaimed. */
    private long shrinkInactiveList(int nid, int l, long n) {
        lru.drain();
        int scanned = isolate(nid, l, n);
        if (scanned == 0) {
            return 0;
        }
        boolean file = l == Lru.INACTIVE_FILE;
        events[kswapdRunning ? VmEvent.PGSCAN_KSWAPD : VmEvent.PGSCAN_DIRECT] += scanned;
        events[file ? VmEvent.PGSCAN_FILE : VmEvent.PGSCAN_ANON] += scanned;
        long reclaimed = 0;
        long pageout = 0;
        long activated = 0;
        int kept = 0;
        for (int i = 0; i < scanned; i++) {
            int pfn = isolated[i];
            int r = shrinkFolio(pfn);
            if (r == SHRINK_FREED || r == SHRINK_FREED_AFTER_IO) {
                reclaimed++;
                if (r == SHRINK_FREED_AFTER_IO) {
                    pageout++;
                }
            } else {
                if (r == SHRINK_ACTIVATE) {
                    m.flags[pfn] |= PageFlags.PG_ACTIVE;
                    activated++;
                } else if (r == SHRINK_KEEP_AFTER_IO) {
                    pageout++;
                }
                isolated[kept++] = pfn;
            }
        }
        putBack(nid, kept);
        events[VmEvent.PGACTIVATE] += activated;
        events[kswapdRunning ? VmEvent.PGSTEAL_KSWAPD : VmEvent.PGSTEAL_DIRECT] += reclaimed;
        events[file ? VmEvent.PGSTEAL_FILE : VmEvent.PGSTEAL_ANON] += reclaimed;
        lru.noteCost(nid, file, pageout, scanned - reclaimed);
        return reclaimed;
    }

    private static final int SHRINK_FREED = 0, SHRINK_FREED_AFTER_IO = 1, SHRINK_KEEP = 2, SHRINK_ACTIVATE = 3,
            SHRINK_KEEP_AFTER_IO = 4;

    /** shrink_folio_list() for one isolated page: freed, kept or activated. */
    private int shrinkFolio(int pfn) {
        int flags = m.flags[pfn];
        if ((flags & (PageFlags.PG_UNEVICTABLE | PageFlags.PG_MLOCKED)) != 0) {
            return SHRINK_KEEP;
        }
        boolean mapped = m.mapcount[pfn] > 0;
        if (!scMayUnmap && mapped) {
            return SHRINK_KEEP;
        }
        int ref = checkReferences(pfn);
        if (ref == FOLIOREF_ACTIVATE) {
            return SHRINK_ACTIVATE;
        }
        if (ref == FOLIOREF_KEEP) {
            return SHRINK_KEEP;
        }
        boolean swapCache = (flags & PageFlags.PG_SWAPCACHE) != 0;
        boolean anon = swapCache || rmap.isAnon(pfn);
        boolean swapBacked = (flags & PageFlags.PG_SWAPBACKED) != 0;
        if (!anon && swapBacked) {
            // shmem: writing it to swap (shmem_writeout) is not modelled
            return SHRINK_ACTIVATE;
        }
        if (anon && swapBacked && !swapCache) {
            if ((scGfp & Gfp.__GFP_IO) == 0) {
                return SHRINK_KEEP;
            }
            if (!swap.addToSwap(pfn)) {
                return SHRINK_ACTIVATE;
            }
            swapCache = true;
        }
        if (m.mapcount[pfn] > 0) {
            tryToUnmap(pfn, anon);
            if (m.mapcount[pfn] > 0) {
                return SHRINK_ACTIVATE;
            }
        }
        boolean wrote = false;
        if ((m.flags[pfn] & PageFlags.PG_DIRTY) != 0) {
            if (anon && !swapBacked) {
                // a lazyfree page written to again: it must be kept (the unmap restored swapbacked)
                return SHRINK_ACTIVATE;
            }
            if (ref == FOLIOREF_RECLAIM_CLEAN || !scMayWritepage) {
                return SHRINK_KEEP;
            }
            if (swapCache) {
                wrote = swap.writePage(pfn);
                if (wrote) {
                    charge(CostModel.Op.SWAP_WRITE, 1);
                }
            } else if (!pageCache.writePage(pfn)) {
                return SHRINK_ACTIVATE;
            } else {
                wrote = true;
            }
        }
        // __remove_mapping(): only the isolation reference and the cache's may remain
        int expected = 1 + (swapCache || (!anon) ? 1 : 0);
        if (m.refcount[pfn] != expected) {
            return wrote ? SHRINK_KEEP_AFTER_IO : SHRINK_KEEP;
        }
        if (swapCache) {
            swap.evict(pfn, swap.workingset.eviction(pfn));
        } else if (!anon) {
            if (!pageCache.removeMapping(pfn)) {
                return wrote ? SHRINK_KEEP_AFTER_IO : SHRINK_KEEP;
            }
        } else {
            events[VmEvent.PGLAZYFREED]++;
        }
        m.flags[pfn] &= ~(PageFlags.PG_ACTIVE | PageFlags.PG_REFERENCED | PageFlags.PG_WORKINGSET);
        um.alloc.freePages(pfn, 0);
        return wrote ? SHRINK_FREED_AFTER_IO : SHRINK_FREED;
    }

    /** folio_check_references(). */
    private int checkReferences(int pfn) {
        int ptes = referenced(pfn);
        boolean referencedFolio = (m.flags[pfn] & PageFlags.PG_REFERENCED) != 0;
        m.flags[pfn] &= ~PageFlags.PG_REFERENCED;
        long vmFlags = referencedVisitor.vmFlags;
        if ((vmFlags & VmFlags.VM_LOCKED) != 0) {
            return FOLIOREF_ACTIVATE;
        }
        boolean file = Lru.isFileLru(m.flags[pfn]);
        if (ptes != 0) {
            m.flags[pfn] |= PageFlags.PG_REFERENCED;
            if (referencedFolio || ptes > 1) {
                return FOLIOREF_ACTIVATE;
            }
            if ((vmFlags & VmFlags.VM_EXEC) != 0 && file) {
                return FOLIOREF_ACTIVATE;
            }
            return FOLIOREF_KEEP;
        }
        if (referencedFolio && file) {
            return FOLIOREF_RECLAIM_CLEAN;
        }
        return FOLIOREF_RECLAIM;
    }

    /** folio_referenced(): mappings whose accessed bit was set (and is now clear); vm_flags gathered. */
    int referenced(int pfn) {
        Referenced v = referencedVisitor;
        v.count = 0;
        v.vmFlags = 0;
        v.pfn = pfn;
        v.hasLast = false;
        if (m.mapcount[pfn] == 0) {
            return 0;
        }
        walk(pfn, v);
        return v.count;
    }

    private void walk(int pfn, Rmap.Visitor v) {
        if (rmap.isAnon(pfn)) {
            rmap.walk(pfn, v);
        } else {
            List<VmFile> files = pageCache.filesOf(pfn);
            for (int i = 0; i < files.size(); i++) {
                rmap.walkFile(files.get(i), pageCache.indexOf(pfn), pfn, v);
            }
        }
    }

    /** folio_referenced_one(). */
    private final class Referenced implements Rmap.Visitor {
        int count;
        long vmFlags;
        /** The page walked and the last mapping the walk found, for try_to_unmap to reuse. */
        int pfn;
        MmStruct lastMm;
        PageTable lastPt;
        Vma lastVma;
        long lastAddress;
        boolean hasLast;

        @Override
        public void mapping(MmStruct mm, PageTable pt, Vma vma, long address) {
            // compared before stored: the scan finds the same ones page after page, and a reference
            // store into this long-lived object costs G1's card-marking barrier with its fence
            if (lastMm != mm) {
                lastMm = mm;
            }
            if (lastPt != pt) {
                lastPt = pt;
            }
            if (lastVma != vma) {
                lastVma = vma;
            }
            lastAddress = address;
            hasLast = true;
            if ((vma.flags() & VmFlags.VM_LOCKED) != 0) {
                vmFlags |= VmFlags.VM_LOCKED;
                return;
            }
            long[] t = pt.pteTable(address);
            int i = PageTable.pteIndex(address);
            // ptep_clear_flush_young(): x86 clears the bit without a TLB flush
            if ((t[i] & Pte.ACCESSED) != 0) {
                t[i] &= ~Pte.ACCESSED;
                count++;
                vmFlags |= vma.flags();
            }
        }
    }

    /** try_to_unmap(): every mapping's PTE cleared (a swap entry for an anonymous page). */
    private void tryToUnmap(int pfn, boolean anon) {
        Unmapper u = unmapper;
        u.pfn = pfn;
        u.anon = anon;
        Referenced r = referencedVisitor;
        // the reference check just walked to the only PTE of an anonymous page: unmap it there
        if (r.pfn == pfn && r.hasLast && m.mapcount[pfn] == 1 && rmap.isAnon(pfn)) {
            long pte = r.lastPt.pte(r.lastAddress);
            if (Pte.present(pte) && Pte.pfn(pte) == pfn) {
                u.mapping(r.lastMm, r.lastPt, r.lastVma, r.lastAddress);
                return;
            }
        }
        walk(pfn, u);
    }

    /** try_to_unmap_one(). */
    private final class Unmapper implements Rmap.Visitor {
        int pfn;
        boolean anon;

        @Override
        public void mapping(MmStruct mm, PageTable pt, Vma vma, long address) {
            if ((vma.flags() & VmFlags.VM_LOCKED) != 0) {
                return;
            }
            long[] t = pt.pteTable(address);
            int i = PageTable.pteIndex(address);
            long e = t[i];
            int flags = m.flags[pfn];
            boolean dirty = (e & Pte.DIRTY) != 0;
            if (anon && (flags & PageFlags.PG_SWAPBACKED) == 0 && (dirty || (flags & PageFlags.PG_DIRTY) != 0)) {
                // MADV_FREE page written since: it is swap-backed again and stays mapped
                m.flags[pfn] |= PageFlags.PG_SWAPBACKED | PageFlags.PG_DIRTY;
                return;
            }
            t[i] = 0;
            um.flushTlbRange(pt, address, address + MemMap.PAGE_SIZE, false);
            charge(CostModel.Op.RECLAIM_UNMAP, 1);
            if (dirty) {
                if (anon) {
                    m.flags[pfn] |= PageFlags.PG_DIRTY;
                } else {
                    pageCache.setDirty(pfn);
                }
            }
            if (anon && (flags & PageFlags.PG_SWAPCACHE) != 0) {
                int entry = swap.entryOf(pfn);
                swap.swapFile.dup(entry);
                long swp = Pte.swapEntry(SwapFile.type(entry), SwapFile.offset(entry));
                if ((flags & PageFlags.PG_ANON_EXCLUSIVE) != 0) {
                    swp |= Pte.SWP_EXCLUSIVE;
                }
                t[i] = swp;
                pt.rss[PageTable.MM_SWAPENTS]++;
            }
            pt.rss[rmap.mmCounter(pfn)]--;
            rmap.remove(pfn);
            m.refcount[pfn]--;
        }
    }

    /** True when some zone up to highestZoneidx meets its high watermark for order (pgdat_balanced). */
    boolean balanced(Node node, int order, int highestZoneidx) {
        boolean any = false;
        for (int t = 0; t <= highestZoneidx && t < ZoneType.MAX_NR_ZONES; t++) {
            Zone z = node.zones[t];
            if (z.managedPages == 0) {
                continue;
            }
            any = true;
            if (PageAlloc.watermarkOk(z, order, z.wmark(Zone.WMARK_HIGH), highestZoneidx, 0)) {
                return true;
            }
        }
        return !any;
    }

    void setInReclaim(boolean v) {
        inReclaim = v;
    }
}
