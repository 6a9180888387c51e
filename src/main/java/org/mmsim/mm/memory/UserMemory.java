/*
 * What the user-memory mechanisms of one machine share (mm/memory.c's globals and the allocator
 * handles): the page allocator and frame table, page-table pages, the anonymous rmap, the vm event
 * counters, the page-cache stand-in, the shared zero page (empty_zero_page: a reserved frame in the kernel image's .bss,
 * never refcounted, mapped with _PAGE_SPECIAL) and the contents seam.
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.filemap.PageCacheStandIn;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.pgtable.TablePages;
import org.mmsim.mm.rmap.Rmap;

public final class UserMemory {
    public final PageAlloc alloc;
    public final MemMap m;
    public final TablePages tables;
    public final Rmap rmap;
    public final long[] vmEvents;
    public final int zeroPfn;
    public final FrameContents contents;
    /** The page-cache stand-in file and shmem faults map from. */
    public final PageCacheStandIn pageCache;

    public UserMemory(PageAlloc alloc, long[] vmEvents, int zeroPfn, FrameContents contents) {
        this.alloc = alloc;
        this.m = alloc.zones().memMap;
        this.tables = new TablePages(alloc);
        this.rmap = new Rmap(alloc.zones());
        this.vmEvents = vmEvents;
        this.zeroPfn = zeroPfn;
        this.contents = contents;
        this.pageCache = new PageCacheStandIn(alloc, contents);
        if (!m.isReserved(zeroPfn)) {
            throw new IllegalArgumentException("the zero page must be a reserved frame: pfn " + zeroPfn);
        }
    }
}
