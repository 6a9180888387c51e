/*
 * Faults on file and shmem mappings (mm/memory.c do_fault: do_read_fault with do_fault_around/
 * filemap_map_pages, do_cow_fault, do_shared_fault; do_wp_page's wp_page_shared), over the
 * page cache (org.mmsim.mm.filemap.PageCache). A read
 * fault first maps the cached pages of the 64 KiB window around the address (aligned in virtual
 * address space, clipped to the VMA, the PTE table and the end of the file); the faulting page
 * comes from the cache if fault-around did not map it. Past the end of the file: SIGBUS.
 * Mapped file pages count in MM_FILEPAGES (MM_SHMEMPAGES for shmem) and NR_FILE_MAPPED.
 * An uncached page makes a major fault (PGMAJFAULT, maj_flt): readahead reads it in and the
 * retried fault maps it (with fault-around for a read). Leaves out the VM_FAULT_RETRY round trip
 * itself (one fault is counted, as Linux counts the completed retry), page_mkwrite's block
 * allocation; balance_dirty_pages() runs after a write fault dirtied a shared page, every
 * RATELIMIT_PAGES dirtied pages.
 */
package org.mmsim.mm.fault;

import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.VmEvent;

final class FileFault {
    private static final int TABLE = 512;

    private FileFault() {
    }

    /** do_fault()/do_wp_page() on a file VMA at page address addr. */
    static int handle(UserMemory um, MmStruct mm, PageTable pt, Vma vma, long addr, boolean write) {
        long[] t = pt.pteTableAlloc(addr);
        if (t == null) {
            return Fault.OOM;
        }
        int i = PageTable.pteIndex(addr);
        long e = t[i];
        VmFile f = vma.file();
        boolean shared = (vma.flags() & VmFlags.VM_SHARED) != 0;
        long prot = Pte.vmPageProt(vma.flags(), f);
        long pgoff = vma.pgoff() + ((addr - vma.start()) >>> MemMap.PAGE_SHIFT);
        if (Pte.isSwap(e)) {
            // a private copy of a file page (do_cow_fault's) that reclaim swapped out
            return SwapFault.doSwapPage(um, mm, pt, vma, t, i, addr, e, write);
        }
        if (!Pte.present(e)) {
            if (!write && faultAround(um, pt, vma, f, t, i, pgoff, prot)) {
                return Fault.MINOR;
            }
            if (pgoff >= um.pageCache.sizePages(f)) {
                return Fault.SIGBUS;
            }
            int result = Fault.MINOR;
            if (!um.pageCache.isShmem(f) && um.pageCache.lookup(f, pgoff) == MemMap.NIL) {
                // filemap_fault(): not cached, a major fault; read in with readahead, then retried
                if (!um.pageCache.readahead(f, pgoff, (vma.flags() & VmFlags.VM_RAND_READ) != 0,
                        (vma.flags() & VmFlags.VM_SEQ_READ) != 0)) {
                    return Fault.OOM;
                }
                um.vmEvents[VmEvent.PGMAJFAULT]++;
                result = Fault.MAJOR;
                if (!write && faultAround(um, pt, vma, f, t, i, pgoff, prot)) {
                    return result;
                }
            }
            int page = um.pageCache.getPage(f, pgoff);
            if (page == MemMap.NIL && !f.anonShmem && um.pageCache.readahead(f, pgoff, true, false)) {
                // reclaim dropped the page again before it could be mapped: read it alone
                page = um.pageCache.getPage(f, pgoff);
            }
            if (page == PageCache.NO_SPACE) {
                // shmem_fault(): vmf_error(-ENOSPC), the tmpfs file's page could not be accounted
                return Fault.SIGBUS;
            }
            if (page == MemMap.NIL) {
                return Fault.OOM;
            }
            if (!write) {
                mapFilePage(um, pt, t, i, page, prot);
            } else if (!shared) {
                // do_cow_fault(): a private copy of the cached page, held while the copy is allocated
                um.m.refcount[page]++;
                int pfn = Fault.allocAnonPage(um, mm, pt, vma, addr);
                if (pfn == MemMap.NIL) {
                    um.alloc.freePages(page, 0);
                    return Fault.OOM;
                }
                Fault.addNewAnonPage(um, pt, vma, addr, pfn);
                um.contents.copyPage(pfn, page);
                um.alloc.freePages(page, 0);
                t[i] = Fault.writableEntry(pfn, prot);
            } else {
                // do_shared_fault(): the cached page itself, writable and dirty
                mapFilePage(um, pt, t, i, page, prot);
                um.pageCache.markDirty(page);
                t[i] = Pte.mkdirty(t[i] | Pte.RW);
                um.writeback.balanceDirtyPagesRatelimited(um.pageCache.mappingOf(page));
            }
            return result;
        }
        if (write && !Pte.writable(e)) {
            if (!shared) {
                return Fault.doWpPage(um, mm, pt, vma, t, i, addr, e);
            }
            // wp_page_shared(): page_mkwrite, the page dirtied, the PTE made writable (wp_page_reuse)
            um.pageCache.markDirty(Pte.pfn(e));
            t[i] = Pte.mkdirty(e | Pte.RW | Pte.ACCESSED);
            um.vmEvents[VmEvent.PGREUSE]++;
            // fault_dirty_shared_page(): the PTE is set; the writer may now be throttled
            um.writeback.balanceDirtyPagesRatelimited(um.pageCache.mappingOf(Pte.pfn(e)));
            return Fault.MINOR;
        }
        t[i] = write ? Pte.mkdirty(e | Pte.ACCESSED) : e | Pte.ACCESSED;
        return Fault.MINOR;
    }

    /**
     * do_fault_around() + filemap_map_pages(): maps the cached pages of the window whose PTEs are
     * none, except pages carrying the readahead mark; true if the faulting page (PTE index fi) was among them.
     */
    private static boolean faultAround(UserMemory um, PageTable pt, Vma vma, VmFile f, long[] t, int fi, long pgoff,
            long prot) {
        int nr = Fault.FAULT_AROUND_PAGES;
        long vmaOff = pgoff - vma.pgoff();
        int from = (int) Math.max(fi & -nr, fi - Math.min(fi, vmaOff));
        int to = (int) Math.min(Math.min(from + nr, TABLE), fi + vma.pages() - vmaOff) - 1;
        long startPg = pgoff - (fi - from);
        long endPg = Math.min(startPg + (to - from), um.pageCache.sizePages(f) - 1);
        boolean mapped = false;
        for (long pg = startPg; pg <= endPg; pg++) {
            int idx = from + (int) (pg - startPg);
            if (t[idx] != 0) {
                continue;
            }
            int pfn = um.pageCache.lookup(f, pg);
            if (pfn == MemMap.NIL || (um.m.flags[pfn] & PageCache.PG_READAHEAD) != 0) {
                // next_uptodate_folio(): a readahead mark is left for a real fault to find
                continue;
            }
            mapFilePage(um, pt, t, idx, pfn, prot);
            mapped |= idx == fi;
        }
        return mapped;
    }

    /** set_pte_range() for a page-cache page: a reference, the file rmap, the RSS counter. */
    private static void mapFilePage(UserMemory um, PageTable pt, long[] t, int i, int pfn, long prot) {
        um.m.refcount[pfn]++;
        um.rmap.addFile(pfn);
        pt.rss[um.rmap.mmCounter(pfn)]++;
        t[i] = Pte.make(pfn, prot);
    }
}
