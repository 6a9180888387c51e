/*
 * The physical page allocator (mm/page_alloc.c): buddy free lists per order and migratetype,
 * __free_one_page merging, expand(), __rmqueue_smallest, fallback by claiming whole pageblocks or
 * stealing (__rmqueue_claim, __rmqueue_steal, try_to_claim_block), the per-CPU lists with Linux 6.x's
 * adaptive high and batch (nr_pcp_alloc, nr_pcp_high, nr_pcp_free, free_pcppages_bulk), watermark
 * checks (zone_watermark_fast, __zone_watermark_ok), get_page_from_freelist over the zonelist (filtered
 * by a memory policy's nodemask when one is given: allocPagesNodemask) with ALLOC_NOFRAGMENT, the
 * highatomic reserve, watermark boosting, and the slow path's reclaim steps
 * (wake_all_kswapds, __alloc_pages_direct_reclaim with its drain-and-retry, should_reclaim_retry,
 * __alloc_pages_may_oom) through the Reclaim and OomHandler seams.
 * With a page-contents store attached, a freed block drops its bytes (as init_on_free=1 would: the
 * store keeps no garbage) and a __GFP_ZERO allocation is cleared (prep_new_page's clear_highpage).
 * When reclaim gives up, __alloc_pages_may_oom() calls the OOM killer through OomHandler and
 * retries while it kills; a dying task may then use part of the reserves (ALLOC_OOM).
 * Left out until their issues land: compaction; cpusets; CMA; page poisoning and KASAN.
 * Hot paths use only primitive arrays and locals: no allocation, no boxing.
 */
package org.mmsim.mm.buddy;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageContents;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.page.PageList;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.mm.zone.Watermarks;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.mm.zone.Zones;

import java.util.Arrays;

public final class PageAlloc {
    /** alloc_flags (mm/internal.h). */
    public static final int ALLOC_WMARK_MIN = Zone.WMARK_MIN, ALLOC_WMARK_LOW = Zone.WMARK_LOW,
            ALLOC_WMARK_HIGH = Zone.WMARK_HIGH, ALLOC_NO_WATERMARKS = 0x04, ALLOC_WMARK_MASK = 0x03,
            ALLOC_OOM = 0x08, ALLOC_NON_BLOCK = 0x10, ALLOC_MIN_RESERVE = 0x20, ALLOC_CPUSET = 0x40,
            ALLOC_NOFRAGMENT = 0x100, ALLOC_HIGHATOMIC = 0x200, ALLOC_KSWAPD = 0x800;
    static final int ALLOC_RESERVES = ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM;
    /** enum rmqueue_mode. */
    private static final int RMQUEUE_NORMAL = 0, RMQUEUE_CLAIM = 2, RMQUEUE_STEAL = 3;
    private static final int MAX_ORDER = Zone.MAX_PAGE_ORDER;
    private static final int PB_ORDER = Zones.PAGEBLOCK_ORDER;
    private static final int PB_PAGES = Zones.PAGEBLOCK_NR_PAGES;

    /** What the slow path reports when an allocation fails, so the caller (kernel layer) can log it. */
    public interface FailureReporter {
        /** warn_alloc(): the slow path gave up on this request. */
        void allocationFailed(int gfp, int order, int preferredNid);

        /** WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER): a caller bug, reported once per boot. */
        void orderTooLarge(int gfp, int order);
    }

    /** __alloc_pages_may_oom()'s seam to the OOM killer, which the kernel layer installs. */
    public interface OomHandler {
        /** tsk_is_oom_victim(current): the allocating task is dying and may dip into the reserves (ALLOC_OOM). */
        boolean currentIsVictim();

        /** out_of_memory(): true when a task was killed, so the allocation is worth retrying. */
        boolean outOfMemory(int gfp, int order);
    }

    /** What the slow path asks of page reclaim (mm/vmscan.c); NONE on a machine without it. */
    public interface Reclaim {
        /** wakeup_kswapd() for a zone of the zonelist. */
        void wakeKswapd(Zone zone, int gfp, int order, int highestZoneidx);

        /** Lets an awake kswapd do the work the simulated time since it last ran allows. */
        void runKswapd();

        /** Whether runKswapd() has nothing to do whatever the clock says (every kswapd asleep, none napping). */
        boolean kswapdAsleep();

        /** try_to_free_pages(): pages reclaimed for this allocation. */
        long tryToFreePages(int gfp, int order, Node node, int highestZoneidx);

        /** zone_reclaimable_pages(). */
        long zoneReclaimablePages(Zone zone);

        Reclaim NONE = new Reclaim() {
            @Override
            public void wakeKswapd(Zone zone, int gfp, int order, int highestZoneidx) {
            }

            @Override
            public void runKswapd() {
            }

            @Override
            public boolean kswapdAsleep() {
                return true;
            }

            @Override
            public long tryToFreePages(int gfp, int order, Node node, int highestZoneidx) {
                return 0;
            }

            @Override
            public long zoneReclaimablePages(Zone zone) {
                return 0;
            }
        };
    }

    /** __page_cache_release(): a page still on an LRU list leaves it when its last reference goes. */
    public interface LruRelease {
        void release(int pfn);
    }

    /** MAX_RECLAIM_RETRIES. */
    static final int MAX_RECLAIM_RETRIES = 16;

    private final Zones zones;
    private final MemMap m;
    private OomHandler oomHandler;
    private final Watermarks watermarks;
    private Reclaim reclaim = Reclaim.NONE;
    private LruRelease lruRelease;
    private final long[] events;
    private FailureReporter failureReporter = new FailureReporter() {
        @Override
        public void allocationFailed(int gfp, int order, int preferredNid) {
        }

        @Override
        public void orderTooLarge(int gfp, int order) {
        }
    };
    /** The frames' bytes, or null on a machine that keeps none. */
    private PageContents contents;
    /** The once of WARN_ON_ONCE for an order above MAX_PAGE_ORDER. */
    private boolean warnedOrderTooLarge;
    /** The CPU allocations and frees run on (smp_processor_id()). */
    private int cpu;
    /** rmqueue mode carried across one rmqueue_bulk, as Linux keeps it in a local. */
    private int rmqueueMode;
    /** Whether rmqueue_bulk carves order-0 batches out of one block (off only to test it against page by page). */
    boolean carveBatches = true;

    /** A nodemask allowing every node: what an allocation without a policy nodemask uses. */
    private static final long ALL_NODES = -1L;
    /** The nodemask of the allocation under way (allocPagesNodemask); ALL_NODES otherwise. */
    private long nodemask = ALL_NODES;

    public PageAlloc(Zones zones, Watermarks watermarks, long[] vmEvents) {
        this.zones = zones;
        this.m = zones.memMap;
        this.watermarks = watermarks;
        this.events = vmEvents;
        for (Zone z : zones.allZones()) {
            z.pcp = new PerCpuPages[zones.nrCpus()];
            for (int c = 0; c < z.pcp.length; c++) {
                z.pcp[c] = new PerCpuPages();
            }
        }
    }

    public void setFailureReporter(FailureReporter reporter) {
        this.failureReporter = reporter;
    }

