/*
 * mm/mremap.c move_page_tables()/move_ptes(): carry the PTEs of a moved range to its new address,
 * allocating destination tables; the source tables stay for the following unmap's free_pgtables.
 * A moved PTE is marked soft-dirty (move_soft_dirty_pte) so userspace can see the move.
 * Pages keep their rmap index (vm_pgoff moves with the VMA). Leaves out the whole-PMD/PUD table
 * moves Linux makes when both addresses are PMD-aligned (move_normal_pmd: a table page changes
 * hands instead of being emptied, so PageTables can differ transiently) and THP. The old range is
 * flushed from the TLB when a present PTE moved (flush_tlb_range in move_ptes).
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;

public final class MoveTables {
    private MoveTables() {
    }

    /**
     * Moves [oldStart, oldEnd) to newStart; false when a destination table could not be allocated
     * (the PTEs moved so far stay moved; Linux would move them back and fail mremap with ENOMEM).
     */
    public static boolean move(UserMemory um, PageTable pt, long oldStart, long oldEnd, long newStart) {
        boolean flush = false;
        long va = oldStart;
        while (va < oldEnd) {
            long next = Math.min(oldEnd, (va + PageTable.PMD_SIZE) & -PageTable.PMD_SIZE);
            long[] src = pt.pteTable(va);
            if (src != null) {
                for (long a = va; a < next; a += 4096) {
                    int i = PageTable.pteIndex(a);
                    long e = src[i];
                    if (e == 0) {
                        continue;
                    }
                    long to = newStart + (a - oldStart);
                    long[] dst = pt.pteTableAlloc(to);
                    if (dst == null) {
                        flushIf(um, pt, flush, oldStart, oldEnd);
                        return false;
                    }
                    src[i] = 0;
                    flush |= Pte.present(e);
                    dst[PageTable.pteIndex(to)] = Pte.present(e) ? e | Pte.SOFT_DIRTY : e;
                }
            }
            va = next;
        }
        flushIf(um, pt, flush, oldStart, oldEnd);
        return true;
    }

    private static void flushIf(UserMemory um, PageTable pt, boolean flush, long start, long end) {
        if (flush) {
            um.flushTlbRange(pt, start, end, false);
        }
    }
}
