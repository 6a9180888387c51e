/*
 * On-demand readahead (mm/readahead.c): struct file_ra_state per open file, and
 * page_cache_sync_ra() on a cache miss, page_cache_async_ra() on reaching a page marked
 * PG_readahead, with the window sizes of get_init_ra_size() and get_next_ra_size(), the
 * sequential-stream detection through the previous position and the cached history
 * (page_cache_prev_miss), and force_page_cache_ra() for files with FMODE_RANDOM.
 * ra->order ramps as in Linux 6.18 (0 after a synchronous miss, +2 per asynchronous window, capped
 * by the window size), choosing the folio size page_cache_ra_order() reads a window in; an
 * asynchronous window's end is trimmed down to that order's alignment, as 6.18 does.
 * Left out: the io_pages cap of ractl_max_pages (bdi io_pages
 * equals ra_pages here), blk-cgroup congestion, the mmap_miss heuristic.
 */
package org.mmsim.mm.filemap;

import org.mmsim.mm.page.MemMap;

public final class Readahead {
    /** struct file_ra_state. */
    public static final class State {
        long start;
        long size;
        long asyncSize;
        /** ra_pages: the device's, doubled by POSIX_FADV_SEQUENTIAL. */
        int raPages;
        /** prev_pos: the byte after the last read, -1 before the first. */
        long prevPos = -1;
        /** FMODE_RANDOM (POSIX_FADV_RANDOM): no readahead beyond what is asked. */
        boolean random;
        /** ra->order: the folio order asynchronous windows ramp up (0 after a synchronous miss). */
        int order;

        /** file_ra_state_init(). */
        public State(int raPages) {
            this.raPages = raPages;
        }

        public void setRaPages(int raPages) {
            this.raPages = raPages;
        }

        public void setRandom(boolean random) {
            this.random = random;
        }
    }

    /** force_page_cache_ra()'s chunk: 2 MiB. */
    private static final long FORCE_CHUNK_PAGES = 512;
    private final PageCache cache;

    Readahead(PageCache cache) {
        this.cache = cache;
    }

    /** get_init_ra_size(): the first window for a read of size pages. */
    static long initRaSize(long size, long max) {
        long newsize = Long.highestOneBit(Math.max(1, size));
        if (newsize < size) {
            newsize <<= 1;
        }
        if (newsize <= max / 32) {
            return newsize * 4;
        }
        if (newsize <= max / 4) {
            return newsize * 2;
        }
        return max;
    }

    /** get_next_ra_size(): ramp up quickly to the maximum window. */
    static long nextRaSize(long cur, long max) {
        if (cur < max / 16) {
            return 4 * cur;
        }
        if (cur <= max / 2) {
            return 2 * cur;
        }
        return max;
    }

    /** page_cache_sync_ra(): a read of reqCount pages at index found the page not cached. */
    void syncRa(AddressSpace as, State ra, long index, long reqCount) {
        if (ra.random || ra.raPages == 0) {
            forceRa(as, ra.random ? reqCount : 1, index, ra);
            return;
        }
        long max = ra.raPages;
        // prev_pos starts at -1, whose page index is far from any index read
        boolean follows = ra.prevPos >= 0 && index - (ra.prevPos >>> MemMap.PAGE_SHIFT) <= 1;
        if (index == 0 || reqCount > max || follows) {
            ra.start = index;
            ra.size = initRaSize(reqCount, max);
            ra.asyncSize = ra.size > reqCount ? ra.size - reqCount : ra.size >> 1;
            ra.order = 0;
            readWindow(as, ra);
            return;
        }
        long miss = prevMiss(as, index - 1, max);
        long contig = index - miss - 1;
        if (contig <= reqCount) {
            doRa(as, index, reqCount, 0);
            return;
        }
        if (miss < 0) {
            contig *= 2;
        }
        ra.start = index;
        ra.size = Math.min(contig + reqCount, max);
        ra.asyncSize = 1;
        ra.order = 0;
        readWindow(as, ra);
    }

