/*
 * What reclaim asks of the page cache (mm/vmscan.c __remove_mapping and pageout for file folios,
 * folio_mark_dirty from try_to_unmap_one, rmap_walk_file's page->mapping and page->index): the
 * seam mm.filemap.PageCache implements.
 */
package org.mmsim.mm.vmscan;

import org.mmsim.mm.vma.VmFile;

import java.util.List;

public interface PageCacheReclaim {
    /** The mapped files whose f_mapping is the page's page->mapping; empty if the frame caches nothing. */
    List<VmFile> filesOf(int pfn);

    /** page->index of a page-cache frame. */
    long indexOf(int pfn);

    /**
     * __remove_mapping(): a clean, unmapped page leaves the cache, dropping the cache's
     * reference; false when it cannot (shmem, whose pages need swap to go).
     */
    boolean removeMapping(int pfn);

    /** pageout() of a dirty page: written back and clean afterwards; false when it cannot be written. */
    boolean writePage(int pfn);

    /** folio_mark_dirty(): a PTE's dirty bit moves to the page as reclaim unmaps it. */
    void setDirty(int pfn);
}
