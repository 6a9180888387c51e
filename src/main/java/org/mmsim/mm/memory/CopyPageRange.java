/*
 * mm/memory.c copy_page_range() at fork, with vma_needs_copy() and copy_present_pte(): only VMAs
 * with an anon_vma (or VM_PFNMAP/VM_MIXEDMAP) get their PTEs copied, the rest fault back in. An
 * anonymous page becomes shared (refcount and mapcount up, no longer exclusive) and, in a CoW
 * mapping, write-protected in parent and child; the zero page is copied as is; the child's PTE is
 * old, and clean in a shared mapping; a swap entry is duplicated (swap_duplicate) and loses its
 * exclusive bit in both. Leaves out pinned pages (copy at fork), migration entries, userfaultfd-wp and THP.
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;

public final class CopyPageRange {
    private CopyPageRange() {
    }

    /** vma_needs_copy(). */
    public static boolean needsCopy(Vma src) {
        return (src.flags() & (VmFlags.VM_PFNMAP | VmFlags.VM_MIXEDMAP)) != 0 || src.anonVma() != null;
    }

    /** is_cow_mapping(): private and may be written. */
    static boolean isCow(long flags) {
        return (flags & (VmFlags.VM_SHARED | VmFlags.VM_MAYWRITE)) == VmFlags.VM_MAYWRITE;
    }

    /** copy_page_range(); false when the child's tables could not be allocated. */
    public static boolean copy(UserMemory um, PageTable dst, PageTable src, Vma vma) {
        if (!needsCopy(vma)) {
            return true;
        }
        boolean cow = isCow(vma.flags());
        boolean shared = (vma.flags() & VmFlags.VM_SHARED) != 0;
        long va = vma.start();
        long end = vma.end();
        while (va < end) {
            long next = Math.min(end, (va + PageTable.PMD_SIZE) & -PageTable.PMD_SIZE);
            long[] s = src.pteTable(va);
            if (s != null) {
                long[] d = null;
                for (int i = PageTable.pteIndex(va), last = PageTable.pteIndex(next - 1); i <= last; i++) {
                    long e = s[i];
                    if (e == 0) {
                        continue;
                    }
                    if (d == null) {
                        d = dst.pteTableAlloc(va);
                        if (d == null) {
                            return false;
                        }
                        // allocating the child's table may have reclaimed and unmapped this very page
                        e = s[i];
                        if (e == 0) {
                            continue;
                        }
                    }
                    if (Pte.isSwap(e)) {
                        // copy_nonpresent_pte(): the child shares the slot; neither side is exclusive now
                        um.swapCache.swapFile.dup(SwapFile.entry(Pte.swapType(e), (int) Pte.swapOffset(e)));
                        e &= ~Pte.SWP_EXCLUSIVE;
                        s[i] = e;
                        d[i] = e;
                        dst.rss[PageTable.MM_SWAPENTS]++;
                        continue;
                    }
                    int pfn = Pte.pfn(e);
                    if (pfn != um.zeroPfn && (e & Pte.SPECIAL) == 0) {
                        um.m.refcount[pfn]++;
                        if (um.rmap.isAnon(pfn)) {
                            um.rmap.dupAnon(pfn);
                        } else {
                            um.rmap.addFile(pfn);
                        }
                        dst.rss[um.rmap.mmCounter(pfn)]++;
                        if (cow && Pte.writable(e)) {
                            e &= ~Pte.RW;
                            s[i] = e;
                        }
                    }
                    if (shared) {
                        e &= ~Pte.DIRTY;
                    }
                    d[i] = e & ~Pte.ACCESSED;
                }
            }
            va = next;
        }
        return true;
    }
}