    public void setOomHandler(OomHandler handler) {
        this.oomHandler = handler;
    }

    public void setReclaim(Reclaim reclaim) {
        this.reclaim = reclaim;
    }


    public void setLruRelease(LruRelease release) {
        this.lruRelease = release;
    }

    /** Attaches the frames' contents store: frees clear, __GFP_ZERO allocations clear. */
    public void setContents(PageContents contents) {
        this.contents = contents;
    }

    public void setCpu(int cpu) {
        this.cpu = cpu;
    }

    public int cpu() {
        return cpu;
    }

    public Zones zones() {
        return zones;
    }

    // ---------------------------------------------------------------- free lists

    private void addToFreeList(Zone zone, int pfn, int order, int mt, boolean tail) {
        int list = Zone.freeList(order, mt);
        if (tail) {
            PageList.addTail(m, zone.freeHead, zone.freeTail, list, pfn);
        } else {
            PageList.addHead(m, zone.freeHead, zone.freeTail, list, pfn);
        }
        zone.freeListLength[list]++;
        zone.nrFree[order]++;
        m.flags[pfn] = (m.flags[pfn] & ~PageFlags.TYPE_MASK) | PageFlags.TYPE_BUDDY;
        m.priv[pfn] = order;
        if (order >= PB_ORDER && mt != MigrateType.ISOLATE) {
            zone.stats[ZoneStat.NR_FREE_PAGES_BLOCKS] += 1L << order;
        }
    }

    private void delFromFreeList(Zone zone, int pfn, int order, int mt) {
        int list = Zone.freeList(order, mt);
        PageList.del(m, zone.freeHead, zone.freeTail, list, pfn);
        zone.freeListLength[list]--;
        zone.nrFree[order]--;
        m.flags[pfn] &= ~PageFlags.TYPE_MASK;
        m.priv[pfn] = 0;
        if (order >= PB_ORDER && mt != MigrateType.ISOLATE) {
            zone.stats[ZoneStat.NR_FREE_PAGES_BLOCKS] -= 1L << order;
        }
    }

    private void moveToFreeList(Zone zone, int pfn, int order, int oldMt, int newMt) {
        delFromFreeList(zone, pfn, order, oldMt);
        addToFreeList(zone, pfn, order, newMt, true);
        accountFreepages(zone, -(1L << order), oldMt);
        accountFreepages(zone, 1L << order, newMt);
    }

    /** account_freepages(): NR_FREE_PAGES and the free highatomic count; isolated pages are not free. */
    private static void accountFreepages(Zone zone, long nr, int mt) {
        if (mt == MigrateType.ISOLATE) {
            return;
        }
        zone.stats[ZoneStat.NR_FREE_PAGES] += nr;
        if (mt == MigrateType.HIGHATOMIC) {
            zone.nrFreeHighatomic += nr;
        }
    }

    /** page_is_buddy() for find_buddy_page_pfn(): a free block head of this order in the same zone. */
    private boolean isBuddyOf(int buddyPfn, int order, int zoneId) {
        return buddyPfn < m.nrFrames
                && (m.flags[buddyPfn] & PageFlags.TYPE_MASK) == PageFlags.TYPE_BUDDY
                && m.priv[buddyPfn] == order
                && zones.zoneIdOf(buddyPfn) == zoneId;
    }

    /** __free_one_page(): merge with free buddies as far as possible, then list the block. */
    private void freeOnePage(Zone zone, int pfn, int order, int mt, boolean toTail) {
        accountFreepages(zone, 1L << order, mt);
        int buddyPfn = 0;
        while (order < MAX_ORDER) {
            buddyPfn = pfn ^ (1 << order);
            if (!isBuddyOf(buddyPfn, order, zone.id)) {
                break;
            }
            int buddyMt = zones.migratetypeOf(buddyPfn);
            if (order >= PB_ORDER && mt != buddyMt && (!isMergeable(mt) || !isMergeable(buddyMt))) {
                break;
            }
            delFromFreeList(zone, buddyPfn, order, buddyMt);
            if (buddyMt != mt) {
                // Match the buddy's pageblock to ours so a later expand() lists halves correctly.
                zones.setPageblockMigratetype(buddyPfn, mt);
            }
            pfn &= buddyPfn;
            order++;
        }
        boolean tail = toTail || buddyMergeLikely(pfn, buddyPfn, order, zone.id);
        addToFreeList(zone, pfn, order, mt, tail);
    }

    /** migratetype_is_mergeable(): only the per-CPU types; HIGHATOMIC and ISOLATE blocks keep apart. */
    private static boolean isMergeable(int mt) {
        return mt < MigrateType.PCPTYPES;
    }

    /** buddy_merge_likely(): list at the tail when the next-larger buddy is free, to let it merge. */
    private boolean buddyMergeLikely(int pfn, int buddyPfn, int order, int zoneId) {
        if (order >= MAX_ORDER - 1) {
            return false;
        }
        int higherPfn = buddyPfn & pfn;
        int higherBuddy = higherPfn ^ (1 << (order + 1));
        return isBuddyOf(higherBuddy, order + 1, zoneId);
    }

    /** expand(): split a 2^high block down to 2^low, listing the upper halves; returns pages listed. */
    private int expand(Zone zone, int pfn, int low, int high, int mt) {
        int size = 1 << high;
        int added = 0;
        while (high > low) {
            high--;
            size >>= 1;
            addToFreeList(zone, pfn + size, high, mt, false);
            added += size;
        }
        return added;
    }

    /** page_del_and_expand(). */
    private void delAndExpand(Zone zone, int pfn, int low, int high, int mt) {
        delFromFreeList(zone, pfn, high, mt);
        int added = expand(zone, pfn, low, high, mt);
        accountFreepages(zone, -((1L << high) - added), mt);
    }

    /** __rmqueue_smallest(): the smallest free block of this migratetype that fits. */
    private int rmqueueSmallest(Zone zone, int order, int mt) {
        for (int o = order; o <= MAX_ORDER; o++) {
            int pfn = zone.freeHead[Zone.freeList(o, mt)];
            if (pfn != MemMap.NIL) {
                delAndExpand(zone, pfn, order, o, mt);
                return pfn;
            }
        }
        return MemMap.NIL;
    }

    /** find_suitable_fallback(): the first fallback type with a free block of this order. */
    private int findSuitableFallback(Zone zone, int order, int mt) {
        if (zone.nrFree[order] == 0) {
            return -1;
        }
        int[] fb = MigrateType.FALLBACKS[mt];
        for (int fallback : fb) {
            if (zone.freeHead[Zone.freeList(order, fallback)] != MemMap.NIL) {
                return fallback;
            }
        }
        return -1;
    }

    /** should_try_claim_block(). */
    private static boolean shouldTryClaimBlock(int order, int startMt) {
        if (order >= PB_ORDER / 2) {
            return true;
        }
        return startMt == MigrateType.RECLAIMABLE || startMt == MigrateType.UNMOVABLE;
    }

