/*
 * The page-fault path for anonymous memory: arch/x86/mm/fault.c do_user_addr_fault (VMA lookup,
 * expand_stack below VM_GROWSDOWN, access_error) and mm/memory.c handle_mm_fault ->
 * __handle_mm_fault -> handle_pte_fault: do_anonymous_page (the shared zero page on a read, a new
 * zeroed page on a write), do_wp_page (wp_page_reuse of an exclusive page, counted PGREUSE;
 * wp_page_copy otherwise, also for the zero page: ptep_clear_flush flushes the old entry; a reuse
 * flushes nothing, as on x86, the MMU having dropped the faulting entry) and the spurious-fault
 * access-bit update;
 * mm_account_fault (PGFAULT for every handled fault, min_flt unless the fault failed). Each handled
 * fault charges fault.minor, plus fault.zero for a new zeroed page or fault.cow for a copy.
 * A refused access (no VMA, or access_error) is a SIGSEGV and counts nothing.
 * File and shmem mappings go to FileFault (over the page cache).
 * A swap PTE goes to SwapFault (do_swap_page).
 * Leaves out: faults on special mappings ([vvar], [vvar_vclock], [vdso]: their pages are not
 * modelled, so a touch is refused as SIGSEGV), THP, NUMA hinting, userfaultfd and memcg charging.
 * An allocation that fails after reclaim and the OOM killer returns OOM.
 */
package org.mmsim.mm.fault;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.StackExpand;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.sim.CostModel;

public final class Fault {
    public static final int READ = 0;
    public static final int WRITE = 1;
    public static final int EXEC = 2;

    /** The access went through without a fault (the PTE allowed it). */
    public static final int NOFAULT = 0;
    /** A minor fault was handled. */
    public static final int MINOR = 1;
    /** SIGSEGV: no VMA, or the VMA forbids the access. */
    public static final int SIGSEGV = 2;
    /** VM_FAULT_OOM: no page for the data or a page table. */
    public static final int OOM = 3;
    /** VM_FAULT_SIGBUS: a file mapping touched beyond the end of its file. */
    public static final int SIGBUS = 4;
    /** A major fault was handled: the page had to be read in. */
    public static final int MAJOR = 5;
    /** fault_around_bytes (64 KiB) in pages. */
    public static final int FAULT_AROUND_PAGES = 16;

    private Fault() {
    }

    /** What the MMU lets a user access through this PTE. */
    public static boolean permits(long pte, int kind) {
        if ((pte & (Pte.PRESENT | Pte.USER)) != (Pte.PRESENT | Pte.USER)) {
            return false;
        }
        switch (kind) {
            case WRITE:
                return (pte & Pte.RW) != 0;
            case EXEC:
                return (pte & Pte.NX) == 0;
            default:
                return true;
        }
    }

    /** do_user_addr_fault(): find (or grow to) the VMA, check access, handle. */
    public static int userFault(UserMemory um, MmStruct mm, PageTable pt, TaskLimits lim, FaultCounts acct, long addr,
            int kind) {
        Vma vma = mm.findVma(addr);
        if (vma == null) {
            return SIGSEGV;
        }
        if (vma.start() > addr) {
            if ((vma.flags() & VmFlags.VM_GROWSDOWN) == 0) {
                return SIGSEGV;
            }
            vma = StackExpand.expandStack(mm, lim, addr);
            if (vma == null) {
                return SIGSEGV;
            }
        }
        if (accessError(vma.flags(), kind)) {
            return SIGSEGV;
        }
        return handleMmFault(um, mm, pt, vma, acct, addr, kind);
    }

    /** access_error() (x86): writes need VM_WRITE, instruction fetches VM_EXEC, reads any access bit. */
    public static boolean accessError(long vmFlags, int kind) {
        switch (kind) {
            case WRITE:
                return (vmFlags & VmFlags.VM_WRITE) == 0;
            case EXEC:
                return (vmFlags & VmFlags.VM_EXEC) == 0;
            default:
                return (vmFlags & VmFlags.VM_ACCESS_FLAGS) == 0;
        }
    }

