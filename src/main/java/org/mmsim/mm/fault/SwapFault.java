/*
 * mm/memory.c do_swap_page(): a fault on a swap PTE. The page comes from the swap cache (a minor
 * fault) or is read in with swap readahead (a major fault: PGMAJFAULT, maj_flt, the read charged
 * as swap.read); the PTE's reference on the slot is dropped (swap_free), the swap cache gives the
 * page up when Linux's should_try_to_free_swap says so (a write fault on a page no one else
 * holds, or swap more than half full) and no other swap PTE refers to the slot (folio_free_swap,
 * which leaves the page dirty), and a page that is certainly exclusive (the swap PTE
 * said so, or only this fault holds it) is mapped writable if the VMA allows, dirty on a write
 * fault; otherwise it is mapped read-only and a write fault continues into do_wp_page.
 * MM_SWAPENTS goes down and MM_ANONPAGES up.
 * Left out: SWP_SYNCHRONOUS_IO's swap-cache bypass (zram), large folios, KSM, userfaultfd,
 * migration and device entries.
 */
package org.mmsim.mm.fault;

import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.swap.SwapCache;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.VmEvent;

final class SwapFault {
    private SwapFault() {
    }

    /** do_swap_page() for the swap PTE e at t[i]: Fault.MINOR, MAJOR or OOM. */
    static int doSwapPage(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long[] t, int i, long addr, long e,
            boolean write) {
        SwapCache cache = um.swapCache;
        int entry = SwapFile.entry(Pte.swapType(e), (int) Pte.swapOffset(e));
        int result = Fault.MINOR;
        int pfn = cache.lookup(entry);
        if (pfn == MemMap.NIL) {
            pfn = cache.swapinReadahead(entry, pt.nid());
            if (pfn == MemMap.NIL) {
                return t[i] == e ? Fault.OOM : Fault.MINOR;
            }
            um.vmEvents[VmEvent.PGMAJFAULT]++;
            result = Fault.MAJOR;
        }
        if (t[i] != e) {
            // Reclaim during the read-in changed nothing here, but a racing path could have: retry.
            um.alloc.freePages(pfn, 0);
            return result;
        }
        mm.anonVmaPrepare(vma);
        boolean exclusive = (e & Pte.SWP_EXCLUSIVE) != 0;
        cache.swapFree(entry);
        if (cache.swapFile.vmSwapFull() || (vma.flags() & VmFlags.VM_LOCKED) != 0
                || (write && um.m.refcount[pfn] == 2)) {
            // should_try_to_free_swap(); folio_free_swap keeps the page cached while another swap
            // PTE (a fork's) still refers to the slot, whose data may now live only in this page
            cache.freeSwap(pfn);
        }
        if (!exclusive && um.m.refcount[pfn] == 1 && um.m.mapcount[pfn] == 0) {
            exclusive = true;
        }
        long pgIndex = vma.pgoff() + ((addr - vma.start()) >>> MemMap.PAGE_SHIFT);
        pt.rss[PageTable.MM_SWAPENTS]--;
        pt.rss[PageTable.MM_ANONPAGES]++;
        long pte = Pte.make(pfn, Pte.pageProt(vma.flags()));
        boolean wpLeft = write;
        if (exclusive && (vma.flags() & VmFlags.VM_WRITE) != 0) {
            pte |= Pte.RW;
            if (write) {
                pte = Pte.mkdirty(pte);
                wpLeft = false;
            }
        } else {
            exclusive = false;
        }
        um.rmap.addAnon(pfn, pt.family(), pgIndex, exclusive);
        t[i] = pte;
        if (wpLeft) {
            int r = Fault.doWpPage(um, mm, pt, vma, t, i, addr, pte);
            return r == Fault.OOM ? r : result;
        }
        return result;
    }
}