    /** __rmqueue_claim(): take over a whole pageblock of another type, largest blocks first. */
    private int rmqueueClaim(Zone zone, int order, int startMt, int allocFlags) {
        int minOrder = order;
        if (order < PB_ORDER && (allocFlags & ALLOC_NOFRAGMENT) != 0) {
            minOrder = PB_ORDER;
        }
        for (int o = MAX_ORDER; o >= minOrder; o--) {
            int fallbackMt = findSuitableFallback(zone, o, startMt);
            if (fallbackMt == -1) {
                continue;
            }
            if (!shouldTryClaimBlock(o, startMt)) {
                break;
            }
            int pfn = zone.freeHead[Zone.freeList(o, fallbackMt)];
            int page = tryToClaimBlock(zone, pfn, o, order, startMt, fallbackMt, allocFlags);
            if (page != MemMap.NIL) {
                return page;
            }
        }
        return MemMap.NIL;
    }

    /** __rmqueue_steal(): borrow the smallest fitting block of another type without claiming its block. */
    private int rmqueueSteal(Zone zone, int order, int startMt) {
        for (int o = order; o <= MAX_ORDER; o++) {
            int fallbackMt = findSuitableFallback(zone, o, startMt);
            if (fallbackMt == -1) {
                continue;
            }
            int pfn = zone.freeHead[Zone.freeList(o, fallbackMt)];
            delAndExpand(zone, pfn, order, o, fallbackMt);
            return pfn;
        }
        return MemMap.NIL;
    }

    /** try_to_claim_block(). */
    private int tryToClaimBlock(Zone zone, int pfn, int currentOrder, int order, int startMt, int blockMt,
                                int allocFlags) {
        if (currentOrder >= PB_ORDER) {
            delFromFreeList(zone, pfn, currentOrder, blockMt);
            accountFreepages(zone, -(1L << currentOrder), blockMt);
            for (int b = pfn; b < pfn + (1 << currentOrder); b += PB_PAGES) {
                zones.setPageblockMigratetype(b, startMt);
            }
            int added = expand(zone, pfn, order, currentOrder, startMt);
            accountFreepages(zone, added, startMt);
            return pfn;
        }
        if (boostWatermark(zone) && (allocFlags & ALLOC_KSWAPD) != 0) {
            zone.flags |= Zone.ZONE_BOOSTED_WATERMARK;
        }
        int start = pfn & ~(PB_PAGES - 1);
        if (!zone.spans(start) || !zone.spans(start + PB_PAGES - 1L)) {
            return MemMap.NIL;
        }
        int freePages = 0;
        int movablePages = 0;
        for (int p = start; p < start + PB_PAGES; ) {
            if (m.isBuddy(p)) {
                int o = m.priv[p];
                freePages += 1 << o;
                p += 1 << o;
                continue;
            }
            if ((m.flags[p] & PageFlags.PG_LRU) != 0) {
                movablePages++;
            }
            p++;
        }
        int alikePages;
        if (startMt == MigrateType.MOVABLE) {
            alikePages = movablePages;
        } else if (blockMt == MigrateType.MOVABLE) {
            alikePages = PB_PAGES - (freePages + movablePages);
        } else {
            alikePages = 0;
        }
        if (freePages + alikePages >= (1 << (PB_ORDER - 1))) {
            moveFreepagesBlock(zone, start, blockMt, startMt);
            return rmqueueSmallest(zone, order, startMt);
        }
        return MemMap.NIL;
    }

    /** __move_freepages_block() plus set_pageblock_migratetype(); returns the pages moved. */
    private int moveFreepagesBlock(Zone zone, int start, int oldMt, int newMt) {
        int moved = 0;
        for (int p = start; p < start + PB_PAGES; ) {
            if (m.isBuddy(p)) {
                int o = m.priv[p];
                moveToFreeList(zone, p, o, oldMt, newMt);
                moved += 1 << o;
                p += 1 << o;
            } else {
                p++;
            }
        }
        zones.setPageblockMigratetype(start, newMt);
        return moved;
    }

    /** boost_watermark(): raise the zone's watermarks after a fragmenting fallback, to wake reclaim. */
    private boolean boostWatermark(Zone zone) {
        int factor = watermarks.watermarkBoostFactor();
        if (factor == 0) {
            return false;
        }
        if ((long) PB_PAGES * 4 > zone.managedPages) {
            return false;
        }
        long maxBoost = zone.watermark[Zone.WMARK_HIGH] * factor / 10000;
        if (maxBoost == 0) {
            return false;
        }
        maxBoost = Math.max(PB_PAGES, maxBoost);
        zone.watermarkBoost = Math.min(zone.watermarkBoost + PB_PAGES, maxBoost);
        return true;
    }

    /** __rmqueue(): own type first, then claim, then steal; remembers which worked in rmqueueMode. */
    private int rmqueue(Zone zone, int order, int mt, int allocFlags) {
        int page;
        switch (rmqueueMode) {
            case RMQUEUE_NORMAL:
                page = rmqueueSmallest(zone, order, mt);
                if (page != MemMap.NIL) {
                    return page;
                }
                // fall through
            case RMQUEUE_CLAIM:
                page = rmqueueClaim(zone, order, mt, allocFlags);
                if (page != MemMap.NIL) {
                    rmqueueMode = RMQUEUE_NORMAL;
                    return page;
                }
                // fall through
            case RMQUEUE_STEAL:
            default:
                if ((allocFlags & ALLOC_NOFRAGMENT) == 0) {
                    page = rmqueueSteal(zone, order, mt);
                    if (page != MemMap.NIL) {
                        rmqueueMode = RMQUEUE_STEAL;
                        return page;
                    }
                }
                return MemMap.NIL;
        }
    }

    // ---------------------------------------------------------------- per-CPU lists

    /** nr_pcp_alloc(): how many pages to pull from the buddy lists into an empty per-CPU list. */
    private static int nrPcpAlloc(PerCpuPages pcp, Zone zone, int order) {
        int baseBatch = pcp.batch;
        int high = pcp.high = clamp(pcp.high, pcp.highMin, pcp.highMax);
        if (high < baseBatch) {
            return 1;
        }
        int batch = order != 0 ? baseBatch : baseBatch << pcp.allocFactor;
        if (pcp.highMin != pcp.highMax && (zone.flags & Zone.ZONE_BELOW_HIGH) == 0) {
            high = pcp.high = Math.min(high + batch, pcp.highMax);
        }
        if (order == 0) {
            int maxNrAlloc = Math.max(high - pcp.count - baseBatch, baseBatch);
            if (batch <= maxNrAlloc && pcp.allocFactor < PerCpuPages.PCP_BATCH_SCALE_MAX) {
                pcp.allocFactor++;
            }
            batch = Math.min(batch, maxNrAlloc);
        }
        if (batch > 1) {
            batch = Math.max(batch >> order, 2);
        }
        return batch;
    }

