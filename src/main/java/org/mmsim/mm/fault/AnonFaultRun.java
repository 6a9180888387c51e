/*
 * do_anonymous_page() (mm/memory.c) applied to a run of consecutive pte_none pages a user write
 * stream first touches: a simulator technique, not a Linux mechanism. Linux takes one fault per
 * page; so does the simulated machine, but where nothing can differ from page to page the run is
 * handled in one call: the VMA, the PTE table, the memory policy and the TLB state are checked
 * once, the pages come off the per-CPU list in one pass (PageAlloc.allocPagesBulk), and the
 * counters (PGFAULT, min_flt, MM_ANONPAGES, the TLB misses, walks and faults) and simulated time
 * (fault.minor, fault.zero, tlb.walk per page) are added up, while each page still gets its own
 * rmap, LRU batch entry (with the batch's drains), PTE, stored byte and TLB fills in page order.
 * It leaves no state different from Task.access() page by page: the run only covers pages whose
 * per-page fault cannot take another path or depend on what is added up - a private anonymous
 * VMA that permits writes, already has its anon_vma and is not VM_LOCKED, under a memory policy
 * of one node (default, preferred, local; not interleave or bind); an existing PTE table with
 * the PTEs empty (a zero-page, swap or present PTE ends the run, as do the table's and the VMA's
 * end); no TLB entry for the pages on the CPU; allocations that take the per-CPU list without a
 * refill, a watermark-flag change, a kswapd wake-up or kswapd running (the only readers of the
 * clock on this path); no LRU batch drain before the run's last page that would free a page to
 * that list. THP and userfaultfd, which would, are not modelled on the fault path. Anything else
 * is left to the per-page path, which then handles at least the page the run stopped at.
 */
package org.mmsim.mm.fault;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.pgtable.TablePages;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.sim.CostModel;

public final class AnonFaultRun {
    /** The most pages one run covers: a PTE table's. */
    public static final int MAX_PAGES = TablePages.PTRS_PER_TABLE;

    private AnonFaultRun() {
    }

    /**
     * User writes of value at offset addr % PAGE_SIZE of up to maxPages consecutive pages from addr,
     * each a first-touch fault, as Task.access() would make them one after the other; pfns (at
     * least MAX_PAGES long) is scratch space. Returns how many pages it handled, from the first:
     * 0 when the page at addr needs the per-page path.
     */
    public static int write(UserMemory um, MmStruct mm, PageTable pt, FaultCounts acct, long addr, long maxPages,
            byte value, int[] pfns) {
        // the cheapest refusals first: a write over resident pages comes here for each of them
        long page = addr & -MemMap.PAGE_SIZE;
        long[] t = pt.pteTable(page);
        int first = PageTable.pteIndex(page);
        if (t == null || t[first] != 0) {
            return 0;
        }
        // allocAnonPage()'s allocation when the policy names one node: a plain allocPages() there
        int nid = pt.mempolicy().singleNode(pt.nid(), um.alloc.zones().cpuToNode(um.cpu()));
        if (nid < 0) {
            return 0;
        }
        Vma vma = mm.findVma(addr);
        if (vma == null || vma.start() > addr || !vma.isAnonymous() || vma.anonVma() == null
                || Fault.accessError(vma.flags(), Fault.WRITE) || (vma.flags() & VmFlags.VM_LOCKED) != 0) {
            return 0;
        }
        long limit = Math.min(Math.min(maxPages, MAX_PAGES - first), (vma.end() - page) >>> MemMap.PAGE_SHIFT);
        int n = 0;
        while (n < limit && t[first + n] == 0) {
            n++;
        }
        if (n == 0) {
            return 0;
        }
        int cpu = um.cpu();
        um.tlb.switchMm(cpu, pt.context());
        n = um.mmu.uncachedRun(cpu, page, n);
        if (n == 0) {
            return 0;
        }
        // the pages are taken first, so no LRU drain between two of them may free a page to the list
        n = Math.min(n, um.lru.addsBeforeFreeingDrain());
        n = um.alloc.allocPagesBulk(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO, nid, pfns, n);
        if (n == 0) {
            return 0;
        }
        int offset = (int) (addr & (MemMap.PAGE_SIZE - 1));
        long prot = Pte.pageProt(vma.flags());
        for (int j = 0; j < n; j++) {
            int pfn = pfns[j];
            Fault.addNewAnonPage(um, pt, vma, page + ((long) j << MemMap.PAGE_SHIFT), pfn);
            t[first + j] = Fault.writableEntry(pfn, prot);
            um.contents.storeByte(pfn, offset, value);
        }
        um.vmEvents[VmEvent.PGFAULT] += n;
        acct.minflt += n;
        um.mmu.faultedRun(cpu, page, t, first, n);
        um.cost.charge(CostModel.Op.FAULT_ZERO, n);
        um.cost.charge(CostModel.Op.FAULT_MINOR, n);
        um.cost.charge(CostModel.Op.TLB_WALK, 2L * n);
        if (pt.levels() == 5) {
            um.cost.charge(CostModel.Op.TLB_WALK_P4D, 2L * n);
        }
        return n;
    }
}