    /** page_cache_async_ra(): a read reached the page at index marked PG_readahead. */
    void asyncRa(AddressSpace as, State ra, int pfn, long index, long reqCount) {
        if (ra.raPages == 0 || (cache.m.flags[pfn] & org.mmsim.mm.page.PageFlags.PG_WRITEBACK) != 0) {
            return;
        }
        cache.m.flags[pfn] &= ~PageCache.PG_READAHEAD;
        long max = ra.raPages;
        // Linux rounds the expected index down to the marked folio's size; the mark always sits on a
        // folio's first page (an async window's start, or an order-0 page), so that is the index itself
        if (index == ra.start + ra.size - ra.asyncSize) {
            ra.start += ra.size;
            ra.size = Math.max(ra.size, nextRaSize(ra.size, max));
        } else {
            // a marked page without valid readahead state: take the window from the cache
            long start = nextMiss(as, index + 1, max);
            if (start <= 0 || start - index > max) {
                return;
            }
            ra.start = start;
            ra.size = nextRaSize(start - index + reqCount, max);
        }
        ra.order += 2;
        // the window's end trimmed down to the new order's alignment (capped by ra_pages' own
        // alignment), unless nothing would be left: the next window starts folio-aligned
        long align = 1L << Math.min(ra.order, Long.numberOfTrailingZeros(max));
        long end = ra.start + ra.size;
        long alignedEnd = end & -align;
        if (alignedEnd > ra.start) {
            ra.size -= end - alignedEnd;
        }
        ra.asyncSize = ra.size;
        readWindow(as, ra);
    }

    /**
     * page_cache_ra_order(): the state's window clipped to the end of the file, the mark placed
     * where the unclipped window puts it (start + size - async_size), so a window that reaches past
     * the end of the file carries no mark (as on ext4/xfs/tmpfs, which take this path;
     * do_page_cache_ra() alone would mark a page counted back from the clipped end). A regular
     * file's window is read in folios of ra->order, capped by the window size and
     * MAX_PAGECACHE_ORDER (shmem has no large folios here: order 0).
     */
    private void readWindow(AddressSpace as, State ra) {
        long isize = as.size;
        if (isize == 0 || ra.start > (isize - 1) >>> MemMap.PAGE_SHIFT) {
            return;
        }
        ra.order = as.shmem ? 0 : Math.min(Math.min(ra.order, PageCache.MAX_PAGECACHE_ORDER),
                63 - Long.numberOfLeadingZeros(Math.max(1, ra.size)));
        long endIndex = (isize - 1) >>> MemMap.PAGE_SHIFT;
        long n = Math.min(ra.size, endIndex - ra.start + 1);
        long mark = ra.asyncSize > 0 && ra.asyncSize <= ra.size ? ra.start + ra.size - ra.asyncSize : -1;
        cache.readPages(as, ra.start, n, mark <= endIndex ? mark : -1, ra.order);
    }

    /** do_page_cache_ra(): the window clipped to the end of the file, the lookahead page marked. */
    private void doRa(AddressSpace as, long index, long nr, long lookahead) {
        long isize = as.size;
        if (isize == 0) {
            return;
        }
        long endIndex = (isize - 1) >>> MemMap.PAGE_SHIFT;
        if (index > endIndex) {
            return;
        }
        long n = Math.min(nr, endIndex - index + 1);
        // page_cache_ra_unbounded(): the mark goes lookahead pages before the end of what is read
        long mark = lookahead > 0 && lookahead <= n ? index + n - lookahead : -1;
        cache.readPages(as, index, n, mark);
    }

    /** force_page_cache_ra(): up to ra_pages (at least one) pages from index, in 2 MiB chunks. */
    private void forceRa(AddressSpace as, long nr, long index, State ra) {
        long end = index + Math.min(nr, Math.max(1, ra.raPages));
        for (long i = index; i < end; i += FORCE_CHUNK_PAGES) {
            doRa(as, i, Math.min(FORCE_CHUNK_PAGES, end - i), 0);
        }
    }

    /** page_cache_prev_miss(): the nearest uncached index at or below index, looking back max pages; -1 if none. */
    private static long prevMiss(AddressSpace as, long index, long max) {
        for (long i = index; i >= 0 && index - i < max; i--) {
            if (as.get(i) == MemMap.NIL) {
                return i;
            }
        }
        return index - max < 0 ? -1 : index - max;
    }

    /** page_cache_next_miss(): the nearest uncached index at or above index, looking ahead max pages. */
    private static long nextMiss(AddressSpace as, long index, long max) {
        for (long i = index; i < index + max; i++) {
            if (as.get(i) == MemMap.NIL) {
                return i;
            }
        }
        return index + max;
    }
}