    /** handle_mm_fault() on a VMA that permits the access, with mm_account_fault(). */
    public static int handleMmFault(UserMemory um, MmStruct mm, PageTable pt, Vma vma, FaultCounts acct, long addr,
            int kind) {
        int r;
        if (vma.file() != null) {
            r = FileFault.handle(um, mm, pt, vma, addr & -MemMap.PAGE_SIZE, kind == WRITE);
        } else if (vma.isAnonymous()) {
            r = handlePteFault(um, mm, pt, vma, addr & -MemMap.PAGE_SIZE, kind == WRITE);
        } else {
            return SIGSEGV;
        }
        um.vmEvents[VmEvent.PGFAULT]++;
        if (r == MINOR) {
            acct.minflt++;
            um.cost.charge(CostModel.Op.FAULT_MINOR, 1);
        } else if (r == MAJOR) {
            acct.majflt++;
            um.cost.charge(CostModel.Op.FAULT_MINOR, 1);
        }
        return r;
    }

    private static int handlePteFault(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long addr, boolean write) {
        long[] t = pt.pteTableAlloc(addr);
        if (t == null) {
            return OOM;
        }
        int i = PageTable.pteIndex(addr);
        long e = t[i];
        if (Pte.isSwap(e)) {
            return SwapFault.doSwapPage(um, mm, pt, vma, t, i, addr, e, write);
        }
        if (!Pte.present(e)) {
            return doAnonymousPage(um, mm, pt, vma, t, i, addr, write);
        }
        if (write && !Pte.writable(e)) {
            return doWpPage(um, mm, pt, vma, t, i, addr, e);
        }
        // A spurious fault: the PTE already allows the access; update the access bits.
        t[i] = write ? Pte.mkdirty(e | Pte.ACCESSED) : e | Pte.ACCESSED;
        return MINOR;
    }

    /** do_anonymous_page(). */
    private static int doAnonymousPage(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long[] t, int i, long addr,
            boolean write) {
        long prot = Pte.pageProt(vma.flags());
        if (!write) {
            t[i] = Pte.make(um.zeroPfn, prot | Pte.SPECIAL);
            return MINOR;
        }
        int pfn = newAnonPage(um, mm, pt, vma, addr);
        if (pfn == MemMap.NIL) {
            return OOM;
        }
        // newAnonPage's __GFP_ZERO allocation has cleared the contents already.
        um.cost.charge(CostModel.Op.FAULT_ZERO, 1);
        t[i] = writableEntry(pfn, prot);
        return MINOR;
    }

    /** do_wp_page(): reuse an exclusively owned anonymous page, else copy. */
    static int doWpPage(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long[] t, int i, long addr, long e) {
        int old = Pte.pfn(e);
        boolean zero = old == um.zeroPfn;
        if (!zero && um.rmap.isAnon(old)
                && ((um.m.flags[old] & PageFlags.PG_ANON_EXCLUSIVE) != 0 || um.m.refcount[old] == 1)) {
            um.m.flags[old] |= PageFlags.PG_ANON_EXCLUSIVE;
            t[i] = Pte.mkdirty(e | Pte.ACCESSED | Pte.RW);
            um.vmEvents[VmEvent.PGREUSE]++;
            return MINOR;
        }
        return wpPageCopy(um, mm, pt, vma, t, i, addr, old, zero);
    }

