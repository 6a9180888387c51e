/*
 * Reading and writing files through the page cache (mm/filemap.c: filemap_read with
 * filemap_get_pages and filemap_get_read_batch; mm/filemap.c generic_perform_write; mm/truncate.c:
 * truncate_inode_pages_range, invalidate_mapping_pages; fs/drop_caches.c), and direct I/O that
 * bypasses the cache (iomap_dio_rw after filemap_write_and_wait_range and the invalidation of the
 * cached range). Data moves only when the caller passes a buffer; without one (a scenario's read
 * of 512M) the pages are found, read in and marked just the same, and the bytes stay where they are.
 * Batches are found in place in the mapping's table. Left out: large folios, the folio lock during writes (single-threaded), short copies, stable
 * pages, IOCB_NOWAIT, direct I/O's alignment rules beyond the page.
 */
package org.mmsim.mm.filemap;

import org.mmsim.block.BlockDevice;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.Arrays;

public final class FileIo {
    /** PAGEVEC_SIZE: the folios filemap_read takes from the cache at a time. */
    static final int BATCH = 31;
    private static final int PAGE = (int) MemMap.PAGE_SIZE;

    private final PageCache cache;
    private final MemMap m;
    private final Readahead readahead;
    /** A run's pages kept while readahead or a wait runs. */
    private final int[] batch = new int[BATCH];
    /** The run getPages found: its pages are runPfns[runFirst...] (a table leaf, or batch). */
    private int[] runPfns;
    private int runFirst;
    private final byte[] block = new byte[PAGE];

    public FileIo(PageCache cache) {
        this.cache = cache;
        this.m = cache.m;
        this.readahead = new Readahead(cache);
    }

    /**
     * filemap_read(): up to count bytes from pos into dst at dstOff (dst null: not copied); returns
     * the bytes read (0 at or past the end of the file). Reads the missing pages in through
     * readahead and waits for them in simulated time. ENOMEM if not even one page could be cached.
     */
    public long read(AddressSpace as, Readahead.State ra, long pos, long count, byte[] dst, int dstOff) {
        long isize = as.size;
        if (count <= 0 || pos >= isize) {
            return 0;
        }
        long end = Math.min(pos + count, isize);
        long lastIndex = (end + PAGE - 1) >>> MemMap.PAGE_SHIFT;
        long lastPos = ra.prevPos;
        long p = pos;
        while (p < end) {
            long index = p >>> MemMap.PAGE_SHIFT;
            int n = getPages(as, ra, index, lastIndex);
            if (n == 0) {
                if (p == pos) {
                    throw new KernelError(Errno.ENOMEM);
                }
                break;
            }
            int[] pfns = runPfns;
            int first = runFirst;
            // when a read touches the same folio again, only the first touch counts
            if ((p >> MemMap.PAGE_SHIFT) != ((lastPos - 1) >> MemMap.PAGE_SHIFT)) {
                cache.markAccessed(pfns[first]);
            }
            for (int k = 0; k < n && p < end; k++) {
                int pfn = pfns[first + k];
                if (k > 0) {
                    cache.markAccessed(pfn);
                }
                int off = (int) (p & (PAGE - 1));
                int len = (int) Math.min(PAGE - off, end - p);
                if (dst != null) {
                    cache.contents.read(pfn, off, dst, dstOff + (int) (p - pos), len);
                }
                p += len;
            }
            lastPos = p;
        }
        ra.prevPos = lastPos;
        return p - pos;
    }

    /**
     * filemap_get_pages(): the cached pages from index on (stopping after one still being read or
     * marked PG_readahead), reading ahead first on a miss and asynchronously on reaching the mark;
     * every page returned is uptodate. Returns how many there are (at most BATCH), at
     * runPfns[runFirst...].
     */
    private int getPages(AddressSpace as, Readahead.State ra, long index, long lastIndex) {
        int n = getReadBatch(as, index, lastIndex);
        if (n == 0) {
            readahead.syncRa(as, ra, index, lastIndex - index);
            n = getReadBatch(as, index, lastIndex);
        }
        if (n == 0) {
            // filemap_create_folio(): readahead could not help (no memory for the window): one page
            cache.readPages(as, index, 1, -1);
            n = getReadBatch(as, index, lastIndex);
            if (n == 0) {
                return 0;
            }
        }
        int last = runPfns[runFirst + n - 1];
        int f = m.flags[last];
        if ((f & (PageCache.PG_READAHEAD | PageFlags.PG_LOCKED)) != 0) {
            // readahead and the wait may reclaim pages of the table: the batch holds its pages, as Linux's references do
            System.arraycopy(runPfns, runFirst, batch, 0, n);
            runPfns = batch;
            runFirst = 0;
            if ((f & PageCache.PG_READAHEAD) != 0) {
                readahead.asyncRa(as, ra, last, cache.indexOf(last), lastIndex - cache.indexOf(last));
            }
            cache.waitLocked(last);
        }
        return n;
    }

