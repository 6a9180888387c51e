/*
 * mincore(2): mm/mincore.c do_mincore() and mincore_pte_range(): one byte per page of
 * [start, start + len) (len rounded up to pages), 1 when the page is resident: a present PTE
 * (the shared zero page included) or, for a file mapping without one, a page of the file in the page
 * cache and up to date (mincore_page). EINVAL for an unaligned start, ENOMEM when part of the range is not mapped.
 * Leaves out swap entries (no swap yet), hugetlb and the EFAULT of a bad vector.
 */
package org.mmsim.mm.memory;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Mincore {
    private Mincore() {
    }

    /** The residency vector, or KernelError(EINVAL/ENOMEM). */
    public static byte[] mincore(UserMemory um, MmStruct mm, PageTable pt, long start, long len) {
        if ((start & (PAGE_SIZE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long pages = (len + PAGE_SIZE - 1) >>> PAGE_SHIFT;
        if (Long.compareUnsigned(start + (pages << PAGE_SHIFT), start) < 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        byte[] vec = new byte[(int) pages];
        for (int i = 0; i < pages; i++) {
            long addr = start + ((long) i << PAGE_SHIFT);
            Vma v = mm.vmaLookup(addr);
            if (v == null) {
                throw new KernelError(Errno.ENOMEM);
            }
            boolean resident = Pte.present(pt.pte(addr));
            if (!resident && v.file() != null) {
                // mincore_page: cached and up to date (a page still being read in counts as absent)
                int pfn = um.pageCache.lookup(v.file(), v.pgoff() + ((addr - v.start()) >>> PAGE_SHIFT));
                resident = pfn != MemMap.NIL && (um.m.flags[pfn] & PageFlags.PG_UPTODATE) != 0;
            }
            vec[i] = (byte) (resident ? 1 : 0);
        }
        return vec;
    }
}