    /**
     * wp_page_copy(): a private copy (zeroed for the zero page) replaces the shared page. The old
     * page is held while the new one is allocated (reclaim may run); if the PTE changed meanwhile
     * the fault is retried, as Linux's pte_same check does.
     */
    private static int wpPageCopy(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long[] t, int i, long addr,
            int old, boolean zero) {
        long e = t[i];
        if (!zero) {
            um.m.refcount[old]++;
        }
        int pfn = allocAnonPage(um, mm, pt, vma, addr);
        if (pfn == MemMap.NIL || t[i] != e) {
            if (!zero) {
                um.alloc.freePages(old, 0);
            }
            if (pfn == MemMap.NIL) {
                return OOM;
            }
            um.alloc.freePages(pfn, 0);
            return MINOR;
        }
        addNewAnonPage(um, pt, vma, addr, pfn);
        if (zero) {
            um.cost.charge(CostModel.Op.FAULT_ZERO, 1);
        } else {
            um.contents.copyPage(pfn, old);
            um.cost.charge(CostModel.Op.FAULT_COW, 1);
            pt.rss[um.rmap.mmCounter(old)]--;
            if ((vma.flags() & VmFlags.VM_LOCKED) != 0 && um.rmap.isAnon(old)) {
                um.mlock.munlockFolio(old);
            }
            um.rmap.remove(old);
            um.alloc.freePages(old, 0);
            um.alloc.freePages(old, 0);
        }
        // ptep_clear_flush() before the new entry goes in
        t[i] = 0;
        um.flushTlbRange(pt, addr, addr + MemMap.PAGE_SIZE, false);
        t[i] = writableEntry(pfn, Pte.pageProt(vma.flags()));
        return MINOR;
    }

    /** pte_mkwrite(pte_mkdirty(mk_pte())) as do_anonymous_page and wp_page_copy build it. */
    static long writableEntry(int pfn, long prot) {
        return Pte.mkdirty(Pte.make(pfn, prot | Pte.RW | Pte.ACCESSED));
    }

    /**
     * vma_alloc_zeroed_movable_folio() + anon_vma_prepare() + folio_add_new_anon_rmap() +
     * folio_add_lru_vma(): a page (its contents cleared by the allocator's __GFP_ZERO) counted in the
     * mm's MM_ANONPAGES and the node's NR_ANON_PAGES, or NIL.
     */
    static int newAnonPage(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long addr) {
        int pfn = allocAnonPage(um, mm, pt, vma, addr);
        if (pfn != MemMap.NIL) {
            addNewAnonPage(um, pt, vma, addr, pfn);
        }
        return pfn;
    }

    /**
     * vma_alloc_zeroed_movable_folio() after anon_vma_prepare(); may reclaim. NIL when memory ran out.
     * The page follows the task's memory policy (get_vma_policy: no VMA policies, so the task's),
     * an interleaved one by the page's offset in the VMA.
     */
    static int allocAnonPage(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long addr) {
        mm.anonVmaPrepare(vma);
        int gfp = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO;
        Mempolicy pol = pt.mempolicy();
        if (pol == Mempolicy.DEFAULT) {
            return um.alloc.allocPages(gfp, 0, pt.nid());
        }
        return pol.allocPages(um.alloc, gfp, 0, pt.nid(), vma.pgoff() + ((addr - vma.start()) >>> MemMap.PAGE_SHIFT));
    }

    /**
     * folio_add_new_anon_rmap() + folio_add_lru_vma() for a page from allocAnonPage(): a page of a
     * locked mapping is mlocked at once (mlock_new_folio) and goes to the unevictable list.
     */
    static void addNewAnonPage(UserMemory um, PageTable pt, Vma vma, long addr, int pfn) {
        um.rmap.addNewAnon(pfn, pt.family(), vma.pgoff() + ((addr - vma.start()) >>> MemMap.PAGE_SHIFT));
        pt.rss[PageTable.MM_ANONPAGES]++;
        if ((vma.flags() & (VmFlags.VM_LOCKED | VmFlags.VM_SPECIAL)) == VmFlags.VM_LOCKED) {
            um.mlock.mlockNewFolio(pfn);
        }
        um.lru.add(pfn);
    }
}