    /** rmqueue_bulk(): fill a per-CPU list from the buddy lists, in physical order at its tail. */
    private int rmqueueBulk(Zone zone, int order, int count, PerCpuPages pcp, int pindex, int mt, int allocFlags) {
        rmqueueMode = RMQUEUE_NORMAL;
        int i = 0;
        while (i < count) {
            if (order == 0 && carveBatches && rmqueueMode == RMQUEUE_NORMAL) {
                int carved = carveOrder0(zone, count - i, pcp, pindex, mt);
                if (carved > 0) {
                    i += carved;
                    continue;
                }
            }
            int pfn = rmqueue(zone, order, mt, allocFlags);
            if (pfn == MemMap.NIL) {
                break;
            }
            PageList.addTail(m, pcp.head, pcp.tail, pindex, pfn);
            m.flags[pfn] = (m.flags[pfn] & ~PageFlags.TYPE_MASK) | PageFlags.TYPE_PCP;
            i++;
        }
        return i;
    }

    /**
     * Up to {@code want} consecutive __rmqueue_smallest() calls of order 0 in one pass, when the
     * smallest free block of type mt has order o > 0 (so every lower list of mt is empty): the calls
     * would take the block's first pages in ascending order, each split listing the upper halves,
     * and leave the untaken rest [pfn + n, pfn + 2^o) as its aligned binary decomposition, each piece
     * alone on its list. The same pages go to the per-CPU list and the same pieces, links, flags and
     * counters result, without listing and unlisting the intermediate halves. Returns the pages
     * taken, 0 when that shape is absent (the caller goes page by page).
     */
    private int carveOrder0(Zone zone, int want, PerCpuPages pcp, int pindex, int mt) {
        int o = 1;
        if (zone.freeHead[Zone.freeList(0, mt)] != MemMap.NIL) {
            return 0;
        }
        while (o <= MAX_ORDER && zone.freeHead[Zone.freeList(o, mt)] == MemMap.NIL) {
            o++;
        }
        if (o > MAX_ORDER) {
            return 0;
        }
        int pfn = zone.freeHead[Zone.freeList(o, mt)];
        int n = Math.min(want, 1 << o);
        delFromFreeList(zone, pfn, o, mt);
        int[] flags = m.flags;
        for (int p = pfn, end = pfn + n; p < end; p++) {
            PageList.addTail(m, pcp.head, pcp.tail, pindex, p);
            flags[p] = (flags[p] & ~PageFlags.TYPE_MASK) | PageFlags.TYPE_PCP;
            m.priv[p] = 0;
        }
        // Pieces in ascending order, as expand() lists each into its (empty) list.
        int rest = (1 << o) - n;
        int at = pfn + n;
        for (int j = 0; j < o; j++) {
            if ((rest & (1 << j)) != 0) {
                addToFreeList(zone, at, j, mt, false);
                at += 1 << j;
            }
        }
        accountFreepages(zone, -n, mt);
        return n;
    }

    /** rmqueue_pcplist() / __rmqueue_pcplist(). */
    private int rmqueuePcplist(Zone zone, int order, int mt, int allocFlags) {
        PerCpuPages pcp = zone.pcp[cpu];
        pcp.freeCount >>= 1;
        int pindex = PerCpuPages.orderToPindex(mt, order);
        int pfn = pcp.head[pindex];
        if (pfn == MemMap.NIL) {
            int batch = nrPcpAlloc(pcp, zone, order);
            int got = rmqueueBulk(zone, order, batch, pcp, pindex, mt, allocFlags);
            pcp.count += got << order;
            if (got == 0) {
                return MemMap.NIL;
            }
            pfn = pcp.head[pindex];
        }
        // list_del() of the first entry: its prev link is already NIL.
        int[] next = m.next;
        int after = next[pfn];
        pcp.head[pindex] = after;
        if (after == MemMap.NIL) {
            pcp.tail[pindex] = MemMap.NIL;
        } else {
            m.prev[after] = MemMap.NIL;
        }
        next[pfn] = MemMap.NIL;
        m.flags[pfn] &= ~PageFlags.TYPE_MASK;
        pcp.count -= 1 << order;
        return pfn;
    }

    /** nr_pcp_high(): the adaptive high mark, shrunk when the zone is short and grown when freeing. */
    private static int nrPcpHigh(PerCpuPages pcp, Zone zone, int batch, boolean freeHigh) {
        int highMin = pcp.highMin;
        int highMax = pcp.highMax;
        int high = pcp.high = clamp(pcp.high, highMin, highMax);
        if (high == 0) {
            return 0;
        }
        if (freeHigh) {
            pcp.high = Math.max(high - (batch << PerCpuPages.PCP_BATCH_SCALE_MAX), highMin);
            return 0;
        }
        if ((zone.flags & Zone.ZONE_RECLAIM_ACTIVE) != 0) {
            int freeCount = Math.max(pcp.freeCount, batch);
            pcp.high = Math.max(high - freeCount, highMin);
            return Math.min(batch << 2, pcp.high);
        }
        if (highMin == highMax) {
            return high;
        }
        if ((zone.flags & Zone.ZONE_BELOW_HIGH) != 0) {
            int freeCount = Math.max(pcp.freeCount, batch);
            pcp.high = Math.max(high - freeCount, highMin);
            high = Math.max(pcp.count, highMin);
        } else if (pcp.count >= high) {
            int needHigh = pcp.freeCount + batch;
            if (pcp.high < needHigh) {
                pcp.high = clamp(needHigh, highMin, highMax);
            }
        }
        return high;
    }

    /** nr_pcp_free(). */
    private static int nrPcpFree(PerCpuPages pcp, int batch, int high, boolean freeHigh) {
        if (freeHigh) {
            return Math.min(pcp.count, batch << PerCpuPages.PCP_BATCH_SCALE_MAX);
        }
        if (high < batch) {
            return 1;
        }
        return clamp(pcp.freeCount, batch, high - batch);
    }

    /** free_pcppages_bulk(): return pages from the per-CPU lists to the buddy, round robin from the tails. */
    private void freePcppagesBulk(Zone zone, int count, PerCpuPages pcp, int pindex) {
        pindex = pindex - 1;
        while (count > 0) {
            do {
                if (++pindex > PerCpuPages.NR_PCP_LISTS - 1) {
                    pindex = 0;
                }
            } while (pcp.head[pindex] == MemMap.NIL);
            int order = PerCpuPages.pindexToOrder(pindex, PB_ORDER);
            int nr = 1 << order;
            do {
                int pfn = pcp.tail[pindex];
                PageList.del(m, pcp.head, pcp.tail, pindex, pfn);
                m.flags[pfn] &= ~PageFlags.TYPE_MASK;
                count -= nr;
                pcp.count -= nr;
                freeOnePage(zone, pfn, order, zones.migratetypeOf(pfn), false);
            } while (count > 0 && pcp.head[pindex] != MemMap.NIL);
        }
    }