    /**
     * filemap_get_read_batch(): consecutive cached pages from index below lastIndex, found in place
     * in the table (a batch that would cross into the next leaf stops at its end: nothing happens
     * between two batches that do not end at a locked or marked page).
     */
    private int getReadBatch(AddressSpace as, long index, long lastIndex) {
        int[] leaf = as.leaf(index);
        if (leaf == null) {
            return 0;
        }
        int slot = (int) (index & AddressSpace.LEAF_MASK);
        int max = (int) Math.min(Math.min(AddressSpace.LEAF - slot, BATCH), lastIndex - index);
        int[] flags = m.flags;
        int n = 0;
        while (n < max) {
            int pfn = leaf[slot + n];
            if (pfn == MemMap.NIL) {
                break;
            }
            n++;
            if ((flags[pfn] & (PageFlags.PG_LOCKED | PageCache.PG_READAHEAD)) != 0) {
                break;
            }
        }
        runPfns = leaf;
        runFirst = slot;
        return n;
    }

    /**
     * generic_perform_write(): count bytes at pos, from src at srcOff or (src null) all equal to
     * fill; each page found or created (a partial write inside the file reads the page first), the
     * bytes copied in, the page dirtied, i_size extended. Returns the bytes written; ENOMEM if not
     * even the first page could be had.
     */
    public long write(AddressSpace as, long pos, long count, byte[] src, int srcOff, byte fill) {
        long p = pos;
        long end = pos + count;
        while (p < end) {
            long index = p >>> MemMap.PAGE_SHIFT;
            int off = (int) (p & (PAGE - 1));
            int len = (int) Math.min(PAGE - off, end - p);
            int pfn = writeBegin(as, index, off, len);
            if (pfn == MemMap.NIL || pfn == PageCache.NO_SPACE) {
                if (p == pos) {
                    throw new KernelError(pfn == MemMap.NIL ? Errno.ENOMEM : Errno.ENOSPC);
                }
                break;
            }
            if (src != null) {
                cache.contents.write(pfn, off, src, srcOff + (int) (p - pos), len);
            } else {
                cache.contents.fill(pfn, off, len, fill);
            }
            cache.markDirty(pfn);
            p += len;
            if (p > as.size) {
                as.size = p;
            }
        }
        return p - pos;
    }

    /** write_begin: the page to write into, uptodate; NIL if memory ran out, NO_SPACE if tmpfs refused it. */
    private int writeBegin(AddressSpace as, long index, int off, int len) {
        int pfn = as.get(index);
        if (pfn != MemMap.NIL) {
            cache.waitLocked(pfn);
            return pfn;
        }
        long pageStart = index << MemMap.PAGE_SHIFT;
        if (len == PAGE || pageStart >= as.size || as.shmem) {
            // nothing of the old page survives, or there is no old page: start from zeroes
            return cache.addZeroed(as, index);
        }
        cache.readPages(as, index, 1, -1);
        pfn = as.get(index);
        if (pfn != MemMap.NIL) {
            cache.waitLocked(pfn);
        }
        return pfn;
    }

    // ---- direct I/O ----

