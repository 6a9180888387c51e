/*
 * Tearing down user mappings: mm/memory.c unmap_page_range/zap_pte_range (zap_present_ptes:
 * clear the PTE, drop the rmap, the RSS counter and the page reference) and the free_pgtables()
 * step of mm/vma.c unmap_region/exit_mmap, which frees the table pages of a range no VMA covers
 * any more. Leaves out swap and migration entries, THP, the mmu_gather batching (pages are freed
 * at once; TLB shootdown belongs to the MMU model) and mark_page_accessed/dirty propagation to file
 * pages.
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;

public final class Zap {
    private Zap() {
    }

    /** zap_page_range_single()/unmap_page_range(): clear the PTEs of [start, end); returns pages unmapped. */
    public static long zapRange(UserMemory um, PageTable pt, long start, long end) {
        long zapped = 0;
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
                        zapped += dropMapping(um, pt, Pte.pfn(e));
                    }
                }
            }
            va = next;
        }
        return zapped;
    }

    /** The page side of unmapping one present PTE: rmap, RSS, reference. 0 for the zero page. */
    static int dropMapping(UserMemory um, PageTable pt, int pfn) {
        if (pfn == um.zeroPfn) {
            return 0;
        }
        pt.rss[um.rmap.mmCounter(pfn)]--;
        um.rmap.remove(pfn);
        um.alloc.freePages(pfn, 0);
        return 1;
    }

    /**
     * unmap_region() after munmap/mremap: zap the PTEs of the gone range, then free_pgtables()
     * between the neighbouring VMAs (floor: the previous VMA's end, ceiling: the next one's start).
     */
    public static void unmapRegion(UserMemory um, MmStruct mm, PageTable pt, long start, long end) {
        pt.updateHiwaterRss();
        zapRange(um, pt, start, end);
        freeTables(mm, pt, start, end);
    }

    /** free_pgtables() for [start, end), which no VMA covers any more. */
    public static void freeTables(MmStruct mm, PageTable pt, long start, long end) {
        Vma prev = mm.findVmaPrev(start);
        Vma next = mm.findVma(start);
        long floor = prev == null ? 0 : prev.end();
        long ceiling = next == null ? 0 : next.start();
        pt.freeRange(start, end, floor, ceiling);
    }

    /** exit_mmap(): zap every VMA, free every table, then the PGD. */
    public static void exitMmap(UserMemory um, MmStruct mm, PageTable pt) {
        pt.updateHiwaterRss();
        for (Vma v : mm.vmas()) {
            zapRange(um, pt, v.start(), v.end());
        }
        pt.freeRange(0, MmStruct.TASK_SIZE, 0, 0);
        pt.freePgd();
    }
}
