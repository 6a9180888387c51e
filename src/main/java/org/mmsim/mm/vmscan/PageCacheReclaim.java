/*
 * What reclaim asks of the page cache (mm/vmscan.c __remove_mapping and pageout for file folios,
 * rmap_walk_file's page->mapping and page->index): the seam the page-cache stand-in implements
 * today and the real page cache implements after it.
 */
package org.mmsim.mm.vmscan;

import org.mmsim.mm.vma.VmFile;

public interface PageCacheReclaim {
    /** page->mapping of a page-cache frame, or null if the frame caches nothing. */
    VmFile fileOf(int pfn);

    /** page->index of a page-cache frame. */
    long indexOf(int pfn);

    /**
     * __remove_mapping(): a clean, unmapped page leaves the cache, dropping the cache's
     * reference; false when it cannot (shmem, whose pages need swap to go).
     */
    boolean removeMapping(int pfn);

    /** pageout() of a dirty page: written back and clean afterwards; false when it cannot be written. */
    boolean writePage(int pfn);
}