    /** free_frozen_page_commit(). */
    private void freeToPcp(Zone zone, PerCpuPages pcp, int pfn, int mt, int order) {
        pcp.allocFactor >>= 1;
        int pindex = PerCpuPages.orderToPindex(mt, order);
        PageList.addHead(m, pcp.head, pcp.tail, pindex, pfn);
        m.flags[pfn] = (m.flags[pfn] & ~PageFlags.TYPE_MASK) | PageFlags.TYPE_PCP;
        pcp.count += 1 << order;
        int batch = pcp.batch;
        boolean freeHigh = false;
        if (order != 0 && order <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER) {
            freeHigh = pcp.freeCount >= batch + pcp.highMin / 2
                    && (pcp.flags & PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER) != 0
                    && ((pcp.flags & PerCpuPages.PCPF_FREE_HIGH_BATCH) == 0 || pcp.count >= batch);
            pcp.flags |= PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER;
        } else if ((pcp.flags & PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER) != 0) {
            pcp.flags &= ~PerCpuPages.PCPF_PREV_FREE_HIGH_ORDER;
        }
        if (pcp.freeCount < (batch << PerCpuPages.PCP_BATCH_SCALE_MAX)) {
            pcp.freeCount += 1 << order;
        }
        int high = nrPcpHigh(pcp, zone, batch, freeHigh);
        if (pcp.count < high) {
            return;
        }
        int toFree = nrPcpFree(pcp, batch, high, freeHigh);
        if (toFree == 0) {
            return;
        }
        freePcppagesBulk(zone, toFree, pcp, pindex);
        if ((zone.flags & Zone.ZONE_BELOW_HIGH) != 0
                && watermarkOk(zone, 0, zone.wmark(Zone.WMARK_HIGH), ZoneType.MOVABLE, 0)) {
            zone.flags &= ~Zone.ZONE_BELOW_HIGH;
        }
    }

    /** drain_all_pages(NULL): every CPU's lists of every zone back to the buddy. */
    public void drainAllPages() {
        for (Zone zone : zones.allZones()) {
            for (PerCpuPages pcp : zone.pcp) {
                if (pcp.count > 0) {
                    freePcppagesBulk(zone, pcp.count, pcp, 0);
                }
            }
        }
    }

    // ---------------------------------------------------------------- watermarks

    /** __zone_watermark_unusable_free(): highatomic reserves are off limits to ordinary callers. */
    private static long unusableFree(Zone z, int order, int allocFlags) {
        long unusable = 0;
        if ((allocFlags & ALLOC_RESERVES) == 0) {
            unusable += z.nrFreeHighatomic;
        }
        return unusable;
    }

    /** __zone_watermark_ok(). */
    private static boolean watermarkOkFull(Zone z, int order, long mark, int highestZoneidx, int allocFlags,
                                           long freePages) {
        long min = mark;
        freePages -= unusableFree(z, order, allocFlags);
        if ((allocFlags & ALLOC_RESERVES) != 0) {
            if ((allocFlags & ALLOC_MIN_RESERVE) != 0) {
                min -= min / 2;
                if ((allocFlags & ALLOC_NON_BLOCK) != 0) {
                    min -= min / 4;
                }
            }
            if ((allocFlags & ALLOC_OOM) != 0) {
                min -= min / 2;
            }
        }
        if (freePages <= min + z.lowmemReserve[highestZoneidx]) {
            return false;
        }
        if (order == 0) {
            return true;
        }
        for (int o = order; o <= MAX_ORDER; o++) {
            if (z.nrFree[o] == 0) {
                continue;
            }
            for (int mt = 0; mt < MigrateType.PCPTYPES; mt++) {
                if (z.freeHead[Zone.freeList(o, mt)] != MemMap.NIL) {
                    return true;
                }
            }
            if ((allocFlags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) != 0
                    && z.freeHead[Zone.freeList(o, MigrateType.HIGHATOMIC)] != MemMap.NIL) {
                return true;
            }
        }
        return false;
    }

    /** zone_watermark_ok(). */
    public static boolean watermarkOk(Zone z, int order, long mark, int highestZoneidx, int allocFlags) {
        return watermarkOkFull(z, order, mark, highestZoneidx, allocFlags, z.freePages());
    }

    /** zone_watermark_fast(): the order-0 shortcut, then the full check, then the boost exception. */
    private static boolean watermarkFast(Zone z, int order, long mark, int highestZoneidx, int allocFlags) {
        long freePages = z.freePages();
        if (order == 0) {
            long reserved = unusableFree(z, 0, allocFlags);
            long usable = freePages - Math.min(freePages, reserved);
            if (usable > mark + z.lowmemReserve[highestZoneidx]) {
                return true;
            }
        }
        if (watermarkOkFull(z, order, mark, highestZoneidx, allocFlags, freePages)) {
            return true;
        }
        if (order == 0 && (allocFlags & ALLOC_MIN_RESERVE) != 0 && z.watermarkBoost != 0
                && (allocFlags & ALLOC_WMARK_MASK) == ALLOC_WMARK_MIN) {
            return watermarkOkFull(z, order, z.watermark[Zone.WMARK_MIN], highestZoneidx, allocFlags, freePages);
        }
        return false;
    }

    // ---------------------------------------------------------------- allocation

    /**
     * __alloc_pages(gfp, order, nid, nodemask): as allocPages, but only from the zones of the nodes
     * in nodemask (one bit per node), as an MPOL_BIND policy asks.
     */
    public int allocPagesNodemask(int gfp, int order, int preferredNid, long nodemask) {
        this.nodemask = nodemask;
        try {
            return allocPages(gfp, order, preferredNid);
        } finally {
            this.nodemask = ALL_NODES;
        }
    }

    /** alloc_pages_node(nid, gfp, order): the first pfn of 2^order pages, or MemMap.NIL (-1) on failure. */
    public int allocPages(int gfp, int order, int preferredNid) {
        if (order > MAX_ORDER) {
            if ((gfp & Gfp.__GFP_NOWARN) == 0 && !warnedOrderTooLarge) {
                warnedOrderTooLarge = true;
                failureReporter.orderTooLarge(gfp, order);
            }
            return MemMap.NIL;
        }
        reclaim.runKswapd();
        Node node = zones.node(preferredNid);
        int highestZoneidx = Gfp.zone(gfp);
        int mt = Gfp.migratetype(gfp);
        boolean thisNode = (gfp & Gfp.__GFP_THISNODE) != 0;
        Zone preferred = firstZone(node, highestZoneidx, thisNode);
        if (preferred == null) {
            return slowPathFailed(gfp, order, preferredNid);
        }
        int allocFlags = ALLOC_WMARK_LOW | allocFlagsNofragment(preferred, gfp);
        int pfn = getPageFromFreelist(gfp, order, allocFlags, node, preferred, highestZoneidx, mt, thisNode);
        if (pfn != MemMap.NIL) {
            return pfn;
        }
        return slowPath(gfp, order, node, preferred, highestZoneidx, mt, thisNode);
    }