    /**
     * A direct read: count bytes at pos straight from the disk into dst (null: not copied), after
     * dirty cached pages of the range were written (the caller did that); the caller waits. Returns
     * the bytes read.
     */
    public long directRead(AddressSpace as, long pos, long count, byte[] dst, int dstOff) {
        long end = Math.min(pos + count, as.size);
        if (end <= pos) {
            return 0;
        }
        BlockDevice dev = as.backing.device();
        long last = 0;
        long first = pos >>> MemMap.PAGE_SHIFT, lastIndex = (end - 1) >>> MemMap.PAGE_SHIFT;
        long runBlock = -1;
        int runLen = 0;
        for (long i = first; i <= lastIndex; i++) {
            long b = as.backing.block(i);
            if (dst != null) {
                int off = (int) Math.max(0, pos - (i << MemMap.PAGE_SHIFT));
                long pageEnd = Math.min(end, (i + 1) << MemMap.PAGE_SHIFT);
                int len = (int) (pageEnd - ((i << MemMap.PAGE_SHIFT) + off));
                int at = dstOff + (int) ((i << MemMap.PAGE_SHIFT) + off - pos);
                if (b < 0) {
                    java.util.Arrays.fill(dst, at, at + len, (byte) 0);
                } else {
                    dev.data.read(b, block);
                    System.arraycopy(block, off, dst, at, len);
                }
            }
            if (b < 0) {
                continue;
            }
            if (runLen > 0 && (b != runBlock + runLen || runLen == PageCache.MAX_REQUEST_PAGES)) {
                last = Math.max(last, submitDirect(dev, BlockDevice.STAT_READ, runBlock, runLen));
                runLen = 0;
            }
            if (runLen == 0) {
                runBlock = b;
            }
            runLen++;
        }
        if (runLen > 0) {
            last = Math.max(last, submitDirect(dev, BlockDevice.STAT_READ, runBlock, runLen));
        }
        cache.events.runUntil(Math.max(last, cache.clock.nanos()));
        return end - pos;
    }

    /**
     * A direct write of whole pages: count bytes at pos (page aligned) from src or all equal to
     * fill, stored on disk and waited for; cached pages of the range were written and dropped by
     * the caller. Returns the bytes written; ENOSPC when the disk is full before any.
     */
    public long directWrite(AddressSpace as, long pos, long count, byte[] src, int srcOff, byte fill) {
        BlockDevice dev = as.backing.device();
        long last = 0;
        long first = pos >>> MemMap.PAGE_SHIFT, n = count >>> MemMap.PAGE_SHIFT;
        long runBlock = -1;
        int runLen = 0;
        long done = 0;
        for (long i = first; i < first + n; i++) {
            long b = as.backing.allocateBlock(i);
            if (b < 0) {
                if (done == 0) {
                    throw new KernelError(Errno.ENOSPC);
                }
                break;
            }
            if (src != null) {
                System.arraycopy(src, srcOff + (int) ((i - first) << MemMap.PAGE_SHIFT), block, 0, PAGE);
                dev.data.write(b, block);
            } else {
                dev.data.writeUniform(b, fill & 0xff);
            }
            done++;
            if (runLen > 0 && (b != runBlock + runLen || runLen == PageCache.MAX_REQUEST_PAGES)) {
                last = Math.max(last, submitDirect(dev, BlockDevice.STAT_WRITE, runBlock, runLen));
                runLen = 0;
            }
            if (runLen == 0) {
                runBlock = b;
            }
            runLen++;
        }
        if (runLen > 0) {
            last = Math.max(last, submitDirect(dev, BlockDevice.STAT_WRITE, runBlock, runLen));
        }
        cache.events.runUntil(Math.max(last, cache.clock.nanos()));
        long bytes = done << MemMap.PAGE_SHIFT;
        if (pos + bytes > as.size) {
            as.size = pos + bytes;
        }
        return bytes;
    }

    private long submitDirect(BlockDevice dev, int op, long block, int pages) {
        long bytes = (long) pages << MemMap.PAGE_SHIFT;
        cache.vmEvents[op == BlockDevice.STAT_READ ? VmEvent.PGPGIN : VmEvent.PGPGOUT] += bytes >>> 10;
        return dev.submit(op, block << 3, bytes, () -> { });
    }

    // ---- truncation and invalidation ----

    /**
     * truncate_setsize() + truncate_inode_pages(): i_size becomes size; the page holding the new
     * end has its tail zeroed, pages wholly past it leave the cache (dirty ones without being
     * written) and their blocks are freed. The caller unmapped them first.
     */
    public void truncate(AddressSpace as, long size) {
        long old = as.size;
        as.size = size;
        long firstGone = (size + PAGE - 1) >>> MemMap.PAGE_SHIFT;
        int partial = (int) (size & (PAGE - 1));
        if (partial != 0) {
            int pfn = as.get(size >>> MemMap.PAGE_SHIFT);
            if (pfn != MemMap.NIL) {
                cache.waitLocked(pfn);
                cache.contents.fill(pfn, partial, PAGE - partial, (byte) 0);
            }
        }
        if (size < old || as.nrpages > 0) {
            cache.truncateRange(as, firstGone, Long.MAX_VALUE);
        }
        as.backing.freeBlocks(firstGone, Long.MAX_VALUE);
    }

