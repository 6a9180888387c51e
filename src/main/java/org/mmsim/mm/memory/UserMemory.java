/*
 * What the user-memory mechanisms of one machine share (mm/memory.c's globals and the allocator
 * handles): the page allocator and frame table, page-table pages, the anonymous rmap, the vm event
 * counters, the page cache, the shared zero page (empty_zero_page: a reserved frame in the kernel image's .bss,
 * never refcounted, mapped with _PAGE_SPECIAL), the contents seam, and the MMU with its TLB
 * management, whose flush_tlb_mm_range() every change of a present leaf calls through here, and
 * the sink faults and walks charge simulated time to, and the LRU lists.
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.filemap.LruSeam;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.mmu.Mmu;
import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.TablePages;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.swap.SwapCache;
import org.mmsim.mm.vmscan.Lru;
import org.mmsim.mm.vmscan.Workingset;
import org.mmsim.mm.writeback.Writeback;
import org.mmsim.sim.CostModel;
import org.mmsim.sim.EventQueue;
import org.mmsim.sim.SimClock;

import java.util.function.LongSupplier;

public final class UserMemory {
    public final PageAlloc alloc;
    public final MemMap m;
    public final TablePages tables;
    public final Rmap rmap;
    public final long[] vmEvents;
    public final int zeroPfn;
    public final FrameContents contents;
    /** The nodes' LRU lists every user page joins. */
    public final Lru lru;
    /** Swap areas and the swap cache swap PTEs fault from. */
    public final SwapCache swapCache;
    /** Shadow entries and refault detection (mm/workingset.c). */
    public final Workingset workingset;
    /** The page cache file and shmem faults map from. */
    public final PageCache pageCache;
    /** Dirty page-cache pages on their way to disk: the flushers, fsync, balance_dirty_pages. */
    public final Writeback writeback;
    public final Mmu mmu;
    public final Tlb tlb;
    /** PG_mlocked pages and their Mlocked/Unevictable counts. */
    public final MlockPages mlock;

    /** Where faults and page walks charge simulated time. */
    public final CostModel.Sink cost;

    public UserMemory(PageAlloc alloc, long[] vmEvents, int zeroPfn, FrameContents contents, Mmu mmu, Tlb tlb,
            CostModel.Sink cost, EventQueue events, SimClock clock, LongSupplier totalreservePages) {
        this.cost = cost;
        this.mmu = mmu;
        this.tlb = tlb;
        this.alloc = alloc;
        this.m = alloc.zones().memMap;
        this.tables = new TablePages(alloc);
        this.rmap = new Rmap(alloc.zones());
        this.vmEvents = vmEvents;
        this.zeroPfn = zeroPfn;
        this.contents = contents;
        this.lru = new Lru(alloc, vmEvents);
        this.swapCache = new SwapCache(alloc, lru, contents, vmEvents, cost);
        this.workingset = swapCache.workingset;
        this.pageCache = new PageCache(alloc, contents, events, clock, vmEvents, new LruSeam() {
            @Override
            public void add(int pfn) {
                lru.add(pfn);
            }

            @Override
            public void addRun(int pfn, int n) {
                lru.addRun(pfn, n);
            }

            @Override
            public void activate(int pfn) {
                lru.activate(pfn);
            }

            @Override
            public void delete(int pfn) {
                // the page leaves its list when the last reference goes (the allocator's LruRelease)
            }
        }, workingset);
        this.writeback = new Writeback(pageCache, rmap, tlb, alloc.zones(), events, clock, vmEvents,
                totalreservePages, alloc::cpu);
        this.mlock = new MlockPages(this);
        if (!m.isReserved(zeroPfn)) {
            throw new IllegalArgumentException("the zero page must be a reserved frame: pfn " + zeroPfn);
        }
    }

    /** The CPU user accesses and kernel work run on (smp_processor_id()). */
    public int cpu() {
        return alloc.cpu();
    }

    /**
     * flush_tlb_mm_range() on the current CPU after leaves of pt changed in [start, end) (end may be
     * Tlb.TLB_FLUSH_ALL); freedTables when page-table pages went too.
     */
    public void flushTlbRange(PageTable pt, long start, long end, boolean freedTables) {
        tlb.flushTlbMmRange(alloc.cpu(), pt.context(), start, end, Tlb.PAGE_SHIFT, freedTables);
    }
}