    /**
     * __alloc_pages()'s first get_page_from_freelist() (at the low watermark) alone, without the slow
     * path: the first pfn of 2^order pages, or NIL when no zone has them free above its low watermark.
     * For a large page-cache folio that readahead can do without (page_cache_ra_order() then falls
     * back to order 0, and that allocation wakes kswapd and reclaims as its own slow path says).
     */
    public int allocPagesFastPath(int gfp, int order, int preferredNid) {
        if (order > MAX_ORDER) {
            return MemMap.NIL;
        }
        reclaim.runKswapd();
        Node node = zones.node(preferredNid);
        int highestZoneidx = Gfp.zone(gfp);
        boolean thisNode = (gfp & Gfp.__GFP_THISNODE) != 0;
        Zone preferred = firstZone(node, highestZoneidx, thisNode);
        if (preferred == null) {
            return MemMap.NIL;
        }
        int allocFlags = ALLOC_WMARK_LOW | allocFlagsNofragment(preferred, gfp);
        return getPageFromFreelist(gfp, order, allocFlags, node, preferred, highestZoneidx, Gfp.migratetype(gfp),
                thisNode);
    }

    /**
     * alloc_pages_bulk() of order-0 pages into pfns[0..max): the pages, in the order, and with the
     * list, flag, counter and contents changes of that many allocPages(gfp, 0, preferredNid) calls,
     * taken only while each of those calls would take the fast path's first zone's per-CPU list
     * without side effects beyond the page: kswapd asleep (their runKswapd() a no-op, so the clock
     * does not matter), the zone passing the watermark check get_page_from_freelist() makes first
     * without its ZONE_BELOW_HIGH flag changing (popping per-CPU pages leaves NR_FREE_PAGES as it
     * is, so one check holds for all), no boosted-watermark kswapd wake pending, and pages left on
     * the list: the allocation that would refill it (rmqueue_bulk, which may fall back to other
     * migratetypes) is left to allocPages(). Returns how many pages it took, 0 when the caller
     * should call allocPages() instead.
     */
    public int allocPagesBulk(int gfp, int preferredNid, int[] pfns, int max) {
        if (!reclaim.kswapdAsleep() || nodemask != ALL_NODES) {
            return 0;
        }
        Node node = zones.node(preferredNid);
        int highestZoneidx = Gfp.zone(gfp);
        boolean thisNode = (gfp & Gfp.__GFP_THISNODE) != 0;
        // get_page_from_freelist()'s first zone is firstZone()'s, under the same filter
        Zone zone = firstZone(node, highestZoneidx, thisNode);
        if (zone == null) {
            return 0;
        }
        int allocFlags = ALLOC_WMARK_LOW | allocFlagsNofragment(zone, gfp);
        boolean ok = (zone.flags & Zone.ZONE_BELOW_HIGH) == 0
                ? watermarkFast(zone, 0, zone.wmark(Zone.WMARK_HIGH), highestZoneidx, allocFlags)
                : watermarkFast(zone, 0, zone.wmark(allocFlags & ALLOC_WMARK_MASK), highestZoneidx, allocFlags);
        if (!ok || ((allocFlags & ALLOC_KSWAPD) != 0 && (zone.flags & Zone.ZONE_BOOSTED_WATERMARK) != 0)) {
            return 0;
        }
        PerCpuPages pcp = zone.pcp[cpu];
        int pindex = PerCpuPages.orderToPindex(Gfp.migratetype(gfp), 0);
        int[] next = m.next;
        int[] prev = m.prev;
        int[] flags = m.flags;
        int pfn = pcp.head[pindex];
        int n = 0;
        while (n < max && pfn != MemMap.NIL) {
            int after = next[pfn];
            next[pfn] = MemMap.NIL;
            prev[pfn] = MemMap.NIL;
            flags[pfn] &= ~PageFlags.TYPE_MASK;
            pfns[n++] = pfn;
            pfn = after;
        }
        if (n == 0) {
            return 0;
        }
        // rmqueue_pcplist()'s list_del() of each head, its free_count halving, pcp->count
        pcp.head[pindex] = pfn;
        if (pfn == MemMap.NIL) {
            pcp.tail[pindex] = MemMap.NIL;
        } else {
            prev[pfn] = MemMap.NIL;
        }
        pcp.freeCount = n >= 32 ? pcp.freeCount >> 31 : pcp.freeCount >> n;
        pcp.count -= n;
        events[VmEvent.PGALLOC + zone.type] += n;
        zoneStatistics(zone, zone, n);
        for (int i = 0; i < n; i++) {
            prepNewPage(pfns[i], 0, gfp);
        }
        return n;
    }

    /** split_page(): a non-compound block of 2^order pages becomes that many order-0 pages, each with one reference. */
    public void splitPage(int pfn, int order) {
        Arrays.fill(m.refcount, pfn + 1, pfn + (1 << order), 1);
    }

    private Zone firstZone(Node node, int highestZoneidx, boolean thisNode) {
        for (Zone z : node.zonelist) {
            if (z.type <= highestZoneidx && (!thisNode || z.node == node) && (nodemask >>> z.node.id & 1) != 0) {
                return z;
            }
        }
        return null;
    }

    /** alloc_flags_nofragment(): in ZONE_NORMAL, prefer DMA32 to fragmenting a pageblock. */
    private int allocFlagsNofragment(Zone zone, int gfp) {
        int flags = gfp & Gfp.__GFP_KSWAPD_RECLAIM;
        if (zone.type != ZoneType.NORMAL) {
            return flags;
        }
        if (zones.nrNodes() > 1 && !zone.node.zones[ZoneType.DMA32].populated()) {
            return flags;
        }
        return flags | ALLOC_NOFRAGMENT;
    }

    /** get_page_from_freelist(). */
    private int getPageFromFreelist(int gfp, int order, int allocFlags, Node node, Zone preferred,
                                    int highestZoneidx, int mt, boolean thisNode) {
        while (true) {
            boolean noFallback = (allocFlags & ALLOC_NOFRAGMENT) != 0;
            boolean restarted = false;
            for (Zone zone : node.zonelist) {
                if (zone.type > highestZoneidx || (thisNode && zone.node != node) || (nodemask >>> zone.node.id & 1) == 0) {
                    continue;
                }
                if (noFallback && zones.nrNodes() > 1 && zone != preferred && zone.node != preferred.node) {
                    allocFlags &= ~ALLOC_NOFRAGMENT;
                    restarted = true;
                    break;
                }
                boolean ok = false;
                if ((zone.flags & Zone.ZONE_BELOW_HIGH) == 0) {
                    if (watermarkFast(zone, order, zone.wmark(Zone.WMARK_HIGH), highestZoneidx, allocFlags)) {
                        ok = true;
                    } else {
                        zone.flags |= Zone.ZONE_BELOW_HIGH;
                    }
                }
                if (!ok) {
                    long mark = zone.wmark(allocFlags & ALLOC_WMARK_MASK);
                    ok = watermarkFast(zone, order, mark, highestZoneidx, allocFlags)
                            || (allocFlags & ALLOC_NO_WATERMARKS) != 0;
                }
                if (!ok) {
                    continue;
                }
                int pfn = rmqueueZone(preferred, zone, order, allocFlags, mt);
                if (pfn != MemMap.NIL) {
                    prepNewPage(pfn, order, gfp);
                    if ((allocFlags & ALLOC_HIGHATOMIC) != 0) {
                        reserveHighatomicPageblock(pfn, order, zone);
                    }
                    return pfn;
                }
            }
            if (restarted) {
                continue;
            }
            if (noFallback) {
                allocFlags &= ~ALLOC_NOFRAGMENT;
                continue;
            }
            return MemMap.NIL;
        }
    }