    /** Every page of [from, to): waited for, then removed, dirty or not (truncate_inode_pages_range). */
    public void removeRange(AddressSpace as, long from, long to) {
        cache.truncateRange(as, from, to);
    }

    /** i_size grows to size (fallocate without KEEP_SIZE): nothing is cached or dirtied. */
    public void extend(AddressSpace as, long size) {
        if (size > as.size) {
            as.size = size;
        }
    }

    /** Bytes [from, to) of cached pages become zeroes, dirtying them (the partial pages of a punched hole). */
    public void zeroRange(AddressSpace as, long from, long to) {
        if (from >= to) {
            return;
        }
        int pfn = as.get(from >>> MemMap.PAGE_SHIFT);
        if (pfn == MemMap.NIL) {
            // not cached: the bytes on disk must change, so read the page in and zero it there
            write(as, from, to - from, null, 0, (byte) 0);
            return;
        }
        cache.waitLocked(pfn);
        cache.contents.fill(pfn, (int) (from & (PAGE - 1)), (int) (to - from), (byte) 0);
        cache.markDirty(pfn);
    }

    /**
     * shmem_fallocate()'s allocation loop: a zeroed, dirty page at every hole of [first, last]. If
     * one cannot be had, the pages this call made go again (shmem_undo_range) and the call fails:
     * ENOMEM when memory ran out, ENOSPC when tmpfs's accounting refused.
     */
    public void populate(AddressSpace as, long first, long last) {
        long[] made = new long[16];
        int nrMade = 0;
        for (long i = first; i <= last; i++) {
            if (as.get(i) != MemMap.NIL) {
                continue;
            }
            int pfn = cache.addZeroed(as, i);
            if (pfn == MemMap.NIL || pfn == PageCache.NO_SPACE) {
                for (int k = 0; k < nrMade; k++) {
                    cache.truncateRange(as, made[k], made[k] + 1);
                }
                throw new KernelError(pfn == MemMap.NIL ? Errno.ENOMEM : Errno.ENOSPC);
            }
            cache.markDirty(pfn);
            if (nrMade == made.length) {
                made = Arrays.copyOf(made, 2 * nrMade);
            }
            made[nrMade++] = i;
        }
    }

    /**
     * invalidate_mapping_pages(): the clean, unmapped, idle pages of [from, to] leave the cache;
     * dirty, under writeback, locked or mapped ones stay. Returns the pages removed.
     */
    public long invalidate(AddressSpace as, long from, long to) {
        long removed = 0;
        long end = to == Long.MAX_VALUE ? to : to + 1;
        long i = from;
        while ((i = as.nextCached(i, end)) >= 0) {
            int pfn = as.get(i);
            int f = m.flags[pfn];
            if ((f & (PageFlags.PG_DIRTY | PageFlags.PG_WRITEBACK | PageFlags.PG_LOCKED)) == 0
                    && m.mapcount[pfn] <= 0 && !as.shmem) {
                cache.removePage(as, i, pfn);
                removed++;
            }
            i++;
        }
        as.clearShadows(from, end);
        return removed;
    }

    /** drop_pagecache_sb() over every file: what `echo 1 > /proc/sys/vm/drop_caches` does. */
    public long dropPagecache() {
        long removed = 0;
        for (AddressSpace as : cache.mappings()) {
            if (as.nrpages > 0 && !as.shmem) {
                removed += invalidate(as, 0, Long.MAX_VALUE);
            }
        }
        return removed;
    }

    /** POSIX_FADV_WILLNEED: force_page_cache_readahead() over the range, without waiting. */
    public void willneed(AddressSpace as, long fromIndex, long nrPages) {
        long end = Math.min(fromIndex + nrPages, as.sizePages());
        for (long i = fromIndex; i < end; i += 512) {
            cache.readPages(as, i, Math.min(512, end - i), -1);
        }
    }
}
