/*
 * smaps accounting (fs/proc/task_mmu.c struct mem_size_stats, smaps_pte_entry, smaps_account,
 * smaps_page_accumulate): walks a VMA's PTEs and sums Rss, Pss with PSS_SHIFT fixed point (a page
 * mapped by n mms adds PAGE_SIZE/n), Pss_Dirty/Anon/File/Shmem, shared/private clean/dirty by
 * the page's mapcount (a page with refcount 1 is private whatever its mapcount), Referenced,
 * Anonymous, LazyFree and Pss of locked VMAs. The zero page is not a normal page and is skipped.
 * A swap entry adds to Swap, and to SwapPss its share among the entry's references (smaps_pte_entry).
 * Leaves out THP and hugetlb mappings (4 kB pages only), KSM
 * and device-private entries.
 */
package org.mmsim.procfs;

import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;

public final class MemSize {
    /** PSS_SHIFT: Pss sums carry 12 fractional bits. */
    public static final int PSS_SHIFT = 12;

    public long resident;
    public long pss;
    public long pssDirty;
    public long pssAnon;
    public long pssFile;
    public long pssShmem;
    public long pssLocked;
    public long sharedClean;
    public long sharedDirty;
    public long privateClean;
    public long privateDirty;
    public long referenced;
    public long anonymous;
    public long lazyfree;
    public long swap;
    public long swapPss;

    /** Adds one VMA's pages (smap_gather_stats). */
    public void gather(UserMemory um, PageTable pt, Vma v) {
        boolean locked = (v.flags() & VmFlags.VM_LOCKED) != 0;
        for (long addr = v.start(); addr < v.end(); addr += MemMap.PAGE_SIZE) {
            long e = pt.pte(addr);
            if (Pte.isSwap(e)) {
                int count = um.swapCache.swapFile.count(SwapFile.entry(Pte.swapType(e), (int) Pte.swapOffset(e)));
                swap += MemMap.PAGE_SIZE;
                swapPss += count >= 2 ? (MemMap.PAGE_SIZE << PSS_SHIFT) / count : MemMap.PAGE_SIZE << PSS_SHIFT;
                continue;
            }
            if (!Pte.present(e) || Pte.pfn(e) == um.zeroPfn) {
                continue;
            }
            account(um, Pte.pfn(e), (e & Pte.DIRTY) != 0, (e & Pte.ACCESSED) != 0, locked);
        }
    }

    /** smaps_account() for one 4 kB page. */
    private void account(UserMemory um, int pfn, boolean dirty, boolean young, boolean locked) {
        MemMap m = um.m;
        long size = MemMap.PAGE_SIZE;
        int flags = m.flags[pfn];
        boolean anon = um.rmap.isAnon(pfn);
        resident += size;
        if (anon) {
            anonymous += size;
            if ((flags & PageFlags.PG_SWAPBACKED) == 0 && !dirty && (flags & PageFlags.PG_DIRTY) == 0) {
                lazyfree += size;
            }
        }
        if (young || (flags & PageFlags.PG_REFERENCED) != 0) {
            referenced += size;
        }
        if (m.refcount[pfn] == 1) {
            accumulate(size, size << PSS_SHIFT, dirty || (flags & PageFlags.PG_DIRTY) != 0, locked, true, anon,
                    flags);
            return;
        }
        int mapcount = m.mapcount[pfn];
        long share = size << PSS_SHIFT;
        if (mapcount >= 2) {
            share /= mapcount;
        }
        accumulate(size, share, dirty || (flags & PageFlags.PG_DIRTY) != 0, locked, mapcount < 2, anon, flags);
    }

    /** smaps_page_accumulate(). */
    private void accumulate(long size, long share, boolean dirty, boolean locked, boolean priv, boolean anon,
            int flags) {
        pss += share;
        if (anon) {
            pssAnon += share;
        } else if ((flags & PageFlags.PG_SWAPBACKED) != 0) {
            pssShmem += share;
        } else {
            pssFile += share;
        }
        if (locked) {
            pssLocked += share;
        }
        if (dirty) {
            pssDirty += share;
            if (priv) {
                privateDirty += size;
            } else {
                sharedDirty += size;
            }
        } else if (priv) {
            privateClean += size;
        } else {
            sharedClean += size;
        }
    }
}