    /** rmqueue(): per-CPU lists for small orders, the buddy lists under the zone lock otherwise. */
    private int rmqueueZone(Zone preferred, Zone zone, int order, int allocFlags, int mt) {
        int pfn;
        if (order <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER || order == PB_ORDER) {
            pfn = rmqueuePcplist(zone, order, mt, allocFlags);
            if (pfn == MemMap.NIL) {
                pfn = rmqueueBuddy(zone, order, allocFlags, mt);
            }
        } else {
            pfn = rmqueueBuddy(zone, order, allocFlags, mt);
        }
        if (pfn == MemMap.NIL) {
            return MemMap.NIL;
        }
        events[VmEvent.PGALLOC + zone.type] += 1L << order;
        zoneStatistics(preferred, zone, 1);
        if ((allocFlags & ALLOC_KSWAPD) != 0 && (zone.flags & Zone.ZONE_BOOSTED_WATERMARK) != 0) {
            zone.flags &= ~Zone.ZONE_BOOSTED_WATERMARK;
            reclaim.wakeKswapd(zone, 0, 0, zone.type);
        }
        return pfn;
    }

    /** rmqueue_buddy(). */
    private int rmqueueBuddy(Zone zone, int order, int allocFlags, int mt) {
        int pfn = MemMap.NIL;
        if ((allocFlags & ALLOC_HIGHATOMIC) != 0) {
            pfn = rmqueueSmallest(zone, order, MigrateType.HIGHATOMIC);
        }
        if (pfn == MemMap.NIL) {
            rmqueueMode = RMQUEUE_NORMAL;
            pfn = rmqueue(zone, order, mt, allocFlags);
            if (pfn == MemMap.NIL && (allocFlags & (ALLOC_OOM | ALLOC_NON_BLOCK)) != 0) {
                pfn = rmqueueSmallest(zone, order, MigrateType.HIGHATOMIC);
            }
        }
        return pfn;
    }

    /** zone_statistics() of nr allocations from z: NUMA hit/miss/foreign and local/other. */
    private void zoneStatistics(Zone preferred, Zone z, int nr) {
        if (z.node == preferred.node) {
            z.numaStats[NumaStat.NUMA_HIT] += nr;
        } else {
            z.numaStats[NumaStat.NUMA_MISS] += nr;
            preferred.numaStats[NumaStat.NUMA_FOREIGN] += nr;
        }
        if (z.node.id == zones.cpuToNode(cpu)) {
            z.numaStats[NumaStat.NUMA_LOCAL] += nr;
        } else {
            z.numaStats[NumaStat.NUMA_OTHER] += nr;
        }
    }

    /** prep_new_page(): refcount 1, clean flags, compound head and tails for __GFP_COMP. */
    private void prepNewPage(int pfn, int order, int gfp) {
        if ((gfp & Gfp.__GFP_ZERO) != 0 && contents != null) {
            contents.clear(pfn, 1 << order);
        }
        if (order == 0) {
            // A free frame's flags, private and mapcount are already clear (free_pages_prepare and
            // the list removals clear them), so as in Linux only the refcount is set.
            m.refcount[pfn] = 1;
            return;
        }
        int n = 1 << order;
        for (int p = pfn; p < pfn + n; p++) {
            m.flags[p] = 0;
            m.priv[p] = 0;
            m.mapcount[p] = 0;
        }
        m.refcount[pfn] = 1;
        if (order > 0 && (gfp & Gfp.__GFP_COMP) != 0) {
            m.flags[pfn] = PageFlags.PG_HEAD;
            m.priv[pfn] = order;
            for (int p = pfn + 1; p < pfn + n; p++) {
                m.flags[p] = PageFlags.PG_TAIL;
            }
        }
    }

    /** reserve_highatomic_pageblock(): keep a pageblock for high-order atomic allocations, up to ~1% of the zone. */
    private void reserveHighatomicPageblock(int pfn, int order, Zone zone) {
        if (zone.managedPages / 100 < PB_PAGES) {
            return;
        }
        long maxManaged = ((zone.managedPages / 100) + PB_PAGES - 1) & ~(long) (PB_PAGES - 1);
        if (zone.nrReservedHighatomic >= maxManaged) {
            return;
        }
        int mt = zones.migratetypeOf(pfn);
        if (mt == MigrateType.HIGHATOMIC || mt == MigrateType.ISOLATE) {
            return;
        }
        if (order < PB_ORDER) {
            int start = pfn & ~(PB_PAGES - 1);
            if (!zone.spans(start) || !zone.spans(start + PB_PAGES - 1L)) {
                return;
            }
            moveFreepagesBlock(zone, start, mt, MigrateType.HIGHATOMIC);
            zone.nrReservedHighatomic += PB_PAGES;
        } else {
            for (int b = pfn; b < pfn + (1 << order); b += PB_PAGES) {
                zones.setPageblockMigratetype(b, MigrateType.HIGHATOMIC);
            }
            zone.nrReservedHighatomic += 1L << order;
        }
    }

    /** gfp_to_alloc_flags(). */
    static int gfpToAllocFlags(int gfp, int order) {
        int flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;
        flags |= gfp & (Gfp.__GFP_HIGH | Gfp.__GFP_KSWAPD_RECLAIM);
        if ((gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0) {
            if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0) {
                flags |= ALLOC_NON_BLOCK;
                if (order > 0 && (flags & ALLOC_MIN_RESERVE) != 0) {
                    flags |= ALLOC_HIGHATOMIC;
                }
            }
            if ((flags & ALLOC_MIN_RESERVE) != 0) {
                flags &= ~ALLOC_CPUSET;
            }
        }
        return flags;
    }

