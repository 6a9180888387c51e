/*
 * swapoff(2) (mm/swapfile.c try_to_unuse, unuse_mm/unuse_pte): the area stops taking new pages,
 * then every swap PTE pointing into it, in every address space, gets its page back (read into
 * the swap cache if need be, mapped old and read-only as unuse_pte maps it, exclusive if the
 * entry was), and every page left in the swap cache for the area leaves it dirty
 * (folio_free_swap). If memory runs out the area is put back (reinsert_swap_info) and swapoff
 * fails with ENOMEM; pages already brought back stay in memory.
 * Left out: shmem's swap entries (none exist here), the mmlist (every address space is walked),
 * signals interrupting the loop.
 */
package org.mmsim.mm.swap;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class SwapOff {
    private SwapOff() {
    }

    /** swapoff(2) on the area at path. */
    public static void swapoff(SwapCache cache, Rmap rmap, MemMap m, String path) {
        SwapFile sf = cache.swapFile;
        SwapInfo si = sf.find(path);
        if (si == null) {
            // open() fails on a path nothing made; an existing one that is not an active area is EINVAL.
            throw new KernelError(sf.exists(path) ? Errno.EINVAL : Errno.ENOENT);
        }
        sf.disable(si);
        while (si.inusePages() > 0) {
            int before = si.inusePages();
            for (Rmap.Member mem : rmap.members()) {
                if (!unuseMm(cache, rmap, m, si, mem)) {
                    sf.reenable(si);
                    throw new KernelError(Errno.ENOMEM);
                }
            }
            for (int off = 1; off < si.maxPages; off++) {
                int pfn = cache.cached(si, off);
                if (pfn != MemMap.NIL && si.count(off) == 0) {
                    m.flags[pfn] |= PageFlags.PG_DIRTY;
                    cache.delete(pfn);
                }
            }
            if (si.inusePages() >= before) {
                // Nothing maps the remaining slots any more and nothing freed them: a leak, not a user error.
                throw new IllegalStateException("swapoff " + path + ": " + si.inusePages() + " slots stay in use");
            }
        }
        sf.release(si);
    }

    /** unuse_mm(): false when a page could not be allocated. */
    private static boolean unuseMm(SwapCache cache, Rmap rmap, MemMap m, SwapInfo si, Rmap.Member mem) {
        PageTable pt = mem.pt;
        for (Vma vma : mem.mm.vmas()) {
            if (vma.anonVma() == null) {
                continue;
            }
            for (long addr = vma.start(); addr < vma.end(); addr += MemMap.PAGE_SIZE) {
                long[] t = pt.pteTable(addr);
                if (t == null) {
                    addr = ((addr + PageTable.PMD_SIZE) & -PageTable.PMD_SIZE) - MemMap.PAGE_SIZE;
                    continue;
                }
                int i = PageTable.pteIndex(addr);
                long e = t[i];
                if (!Pte.isSwap(e) || Pte.swapType(e) != si.type) {
                    continue;
                }
                int entry = SwapFile.entry(si.type, (int) Pte.swapOffset(e));
                int pfn = cache.lookup(entry);
                if (pfn == MemMap.NIL) {
                    pfn = cache.swapinReadahead(entry, pt.nid());
                    if (pfn == MemMap.NIL) {
                        return false;
                    }
                }
                // unuse_pte(): the page's reference from the lookup becomes the mapping's
                long pgIndex = vma.pgoff() + ((addr - vma.start()) >>> MemMap.PAGE_SHIFT);
                rmap.addAnon(pfn, pt.family(), pgIndex, (e & Pte.SWP_EXCLUSIVE) != 0);
                pt.rss[PageTable.MM_SWAPENTS]--;
                pt.rss[PageTable.MM_ANONPAGES]++;
                t[i] = Pte.make(pfn, Pte.pageProt(vma.flags())) & ~Pte.ACCESSED;
                cache.swapFree(entry);
            }
        }
        return true;
    }
}
