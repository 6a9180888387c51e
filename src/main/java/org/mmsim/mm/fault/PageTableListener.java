/*
 * The page-table side of the mapping system calls: one address space's MappingListener, applying
 * what unmap_region/free_pgtables (munmap, mremap shrink, MAP_FIXED replace), change_protection
 * (mprotect), move_page_tables (mremap), madvise_dontneed/madvise_free/faultin_page_range and
 * mm_populate do to PTEs, and the page side of mlock (MlockPages) when VM_LOCKED changes or a
 * locked range goes. Other flag-only changes (VM_DONTCOPY, ...) leave the PTEs alone. Leaves out MADV_COLD/PAGEOUT/WILLNEED/REMOVE on anonymous memory (reclaim and
 * swap-in belong to later work: no PTE changes here) and munlock's LRU moves.
 */
package org.mmsim.mm.fault;

import org.mmsim.mm.memory.ChangeProtection;
import org.mmsim.mm.memory.MoveTables;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.memory.Zap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.vma.MappingListener;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;

public final class PageTableListener implements MappingListener {
    private final UserMemory um;
    private final PageTable pt;
    private final FaultCounts acct;

    /** acct: the task on whose behalf population faults are counted (the mm's only task). */
    public PageTableListener(UserMemory um, PageTable pt, FaultCounts acct) {
        this.um = um;
        this.pt = pt;
        this.acct = acct;
    }

    @Override
    public void unmapped(MmStruct mm, Vma gone) {
        if ((gone.flags() & VmFlags.VM_LOCKED) != 0) {
            um.mlock.applyRange(pt, gone.start(), gone.end(), false);
        }
        Zap.unmapRegion(um, mm, pt, gone.start(), gone.end());
    }

    @Override
    public void flagsChanged(MmStruct mm, Vma now, long start, long end, long oldFlags) {
        if (((oldFlags ^ now.flags()) & VmFlags.VM_ACCESS_FLAGS) != 0) {
            ChangeProtection.apply(um, pt, start, end, now.flags(), now.file());
        }
        if (((oldFlags ^ now.flags()) & VmFlags.VM_LOCKED) != 0) {
            um.mlock.applyRange(pt, start, end, (now.flags() & VmFlags.VM_LOCKED) != 0);
        }
    }

    @Override
    public void moved(MmStruct mm, Vma from, long newStart) {
        if (!MoveTables.move(um, pt, from.start(), from.end(), newStart)) {
            throw new IllegalStateException("no memory for page tables while moving a mapping");
        }
    }

    @Override
    public void advised(MmStruct mm, Vma vma, long start, long end, int advice) {
        switch (advice) {
            case Mman.MADV_DONTNEED:
            case Mman.MADV_DONTNEED_LOCKED:
                pt.updateHiwaterRss();
                if ((vma.flags() & VmFlags.VM_LOCKED) != 0) {
                    um.mlock.applyRange(pt, start, end, false);
                }
                Zap.zapRange(um, pt, start, end);
                break;
            case Mman.MADV_FREE:
                if (vma.isAnonymous()) {
                    madviseFree(start, end);
                }
                break;
            case Mman.MADV_POPULATE_READ:
                Populate.range(um, mm, pt, mm.findVma(start), acct, start, end, Fault.READ);
                break;
            case Mman.MADV_POPULATE_WRITE:
                Populate.range(um, mm, pt, mm.findVma(start), acct, start, end, Fault.WRITE);
                break;
            default:
                break;
        }
    }

    /**
     * madvise_free_pte_range(): exclusively mapped anonymous pages become clean, old and lazily
     * freeable (PG_swapbacked cleared), then the range is flushed; shared ones are left alone;
     * swap entries are freed (free_swap_and_cache) and cleared.
     */
    private void madviseFree(long start, long end) {
        boolean flush = false;
        for (long a = start; a < end; a += 4096) {
            long[] t = pt.pteTable(a);
            if (t == null) {
                a = ((a + PageTable.PMD_SIZE) & -PageTable.PMD_SIZE) - 4096;
                continue;
            }
            int i = PageTable.pteIndex(a);
            long e = t[i];
            if (Pte.isSwap(e)) {
                // the swapped-out copy is dropped too: the range reads as zeroes from now on
                t[i] = 0;
                pt.rss[PageTable.MM_SWAPENTS]--;
                um.swapCache.freeSwapAndCache(SwapFile.entry(Pte.swapType(e), (int) Pte.swapOffset(e)));
                continue;
            }
            if (!Pte.present(e) || (e & Pte.SPECIAL) != 0) {
                continue;
            }
            int pfn = Pte.pfn(e);
            if (!um.rmap.isAnon(pfn) || um.m.mapcount[pfn] != 1) {
                continue;
            }
            t[i] = e & ~(Pte.DIRTY | Pte.ACCESSED);
            flush = true;
            um.m.flags[pfn] &= ~PageFlags.PG_DIRTY;
            if ((um.m.flags[pfn] & PageFlags.PG_LRU) != 0) {
                um.lru.lazyfree(pfn, um.vmEvents);
            } else if ((um.m.flags[pfn] & PageFlags.PG_SWAPBACKED) != 0) {
                // still in this CPU's LRU batch: it joins the file list when the batch drains
                um.m.flags[pfn] &= ~(PageFlags.PG_SWAPBACKED | PageFlags.PG_REFERENCED);
                um.vmEvents[org.mmsim.mm.vmstat.VmEvent.PGLAZYFREE]++;
            }
        }
        if (flush) {
            um.flushTlbRange(pt, start, end, false);
        }
    }

    @Override
    public void populate(MmStruct mm, long start, long end) {
        Populate.mmPopulate(um, mm, pt, acct, start, end);
    }
}
