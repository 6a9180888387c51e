/*
 * Where the page cache meets the LRU lists (mm/swap.c: folio_add_lru, folio_activate;
 * mm/filemap.c: filemap_unaccount_folio): the page cache says when a page enters the cache, is
 * promoted by mark_page_accessed()'s second touch, and leaves; the LRU (mm.vmscan.Lru, joined in
 * mm.memory.UserMemory) decides what that means for its lists.
 */
package org.mmsim.mm.filemap;

public interface LruSeam {
    /** folio_add_lru(): a new cache page goes on its inactive list (anon for swap-backed shmem, else file). */
    void add(int pfn);

    /** add() of the consecutive frames [pfn, pfn + n), in that order (a large folio's pages). */
    default void addRun(int pfn, int n) {
        for (int k = 0; k < n; k++) {
            add(pfn + k);
        }
    }

    /** folio_activate(): the page moves to its active list (PG_active is already set). */
    void activate(int pfn);

    /**
     * The page leaves the cache. Linux's folio stays on its list until its last reference goes
     * (__page_cache_release), which the allocator reports to the LRU itself.
     */
    void delete(int pfn);
}
