/*
 * Unit tests of specific Linux 6.18 page-allocator behaviours as PageAlloc models them
 * (mm/page_alloc.c). Each test names the kernel function whose arithmetic it checks; expected numbers
 * are derived in the comments from the zone's boot values (batch, high_min/high_max, watermarks,
 * lowmem_reserve), which the tests read rather than hard-code where they come from boot sizing.
 */
package org.mmsim.mm.buddy;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.mm.zone.Zones;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageAllocBehaviourTest {
    private static final long GIB = 1L << 30;
    private static final int PB = Zones.PAGEBLOCK_NR_PAGES;

    private static Kernel boot(long bytes) {
        return Kernel.boot(MachineSpec.uniform(bytes, 2, 1), 0);
    }

    private static Zone zone(Kernel k, int type) {
        return k.zones.node(0).zones[type];
    }

    private static int pageblocksOfType(Kernel k, Zone z, int mt) {
        int n = 0;
        for (long pfn = z.startPfn & ~(PB - 1L); pfn < z.endPfn(); pfn += PB) {
            if (k.zones.zoneIdOf((int) pfn) == z.id && k.zones.migratetypeOf((int) pfn) == mt) {
                n++;
            }
        }
        return n;
    }

    /** Allocates order-0 pages with gfp until one fails; returns the pfns. */
    private static List<Integer> fill(PageAlloc a, int gfp) {
        List<Integer> held = new ArrayList<>();
        for (int pfn; (pfn = a.allocPages(gfp | Gfp.__GFP_NOWARN, 0, 0)) != MemMap.NIL; ) {
            held.add(pfn);
        }
        return held;
    }

    // ------------------------------------------------------------------ per-CPU lists

    /**
     * nr_pcp_alloc(): an empty list is refilled with batch << alloc_factor pages; each refill without
     * an intervening free doubles the next (alloc_factor++ up to CONFIG_PCP_BATCH_SCALE_MAX = 5), and
     * pcp->high grows by the batch (high_min != high_max, zone not ZONE_BELOW_HIGH). A free halves
     * alloc_factor (free_frozen_page_commit). Higher orders get max(batch >> order, 2) blocks.
     */
    @Test
    void pcpRefillBatchGrowsWithAllocFactor() {
        Kernel k = boot(GIB);
        PageAlloc a = k.pageAlloc;
        Zone dma32 = zone(k, ZoneType.DMA32);
        // Boot's kmem_cache_init allocated on CPU 0 (its list holds the rest of a refill, alloc_factor
        // raised); CPU 1's lists are as boot set them up, so the sequence runs there.
        a.setCpu(1);
        PerCpuPages pcp = dma32.pcp[1];
        assertEquals(0, pcp.count);
        assertEquals(0, pcp.allocFactor);
        int batch = pcp.batch;
        assertEquals(63, batch, "zone_batchsize() of a 1G DMA32 zone");
        assertTrue(pcp.highMin < pcp.highMax);
        int expectedHigh = pcp.highMin;
        List<Integer> held = new ArrayList<>();
        for (int factor = 0; factor <= PerCpuPages.PCP_BATCH_SCALE_MAX + 1; factor++) {
            int refill = batch << Math.min(factor, PerCpuPages.PCP_BATCH_SCALE_MAX);
            expectedHigh = Math.min(expectedHigh + refill, pcp.highMax);
            held.add(a.allocPages(Gfp.GFP_KERNEL, 0, 0));
            assertEquals(refill - 1, pcp.count, "refill " + factor + " is batch << alloc_factor");
            assertEquals(Math.min(factor + 1, PerCpuPages.PCP_BATCH_SCALE_MAX), pcp.allocFactor);
            assertEquals(expectedHigh, pcp.high, "pcp->high grows by each refill's batch");
            while (pcp.count > 0) {
                held.add(a.allocPages(Gfp.GFP_KERNEL, 0, 0));
            }
        }
        a.freePages(held.remove(held.size() - 1), 0);
        assertEquals(PerCpuPages.PCP_BATCH_SCALE_MAX >> 1, pcp.allocFactor, "a free halves alloc_factor");

        // Order 3 (a PCP order up to PAGE_ALLOC_COSTLY_ORDER): base batch, then batch >> 3 blocks.
        // On a second machine's CPU 1, also untouched by boot, so its lists and alloc_factor start empty.
        Kernel k1 = boot(GIB);
        a = k1.pageAlloc;
        PerCpuPages pcp1 = zone(k1, ZoneType.DMA32).pcp[1];
        a.setCpu(1);
        assertEquals(0, pcp1.count);
        assertEquals(0, pcp1.allocFactor);
        a.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 3, 0);
        assertEquals(((batch >> 3) - 1) << 3, pcp1.count, "max(batch >> order, 2) order-3 blocks, one handed out");
        assertEquals(0, pcp1.allocFactor, "alloc_factor only grows for order 0");
    }

    /**
     * nr_pcp_high()/nr_pcp_free() on the free side: pages freed on a CPU that did not allocate them
     * pile up on its list; pcp->free_count counts consecutive frees (capped at batch << 5). When
     * pcp->count reaches high, free_pcppages_bulk returns clamp(free_count, batch, high - batch) pages
     * to the buddy. Then drain_all_pages() empties every list.
     */
    @Test
    void pcpHighDrainsFreeCountPagesWhenReached() {
        Kernel k = boot(GIB);
        PageAlloc a = k.pageAlloc;
        Zone dma32 = zone(k, ZoneType.DMA32);
        // Boot's kmem_cache_init allocated on CPU 0 (pages left on its list, pcp->high and alloc_factor
        // raised); CPU 1's pageset is as boot set it up, so CPU 0 allocates and CPU 1 frees.
        PerCpuPages pcp1 = dma32.pcp[1];
        int batch = pcp1.batch;
        int highMin = pcp1.highMin;
        int n = highMin + 1000;
        a.setCpu(0);
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(a.allocPages(Gfp.GFP_KERNEL, 0, 0));
        }
        a.setCpu(1);
        assertEquals(0, pcp1.count);
        long freeBefore = dma32.freePages();
        for (int i = 0; i < highMin - 1; i++) {
            a.freePages(held.get(i), 0);
        }
        assertEquals(highMin - 1, pcp1.count, "below high nothing goes back to the buddy");
        assertEquals(freeBefore, dma32.freePages());
        assertEquals(highMin, pcp1.high, "boot pageset high 0 clamped up to high_min");
        int freeCount = Math.min(highMin, batch << PerCpuPages.PCP_BATCH_SCALE_MAX);
        assertEquals(freeCount, pcp1.freeCount, "free_count stops growing at batch << CONFIG_PCP_BATCH_SCALE_MAX");
        a.freePages(held.get(highMin - 1), 0);
        int drained = Math.max(batch, Math.min(freeCount, highMin - batch));
        assertEquals(highMin - drained, pcp1.count, "count reached high: nr_pcp_free() pages drained");
        assertEquals(freeBefore + drained, dma32.freePages());
        for (int i = highMin; i < n; i++) {
            a.freePages(held.get(i), 0);
        }
        assertEquals(n - drained, pcp1.count, "below high again: no further drain");

        // Under pressure (ZONE_BELOW_HIGH, set by get_page_from_freelist when a zone misses its high
        // watermark) each free shrinks pcp->high by max(free_count, batch), down to high_min; the
        // list drains only once count reaches max(count, high_min), so here it keeps the page.
        pcp1.high = pcp1.highMax;
        dma32.flags |= Zone.ZONE_BELOW_HIGH;
        a.setCpu(0);
        int pfn = a.allocPages(Gfp.GFP_KERNEL, 0, 0);
        a.setCpu(1);
        int cap = batch << PerCpuPages.PCP_BATCH_SCALE_MAX;
        int fc = pcp1.freeCount < cap ? pcp1.freeCount + 1 : pcp1.freeCount;
        int countBefore = pcp1.count;
        a.freePages(pfn, 0);
        assertEquals(Math.max(pcp1.highMax - Math.max(fc, batch), highMin), pcp1.high);
        assertTrue(countBefore + 1 < highMin);
        assertEquals(countBefore + 1, pcp1.count, "count below high_min: nothing drained");

        a.drainAllPages();
        for (Zone z : k.zones.allZones()) {
            assertEquals(0, z.pcpPages(), "drain_all_pages() empties every CPU's lists");
        }
    }

    // ------------------------------------------------------------------ fallback

    /**
     * Fills the 1G machine with order-0 movable pages (no watermarks, as __GFP_MEMALLOC may), then
     * frees the first 384 pages of one DMA32 pageblock, which coalesce into an order-8 and an order-7
     * MOVABLE block: afterwards no free block of any type is a pageblock or larger.
     */
    private static int fragmentOnePageblock(Kernel k, List<Integer> held) {
        PageAlloc a = k.pageAlloc;
        // Boot's kmem_cache_init left CPU 0's list holding the rest of its refill: give it back first,
        // so the fill below takes every free page and none reappears at the drain.
        a.drainAllPages();
        held.addAll(fill(a, Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_MEMALLOC));
        a.drainAllPages();
        Zone dma32 = zone(k, ZoneType.DMA32);
        int block = (int) ((dma32.startPfn + dma32.spannedPages / 2) & ~(PB - 1L));
        for (int p = block; p < block + PB; p++) {
            assertTrue(held.contains(p), "pageblock fully allocated");
        }
        for (int p = block; p < block + 384; p++) {
            a.freePages(p, 0);
            held.remove((Integer) p);
        }
        a.drainAllPages();
        assertEquals(1, dma32.freeListLength[Zone.freeList(8, MigrateType.MOVABLE)]);
        assertEquals(1, dma32.freeListLength[Zone.freeList(7, MigrateType.MOVABLE)]);
        return block;
    }

    /**
     * __rmqueue_claim()/try_to_claim_block(): an UNMOVABLE request with only MOVABLE free blocks takes
     * the largest, and since free + "alike" (not movable-LRU) pages reach half a pageblock, claims the
     * whole pageblock: its free blocks move to the UNMOVABLE lists and /proc/pagetypeinfo's block
     * counts change by one. On a fresh machine the claim of an order-10 block converts both pageblocks.
     */
    @Test
    void unmovableRequestClaimsAWholeMovablePageblock() {
        Kernel fresh = boot(GIB);
        // kmem_cache_init's first slab page at boot was exactly such a request: it claimed one order-10
        // MOVABLE block of DMA32 (the highest zone of a 1G machine), i.e. two aligned pageblocks.
        Zone z = zone(fresh, ZoneType.DMA32);
        assertEquals(2, pageblocksOfType(fresh, z, MigrateType.UNMOVABLE), "kmem_cache_init claimed one order-10 block");
        int bootBlock = -1;
        for (long pfn = z.startPfn & ~(PB - 1L); pfn < z.endPfn(); pfn += PB) {
            if (fresh.zones.zoneIdOf((int) pfn) == z.id
                    && fresh.zones.migratetypeOf((int) pfn) == MigrateType.UNMOVABLE && bootBlock < 0) {
                bootBlock = (int) pfn;
            }
        }
        assertEquals(0, bootBlock & ((1 << Zone.MAX_PAGE_ORDER) - 1), "the two form one aligned order-10 block");
        assertEquals(MigrateType.UNMOVABLE, fresh.zones.migratetypeOf(bootBlock + PB));
        // ZONE_DMA was untouched by boot's allocations: there the first unmovable request claims anew.
        Zone dma = zone(fresh, ZoneType.DMA);
        assertEquals(0, pageblocksOfType(fresh, dma, MigrateType.UNMOVABLE), "boot leaves every DMA pageblock MOVABLE");
        int first = fresh.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA, 0, 0);
        assertTrue(dma.spans(first));
        assertEquals(2, pageblocksOfType(fresh, dma, MigrateType.UNMOVABLE), "order-10 block: change_pageblock_range");
        assertEquals(MigrateType.UNMOVABLE, fresh.zones.migratetypeOf(first));
        assertEquals(2, pageblocksOfType(fresh, z, MigrateType.UNMOVABLE), "DMA32 unchanged");

        Kernel k = boot(GIB);
        Zone dma32 = zone(k, ZoneType.DMA32);
        List<Integer> held = new ArrayList<>();
        int block = fragmentOnePageblock(k, held);
        int movableBlocks = pageblocksOfType(k, dma32, MigrateType.MOVABLE);
        int unmovableBlocks = pageblocksOfType(k, dma32, MigrateType.UNMOVABLE);
        int pfn = k.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_MEMALLOC, 0, 0);
        assertTrue(pfn >= block && pfn < block + PB, "served from the claimed block");
        assertEquals(MigrateType.UNMOVABLE, k.zones.migratetypeOf(block));
        assertEquals(movableBlocks - 1, pageblocksOfType(k, dma32, MigrateType.MOVABLE));
        assertEquals(unmovableBlocks + 1, pageblocksOfType(k, dma32, MigrateType.UNMOVABLE));
        assertEquals(0, dma32.freeListLength[Zone.freeList(8, MigrateType.MOVABLE)]
                + dma32.freeListLength[Zone.freeList(7, MigrateType.MOVABLE)], "free blocks moved off MOVABLE");
    }

    /**
     * try_to_claim_block(): when the pageblock's other pages are movable LRU pages, free + alike stays
     * under half a pageblock, so the block is not claimed and __rmqueue_steal borrows a page from it.
     */
    @Test
    void blockFullOfMovablePagesIsStolenFromNotClaimed() {
        Kernel k = boot(GIB);
        List<Integer> held = new ArrayList<>();
        int block = fragmentOnePageblock(k, held);
        for (int p = block + 384; p < block + PB; p++) {
            k.zones.memMap.flags[p] |= PageFlags.PG_LRU;
        }
        // 384 free pages would be enough to claim, so hand 256 of them out again as LRU pages
        // (the flag the LRU code sets): free 128 + alike 0 < pageblock_nr_pages / 2.
        PageAlloc a = k.pageAlloc;
        for (int i = 0; i < 256; i++) {
            int p = a.allocPages(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_MEMALLOC, 0, 0);
            assertTrue(p >= block && p < block + PB);
            k.zones.memMap.flags[p] |= PageFlags.PG_LRU;
        }
        a.drainAllPages();
        assertEquals(128, zone(k, ZoneType.DMA32).freePages());
        int pfn = a.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_MEMALLOC, 0, 0);
        assertTrue(pfn >= block && pfn < block + PB, "served from the only block with free pages");
        assertEquals(MigrateType.MOVABLE, k.zones.migratetypeOf(block), "too few free or alike pages to claim");
    }

    /**
     * boost_watermark(): a fragmenting fallback (a claim attempt below pageblock order) raises
     * zone->watermark_boost by one pageblock, capped at high * watermark_boost_factor / 10000.
     */
    @Test
    void fragmentingFallbackBoostsTheWatermark() {
        Kernel k = boot(GIB);
        Zone dma32 = zone(k, ZoneType.DMA32);
        fragmentOnePageblock(k, new ArrayList<>());
        // The movable fill itself fell back twice into the pageblocks boot's slab allocations
        // (kmem_cache_init, then the mounts' dentries and inodes) claimed (__rmqueue_claim/try_to_claim_block,
        // below pageblock order): two boosts already, none converted.
        assertEquals(0, pageblocksOfType(k, dma32, MigrateType.UNMOVABLE), "the fill claimed boot's blocks back");
        long boostBefore = dma32.watermarkBoost;
        assertEquals(2 * PB, boostBefore, "the fill's own fragmenting fallbacks");
        long highBefore = dma32.wmark(Zone.WMARK_HIGH);
        k.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_MEMALLOC, 0, 0);
        assertEquals(boostBefore + PB, dma32.watermarkBoost, "boosted by pageblock_nr_pages");
        assertEquals(highBefore + PB, dma32.wmark(Zone.WMARK_HIGH), "wmark_pages() includes the boost");
        assertTrue(dma32.watermark[Zone.WMARK_HIGH] * 15000 / 10000 >= boostBefore + PB, "within the boost cap");
    }

    /**
     * alloc_flags_nofragment(): an UNMOVABLE request whose preferred zone is ZONE_NORMAL carries
     * ALLOC_NOFRAGMENT, so rather than fragment a MOVABLE pageblock in Normal it claims a whole
     * pageblock in DMA32 (get_page_from_freelist tries the next zone before dropping the flag).
     */
    @Test
    void noFragmentPrefersDma32OverFragmentingNormal() {
        Kernel k = boot(5 * GIB);
        PageAlloc a = k.pageAlloc;
        // Return what kmem_cache_init's refill left on CPU 0's list, so the fill below takes it too.
        a.drainAllPages();
        Zone normal = zone(k, ZoneType.NORMAL);
        Zone dma32 = zone(k, ZoneType.DMA32);
        assertTrue(normal.populated() && dma32.populated());
        // Fill Normal with movable pages until allocations spill into DMA32.
        List<Integer> inNormal = new ArrayList<>();
        while (true) {
            int pfn = a.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0, 0);
            if (!normal.spans(pfn)) {
                a.freePages(pfn, 0);
                break;
            }
            inNormal.add(pfn);
        }
        // Free every odd page: hundreds of thousands of free order-0 MOVABLE pages that cannot merge.
        for (int pfn : inNormal) {
            if ((pfn & 1) == 1) {
                a.freePages(pfn, 0);
            }
        }
        a.drainAllPages();
        // Take Normal's remaining pageblock-sized blocks so only fragments are left there. A pcp refill of
        // order 9 takes two blocks; the second may be the free pageblock of the order-10 block
        // kmem_cache_init claimed at boot (__rmqueue_claim), left on the per-CPU list where the watermark
        // check (free_area only) does not see it. So drain and take again until none is left.
        for (int round = 0; round < 4 && hasPageblockSizedFree(normal); round++) {
            for (int order = Zone.MAX_PAGE_ORDER; order >= Zones.PAGEBLOCK_ORDER; order--) {
                while (true) {
                    int pfn = a.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, order, 0);
                    if (!normal.spans(pfn)) {
                        a.freePages(pfn, order);
                        break;
                    }
                }
            }
            a.drainAllPages();
        }
        for (int o = Zones.PAGEBLOCK_ORDER; o <= Zone.MAX_PAGE_ORDER; o++) {
            assertEquals(0, normal.nrFree[o], "no pageblock-sized free block left in Normal");
        }
        assertTrue(normal.freePages() > normal.wmark(Zone.WMARK_HIGH), "Normal itself has plenty free");
        // kmem_cache_init's claim left free pages in Normal's boot Unmovable pageblock; an unmovable request
        // takes those first without fragmenting anything. Use them up (each per-CPU refill stays in Normal).
        while (freeOnLists(normal, MigrateType.UNMOVABLE) > 0 || normal.pcpPages() > 0) {
            int pfn = a.allocPages(Gfp.GFP_KERNEL, 0, 0);
            assertTrue(normal.spans(pfn), "boot's Unmovable free pages serve first, pfn " + pfn);
        }
        for (int o = Zones.PAGEBLOCK_ORDER; o <= Zone.MAX_PAGE_ORDER; o++) {
            assertEquals(0, normal.nrFree[o], "still no pageblock-sized free block in Normal");
        }
        int unmovableInNormal = pageblocksOfType(k, normal, MigrateType.UNMOVABLE);

        int pfn = a.allocPages(Gfp.GFP_KERNEL, 0, 0);
        assertTrue(dma32.spans(pfn), "GFP_KERNEL served from DMA32, pfn " + pfn);
        assertEquals(unmovableInNormal, pageblocksOfType(k, normal, MigrateType.UNMOVABLE),
                "no Normal pageblock was fragmented");
        assertEquals(MigrateType.UNMOVABLE, k.zones.migratetypeOf(pfn), "a whole DMA32 pageblock was claimed");
    }

    private static long freeOnLists(Zone z, int mt) {
        long n = 0;
        for (int o = 0; o <= Zone.MAX_PAGE_ORDER; o++) {
            n += z.freeListLength[Zone.freeList(o, mt)] << o;
        }
        return n;
    }

    private static boolean hasPageblockSizedFree(Zone z) {
        for (int o = Zones.PAGEBLOCK_ORDER; o <= Zone.MAX_PAGE_ORDER; o++) {
            if (z.nrFree[o] > 0) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ watermarks and reserves

    /**
     * __zone_watermark_ok() with gfp_to_alloc_flags(): GFP_KERNEL fails once the zones reach min
     * (+ lowmem_reserve), while GFP_ATOMIC (__GFP_HIGH: ALLOC_MIN_RESERVE, no direct reclaim:
     * ALLOC_NON_BLOCK) may go down to min - min/2 - (min - min/2)/4.
     */
    @Test
    void atomicDipsBelowMinWhereKernelFails() {
        Kernel k = boot(GIB);
        PageAlloc a = k.pageAlloc;
        Zone dma32 = zone(k, ZoneType.DMA32);
        long min = dma32.watermark[Zone.WMARK_MIN];
        long atomicMin = (min - min / 2) - (min - min / 2) / 4;
        fill(a, Gfp.GFP_KERNEL);
        assertTrue(dma32.freePages() <= min, "GFP_KERNEL stops at the min watermark");
        assertTrue(dma32.freePages() > atomicMin, "with pages left that only reserves may use");
        int pfn = a.allocPages(Gfp.GFP_ATOMIC, 0, 0);
        assertNotEquals(MemMap.NIL, pfn, "GFP_ATOMIC still succeeds");
        assertTrue(dma32.spans(pfn));
        fill(a, Gfp.GFP_ATOMIC);
        assertTrue(dma32.freePages() <= atomicMin, "GFP_ATOMIC stops at min - min/2 - (min/2)/4");
        assertTrue(dma32.freePages() > atomicMin - (dma32.pcp[0].batch << PerCpuPages.PCP_BATCH_SCALE_MAX),
                "and at most one per-CPU refill below it");
        assertEquals(MemMap.NIL, a.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0, 0));
    }

    /**
     * reserve_highatomic_pageblock(): a high-order GFP_ATOMIC allocation that had to use the slow path
     * (ALLOC_HIGHATOMIC) turns its pageblock into MIGRATE_HIGHATOMIC, up to about 1% of the zone
     * (ALIGN(managed / 100, pageblock_nr_pages)); the reserve is hidden from ordinary allocations.
     */
    @Test
    void highOrderAtomicReservesHighatomicPageblocksUpToOnePercent() {
        Kernel k = boot(GIB);
        PageAlloc a = k.pageAlloc;
        Zone dma32 = zone(k, ZoneType.DMA32);
        long cap = ((dma32.managedPages / 100) + PB - 1) & ~(PB - 1L);
        fill(a, Gfp.GFP_KERNEL);
        int pfn = a.allocPages(Gfp.GFP_ATOMIC, 2, 0);
        assertNotEquals(MemMap.NIL, pfn);
        assertEquals(MigrateType.HIGHATOMIC, k.zones.migratetypeOf(pfn));
        assertEquals(PB, dma32.nrReservedHighatomic);
        assertEquals(1, pageblocksOfType(k, dma32, MigrateType.HIGHATOMIC));
        while (a.allocPages(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, 2, 0) != MemMap.NIL) {
            assertTrue(dma32.nrReservedHighatomic <= cap, "never above ~1% of the zone");
        }
        assertEquals(cap, dma32.nrReservedHighatomic, "the reserve grew to its cap");
        assertEquals(cap / PB, pageblocksOfType(k, dma32, MigrateType.HIGHATOMIC));
    }

    /**
     * setup_per_zone_lowmem_reserve() as used by __zone_watermark_ok(): GFP_HIGHUSER_MOVABLE
     * (gfp_zone ZONE_MOVABLE) may not take DMA32 below min + lowmem_reserve[ZONE_MOVABLE], so it fails
     * while DMA32 still has pages a GFP_DMA32 request (reserve 0) gets.
     */
    @Test
    void lowmemReserveProtectsDma32FromHighuserMovable() {
        Kernel k = boot(5 * GIB);
        PageAlloc a = k.pageAlloc;
        Zone dma32 = zone(k, ZoneType.DMA32);
        long reserve = dma32.lowmemReserve[ZoneType.MOVABLE];
        assertTrue(reserve > 0);
        fill(a, Gfp.GFP_HIGHUSER_MOVABLE);
        long min = dma32.watermark[Zone.WMARK_MIN];
        long protectedMark = min + reserve;
        assertTrue(dma32.freePages() <= protectedMark, "the watermark check failed at min + lowmem_reserve");
        assertTrue(dma32.freePages() > protectedMark - (dma32.pcp[0].batch << PerCpuPages.PCP_BATCH_SCALE_MAX),
                "DMA32 kept about min + lowmem_reserve[MOVABLE] free: " + dma32.freePages());
        assertTrue(dma32.freePages() > min, "above min: only the reserve stopped it");
        assertTrue(PageAlloc.watermarkOk(dma32, 0, min, ZoneType.DMA32, 0), "a DMA32 request passes");
        assertTrue(!PageAlloc.watermarkOk(dma32, 0, min, ZoneType.MOVABLE, 0), "a MOVABLE-zone request does not");
        // With ZONE_DMA used up, a GFP_DMA32 request gets DMA32's protected pages.
        fill(a, Gfp.GFP_KERNEL | Gfp.GFP_DMA);
        int pfn = a.allocPages(Gfp.GFP_KERNEL | Gfp.GFP_DMA32, 0, 0);
        assertNotEquals(MemMap.NIL, pfn, "GFP_DMA32 may use the reserve");
        assertTrue(dma32.spans(pfn));
    }

    /** __alloc_frozen_pages(): order > MAX_PAGE_ORDER fails at once, changing nothing. */
    @Test
    void orderAboveMaxFails() {
        Kernel k = boot(GIB);
        long free = zone(k, ZoneType.DMA32).freePages();
        assertEquals(MemMap.NIL, k.pageAlloc.allocPages(Gfp.GFP_KERNEL, Zone.MAX_PAGE_ORDER + 1, 0));
        assertEquals(MemMap.NIL, k.pageAlloc.allocPages(Gfp.GFP_ATOMIC | Gfp.__GFP_NOWARN, 11, 0));
        assertEquals(free, zone(k, ZoneType.DMA32).freePages());
        assertNotEquals(MemMap.NIL, k.pageAlloc.allocPages(Gfp.GFP_KERNEL, Zone.MAX_PAGE_ORDER, 0));
    }
}