    /** __alloc_pages_slowpath() without compaction. */
    private int slowPath(int gfp, int order, Node node, Zone preferred, int highestZoneidx, int mt,
                         boolean thisNode) {
        int allocFlags = gfpToAllocFlags(gfp, order);
        if ((allocFlags & ALLOC_KSWAPD) != 0) {
            wakeAllKswapds(gfp, order, node, highestZoneidx, thisNode);
        }
        int pfn = getPageFromFreelist(gfp, order, allocFlags & ~ALLOC_NO_WATERMARKS, node, preferred,
                highestZoneidx, mt, thisNode);
        if (pfn != MemMap.NIL) {
            return pfn;
        }
        int noProgressLoops = 0;
        while (true) {
            if ((allocFlags & ALLOC_KSWAPD) != 0) {
                wakeAllKswapds(gfp, order, node, highestZoneidx, thisNode);
            }
            // __gfp_pfmemalloc_flags(): __GFP_MEMALLOC may ignore the watermarks; a dying task may use
            // part of the min reserve to exit (ALLOC_OOM).
            boolean oomVictim = oomHandler != null && oomHandler.currentIsVictim();
            int flags = allocFlags;
            if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0 && (gfp & Gfp.__GFP_MEMALLOC) != 0) {
                flags = ALLOC_NO_WATERMARKS | (allocFlags & ALLOC_KSWAPD);
            } else if ((gfp & Gfp.__GFP_NOMEMALLOC) == 0 && oomVictim) {
                flags = ALLOC_OOM | (allocFlags & ALLOC_KSWAPD);
            }
            pfn = getPageFromFreelist(gfp, order, flags, node, preferred, highestZoneidx, mt, thisNode);
            if (pfn != MemMap.NIL) {
                return pfn;
            }
            if (!Gfp.canDirectReclaim(gfp)) {
                break;
            }
            // __alloc_pages_direct_reclaim(): reclaim, retry, and once drain the per-CPU lists and retry
            long progress = reclaim.tryToFreePages(gfp, order, node, highestZoneidx);
            if (progress != 0) {
                pfn = getPageFromFreelist(gfp, order, flags, node, preferred, highestZoneidx, mt, thisNode);
                if (pfn == MemMap.NIL) {
                    drainAllPages();
                    pfn = getPageFromFreelist(gfp, order, flags, node, preferred, highestZoneidx, mt, thisNode);
                }
                if (pfn != MemMap.NIL) {
                    return pfn;
                }
            }
            if ((gfp & Gfp.__GFP_NORETRY) != 0
                    || (order > PerCpuPages.PAGE_ALLOC_COSTLY_ORDER && (gfp & Gfp.__GFP_RETRY_MAYFAIL) == 0)) {
                break;
            }
            // should_reclaim_retry()
            if (progress != 0 && order <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER) {
                noProgressLoops = 0;
            } else {
                noProgressLoops++;
            }
            if (noProgressLoops <= MAX_RECLAIM_RETRIES
                    && couldSucceedAfterReclaim(order, node, highestZoneidx, allocFlags, thisNode)) {
                continue;
            }
            // __alloc_pages_may_oom()
            pfn = getPageFromFreelist(gfp & ~Gfp.__GFP_DIRECT_RECLAIM, order, ALLOC_WMARK_HIGH | ALLOC_CPUSET, node,
                    preferred, highestZoneidx, mt, thisNode);
            if (pfn != MemMap.NIL) {
                return pfn;
            }
            // A dying task that already had the OOM reserve gives up rather than loop (goto nopage).
            if (oomVictim || oomHandler == null || !oomMayHelp(gfp, order, highestZoneidx)
                    || !oomHandler.outOfMemory(gfp, order)) {
                break;
            }
            noProgressLoops = 0;
        }
        if ((gfp & Gfp.__GFP_NOFAIL) != 0) {
            // Linux lets a failing __GFP_NOFAIL request into part of the min reserve, then keeps retrying.
            pfn = getPageFromFreelist(gfp, order, ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE, node, preferred,
                    highestZoneidx, mt, thisNode);
            if (pfn != MemMap.NIL) {
                return pfn;
            }
        }
        return slowPathFailed(gfp, order, node.id);
    }

    /**
     * __alloc_pages_may_oom()'s conditions: a request that may reclaim, retry and use any node, of
     * order at most PAGE_ALLOC_COSTLY_ORDER and not restricted to lowmem.
     */
    private static boolean oomMayHelp(int gfp, int order, int highestZoneidx) {
        return Gfp.canDirectReclaim(gfp) && order <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER
                && (gfp & (Gfp.__GFP_NORETRY | Gfp.__GFP_RETRY_MAYFAIL | Gfp.__GFP_THISNODE)) == 0
                && highestZoneidx >= ZoneType.NORMAL;
    }

    /** wake_all_kswapds(): each node of the zonelist once. */
    private void wakeAllKswapds(int gfp, int order, Node node, int highestZoneidx, boolean thisNode) {
        Node last = null;
        for (Zone zone : node.zonelist) {
            if (zone.type > highestZoneidx || (thisNode && zone.node != node) || (nodemask >>> zone.node.id & 1) == 0 || zone.node == last) {
                continue;
            }
            last = zone.node;
            reclaim.wakeKswapd(zone, gfp, order, highestZoneidx);
        }
    }

    /** should_reclaim_retry()'s zone test: would the allocation pass the min watermark if all reclaimable pages were freed? */
    private boolean couldSucceedAfterReclaim(int order, Node node, int highestZoneidx, int allocFlags, boolean thisNode) {
        for (Zone zone : node.zonelist) {
            if (zone.type > highestZoneidx || (thisNode && zone.node != node) || (nodemask >>> zone.node.id & 1) == 0) {
                continue;
            }
            long available = reclaim.zoneReclaimablePages(zone) + zone.freePages();
            if (watermarkOkFull(zone, order, zone.wmark(Zone.WMARK_MIN), highestZoneidx, allocFlags, available)) {
                return true;
            }
        }
        return false;
    }

    private int slowPathFailed(int gfp, int order, int nid) {
        if ((gfp & Gfp.__GFP_NOWARN) == 0) {
            failureReporter.allocationFailed(gfp, order, nid);
        }
        return MemMap.NIL;
    }

    // ---------------------------------------------------------------- freeing

    /** __free_pages(): drop a reference; the last one frees the block (the head's order is the caller's). */
    public void freePages(int pfn, int order) {
        if (m.refcount[pfn] <= 0) {
            throw new IllegalStateException("freeing a free page: pfn " + pfn);
        }
        if (--m.refcount[pfn] > 0) {
            return;
        }
        if ((m.flags[pfn] & PageFlags.PG_LRU) != 0) {
            lruRelease.release(pfn);
        }
        freeFrozenPages(pfn, order);
    }

    /** free_frozen_pages(): per-CPU list for small orders, straight to the buddy otherwise. */
    private void freeFrozenPages(int pfn, int order) {
        int n = 1 << order;
        if (contents != null) {
            contents.clear(pfn, n);
        }
        for (int p = pfn; p < pfn + n; p++) {
            m.flags[p] = 0;
            m.mapcount[p] = 0;
            m.priv[p] = 0;
        }
        events[VmEvent.PGFREE] += n;
        Zone zone = zones.zoneOf(pfn);
        int mt = zones.migratetypeOf(pfn);
        if (order <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER || order == PB_ORDER) {
            if (mt >= MigrateType.PCPTYPES) {
                if (mt == MigrateType.ISOLATE) {
                    freeOnePage(zone, pfn, order, mt, false);
                    return;
                }
                mt = MigrateType.MOVABLE;
            }
            freeToPcp(zone, zone.pcp[cpu], pfn, mt, order);
        } else {
            freeOnePage(zone, pfn, order, mt, false);
        }
    }

    /** __free_pages_core() at boot (memblock_free_pages): hand a range to the buddy, at list tails. */
    public void freeBootMemory(int pfn, int order) {
        Zone zone = zones.zoneOf(pfn);
        int n = 1 << order;
        Arrays.fill(m.flags, pfn, pfn + n, 0);
        Arrays.fill(m.refcount, pfn, pfn + n, 0);
        zone.managedPages += n;
        events[VmEvent.PGFREE] += n;
        freeOnePage(zone, pfn, order, zones.migratetypeOf(pfn), true);
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
