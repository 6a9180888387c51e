/*
 * Tearing down user mappings: mm/memory.c unmap_page_range/zap_pte_range (zap_present_ptes:
 * clear the PTE, drop the rmap, the RSS counter and the page reference) and the free_pgtables()
 * step of mm/vma.c unmap_region/exit_mmap, which frees the table pages of a range no VMA covers
 * any more, then the mmu_gather's flush_tlb_mm_range() over the range (with freed_tables when table
 * pages went; exit_mmap's fullmm flush covers the whole mm; locked VMAs munlock their pages first),
 * after lru_add_drain() as Linux does first, so pages still in this CPU's LRU batch are freed with
 * the rest. A swap entry drops its slot reference (free_swap_and_cache). Leaves out migration entries,
 * THP, the mmu_gather's deferred freeing (pages are freed before the flush: nothing runs between)
 * and mark_page_accessed/dirty propagation to file pages.
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;

public final class Zap {
    private Zap() {
    }

    /** zap_page_range_single()/unmap_page_range(): clear the PTEs of [start, end), flush; returns pages unmapped. */
    public static long zapRange(UserMemory um, PageTable pt, long start, long end) {
        um.lru.drain();
        long cleared = zapPtes(um, pt, start, end);
        if (cleared != 0) {
            um.flushTlbRange(pt, start, end, false);
        }
        return cleared >>> 32;
    }

    /** unmap_page_range() without the flush: (pages unmapped << 32) | present PTEs cleared. */
    private static long zapPtes(UserMemory um, PageTable pt, long start, long end) {
        long zapped = 0;
        long present = 0;
        long va = start;
        while (va < end) {
            long next = Math.min(end, (va + PageTable.PMD_SIZE) & -PageTable.PMD_SIZE);
            long[] t = pt.pteTable(va);
            if (t != null) {
                for (int i = PageTable.pteIndex(va), last = PageTable.pteIndex(next - 1); i <= last; i++) {
                    long e = t[i];
                    if (e == 0) {
                        continue;
                    }
                    t[i] = 0;
                    if (Pte.present(e)) {
                        present++;
                        zapped += dropMapping(um, pt, Pte.pfn(e));
                    } else {
                        // zap_nonpresent_ptes(): a swap entry
                        pt.rss[PageTable.MM_SWAPENTS]--;
                        um.swapCache.freeSwapAndCache(SwapFile.entry(Pte.swapType(e), (int) Pte.swapOffset(e)));
                    }
                }
            }
            va = next;
        }
        return zapped << 32 | present;
    }

    /** The page side of unmapping one present PTE: rmap, RSS, swap cache, reference. 0 for the zero page. */
    static int dropMapping(UserMemory um, PageTable pt, int pfn) {
        if (pfn == um.zeroPfn) {
            return 0;
        }
        pt.rss[um.rmap.mmCounter(pfn)]--;
        um.rmap.remove(pfn);
        um.swapCache.freeSwapCache(pfn);
        um.alloc.freePages(pfn, 0);
        return 1;
    }

    /**
     * unmap_region() after munmap/mremap: zap the PTEs of the gone range, then free_pgtables()
     * between the neighbouring VMAs (floor: the previous VMA's end, ceiling: the next one's start).
     */
    public static void unmapRegion(UserMemory um, MmStruct mm, PageTable pt, long start, long end) {
        pt.updateHiwaterRss();
        um.lru.drain();
        long tables = pt.nrTables();
        boolean cleared = zapPtes(um, pt, start, end) != 0;
        freeTables(mm, pt, start, end);
        boolean freed = pt.nrTables() != tables;
        if (cleared || freed) {
            um.flushTlbRange(pt, start, end, freed);
        }
    }

    /** free_pgtables() for [start, end), which no VMA covers any more. */
    public static void freeTables(MmStruct mm, PageTable pt, long start, long end) {
        Vma prev = mm.findVmaPrev(start);
        Vma next = mm.findVma(start);
        long floor = prev == null ? 0 : prev.end();
        long ceiling = next == null ? 0 : next.start();
        pt.freeRange(start, end, floor, ceiling);
    }

    /**
     * exit_mmap(): zap every VMA, free every table, flush the whole mm (tlb_finish_mmu with fullmm),
     * then the PGD; every CPU still running on the mm switches to init_mm (the context is dropped).
     */
    public static void exitMmap(UserMemory um, MmStruct mm, PageTable pt) {
        pt.updateHiwaterRss();
        um.lru.drain();
        for (Vma v : mm.vmas()) {
            if ((v.flags() & VmFlags.VM_LOCKED) != 0) {
                um.mlock.applyRange(pt, v.start(), v.end(), false);
            }
            zapPtes(um, pt, v.start(), v.end());
        }
        pt.freeRange(0, mm.taskSize(), 0, 0);
        um.flushTlbRange(pt, 0, Tlb.TLB_FLUSH_ALL, true);
        for (int cpu = 0; cpu < um.mmu.nrCpus(); cpu++) {
            if (um.tlb.loadedMm(cpu) == pt.context()) {
                um.tlb.switchMm(cpu, um.tlb.initMm());
            }
        }
        pt.freePgd();
    }
}
