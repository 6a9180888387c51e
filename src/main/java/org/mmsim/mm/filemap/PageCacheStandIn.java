/*
 * A STAND-IN for the page cache (mm/filemap.c, mm/shmem.c), just enough for the fault path to map
 * file and shmem pages; the page-cache work replaces it. Per file: its size and, per page index,
 * the frame caching it (refcount 1 for the cache, PG_uptodate; counted in NR_FILE_PAGES, and for
 * shmem in NR_SHMEM with PG_swapbacked). A regular file is created fully cached (as the
 * validation corpus fsyncs its files) or with nothing cached; a shmem file (MAP_SHARED|
 * MAP_ANONYMOUS) fills with zeroed pages as it is faulted; fsync cleans dirty pages at once.
 * A regular file's data on disk is one repeated byte per page (the creator's choice, up to i_size),
 * copied into a frame when the page is read in. Every new cache page goes on the LRU (folio_add_lru);
 * reclaim drops clean regular-file pages through the PageCacheReclaim seam (a later fault reads the
 * page from disk again, a major fault) and "writes back" dirty ones by cleaning them.
 * Leaves out: I/O timing (a read or write-back completes at once), async readahead (PG_readahead
 * markers), readahead's large folios, mmap_miss, dirty accounting (NR_FILE_DIRTY,
 * balance_dirty_pages), bytes written through a shared mapping reaching the disk (a dropped dirty
 * page reads back as the file's original byte), workingset shadow entries, truncation, and
 * shmem reclaim (shmem pages stay until the machine goes away).
 */
package org.mmsim.mm.filemap;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.memory.FrameContents;
import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.vmscan.Lru;
import org.mmsim.mm.vmscan.PageCacheReclaim;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Zones;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.function.LongToIntFunction;

public final class PageCacheStandIn implements PageCacheReclaim {
    private static final class FilePages {
        final long size;
        /** The byte every page index holds on disk. */
        final LongToIntFunction diskByte;
        int[] pfn;

        FilePages(long size, int pages, LongToIntFunction diskByte) {
            this.size = size;
            this.diskByte = diskByte;
            pfn = new int[pages];
            Arrays.fill(pfn, MemMap.NIL);
        }
    }

    /** The bdi's ra_pages: this host's /tmp disk (vda) has read_ahead_kb 8192. */
    public static final int READ_AHEAD_PAGES = 2048;

    private final PageAlloc alloc;
    private final FrameContents contents;
    private final Tlb tlb;
    private final Zones zones;
    private final MemMap m;
    private final IdentityHashMap<VmFile, FilePages> files = new IdentityHashMap<>();
    private final Lru lru;
    /** page->mapping and page->index of each cached frame, for reclaim, in chunks made on first use. */
    private final VmFile[][] owner;
    private final long[][] ownerIndex;
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

    public PageCacheStandIn(PageAlloc alloc, FrameContents contents, Tlb tlb, Lru lru) {
        this.alloc = alloc;
        this.lru = lru;
        this.tlb = tlb;
        this.contents = contents;
        this.zones = alloc.zones();
        this.m = zones.memMap;
        owner = new VmFile[(m.nrFrames >>> CHUNK_SHIFT) + 1][];
        ownerIndex = new long[owner.length][];
    }

    /**
     * A regular file of size bytes whose page index i holds diskByte(i) throughout, every page
     * cached (clean) or none; false if memory ran out.
     */
    public boolean createFile(VmFile f, long size, boolean cached, LongToIntFunction diskByte) {
        FilePages fp = new FilePages(size, (int) ((size + MemMap.PAGE_SIZE - 1) >>> MemMap.PAGE_SHIFT), diskByte);
        files.put(f, fp);
        if (cached) {
            for (int i = 0; i < fp.pfn.length; i++) {
                fp.pfn[i] = readPage(f, fp, i);
                if (fp.pfn[i] == MemMap.NIL) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A new cache page for index, its bytes read from disk; NIL if memory ran out. */
    private int readPage(VmFile f, FilePages fp, long index) {
        int pfn = addPage(f, index, false);
        if (pfn != MemMap.NIL) {
            long off = index << MemMap.PAGE_SHIFT;
            contents.fillPage(pfn, (int) Math.min(MemMap.PAGE_SIZE, fp.size - off),
                    (byte) fp.diskByte.applyAsInt(index));
        }
        return pfn;
    }

    /** i_size in pages rounded up (DIV_ROUND_UP(i_size, PAGE_SIZE)); shmem files have no end here. */
    public long sizePages(VmFile f) {
        if (f.anonShmem) {
            return Long.MAX_VALUE;
        }
        FilePages fp = files.get(f);
        return fp == null ? 0 : (fp.size + MemMap.PAGE_SIZE - 1) >>> MemMap.PAGE_SHIFT;
    }

    /** filemap_get_folio(): the cached frame of page index, or NIL. */
    public int lookup(VmFile f, long index) {
        FilePages fp = files.get(f);
        return fp == null || index >= fp.pfn.length ? MemMap.NIL : fp.pfn[(int) index];
    }

    /**
     * do_sync_mmap_readahead() for a fault on an uncached page of a regular file: none with
     * VM_RAND_READ (the page alone is read), a window from the page with VM_SEQ_READ, otherwise
     * the mmap read-around window centred on it; READ_AHEAD_PAGES long, clipped to the file,
     * cached pages skipped (page_cache_ra_unbounded). The read completes at once. False if memory
     * ran out.
     */
    public boolean readahead(VmFile f, long index, boolean random, boolean sequential) {
        FilePages fp = files.get(f);
        long start = random || sequential ? index : Math.max(0, index - READ_AHEAD_PAGES / 2);
        long end = Math.min(random ? index + 1 : start + READ_AHEAD_PAGES, fp.pfn.length);
        for (long i = start; i < end; i++) {
            if (fp.pfn[(int) i] == MemMap.NIL) {
                int pfn = readPage(f, fp, i);
                if (pfn == MemMap.NIL) {
                    return false;
                }
                fp.pfn[(int) i] = pfn;
            }
        }
        return true;
    }

    /**
     * filemap_fault()/shmem_fault() for a page index inside the file: the cached frame (a regular
     * file's page must have been read in by readahead); a shmem hole gets a new zeroed page. NIL
     * when memory ran out.
     */
    public int getPage(VmFile f, long index) {
        int pfn = lookup(f, index);
        if (pfn != MemMap.NIL || !f.anonShmem) {
            return pfn;
        }
        FilePages fp = files.computeIfAbsent(f, k -> new FilePages(0, 16, i -> 0));
        if (index >= fp.pfn.length) {
            int old = fp.pfn.length;
            fp.pfn = Arrays.copyOf(fp.pfn, (int) Math.max(index + 1, 2L * old));
            Arrays.fill(fp.pfn, old, fp.pfn.length, MemMap.NIL);
        }
        pfn = addPage(f, index, true);
        if (pfn != MemMap.NIL) {
            contents.clearPage(pfn);
            fp.pfn[(int) index] = pfn;
        }
        return pfn;
    }

    /**
     * vfs_fsync_range() on the bytes [start, end] of a regular file: each dirty cached page is
     * cleaned (folio_clear_dirty_for_io) after folio_mkclean() write-protects and cleans every
     * shared PTE mapping it (flushing each from the TLB), so the next write faults again; the write itself is instantaneous.
     */
    public void fsyncRange(VmFile f, long start, long end, Rmap rmap) {
        FilePages fp = files.get(f);
        if (fp == null || f.anonShmem) {
            return;
        }
        long last = Math.min(end >>> MemMap.PAGE_SHIFT, fp.pfn.length - 1L);
        for (long idx = start >>> MemMap.PAGE_SHIFT; idx <= last; idx++) {
            int pfn = fp.pfn[(int) idx];
            if (pfn == MemMap.NIL || (m.flags[pfn] & PageFlags.PG_DIRTY) == 0) {
                continue;
            }
            rmap.walkFileShared(f, idx, pfn, (mm, pt, addr) -> {
                long[] t = pt.pteTable(addr);
                int i = PageTable.pteIndex(addr);
                t[i] &= ~(Pte.RW | Pte.DIRTY);
                // ptep_clear_flush() in page_vma_mkclean_one
                tlb.flushTlbMmRange(alloc.cpu(), pt.context(), addr, addr + MemMap.PAGE_SIZE, Tlb.PAGE_SHIFT, false);
            });
            m.flags[pfn] &= ~PageFlags.PG_DIRTY;
        }
    }

    private int addPage(VmFile f, long index, boolean shmem) {
        int pfn = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0, 0);
        if (pfn == MemMap.NIL) {
            return pfn;
        }
        m.flags[pfn] |= PageFlags.PG_UPTODATE | (shmem ? PageFlags.PG_SWAPBACKED : 0);
        long[] stats = zones.zoneOf(pfn).node.stats;
        stats[NodeStat.NR_FILE_PAGES]++;
        if (shmem) {
            stats[NodeStat.NR_SHMEM]++;
        }
        int c = pfn >>> CHUNK_SHIFT;
        if (owner[c] == null) {
            owner[c] = new VmFile[1 << CHUNK_SHIFT];
            ownerIndex[c] = new long[1 << CHUNK_SHIFT];
        }
        owner[c][pfn & CHUNK_MASK] = f;
        ownerIndex[c][pfn & CHUNK_MASK] = index;
        lru.add(pfn);
        return pfn;
    }

    @Override
    public VmFile fileOf(int pfn) {
        VmFile[] c = owner[pfn >>> CHUNK_SHIFT];
        return c == null ? null : c[pfn & CHUNK_MASK];
    }

    @Override
    public long indexOf(int pfn) {
        return ownerIndex[pfn >>> CHUNK_SHIFT][pfn & CHUNK_MASK];
    }

    @Override
    public boolean removeMapping(int pfn) {
        VmFile f = fileOf(pfn);
        if (f == null || f.anonShmem || (m.flags[pfn] & PageFlags.PG_DIRTY) != 0) {
            return false;
        }
        files.get(f).pfn[(int) indexOf(pfn)] = MemMap.NIL;
        owner[pfn >>> CHUNK_SHIFT][pfn & CHUNK_MASK] = null;
        zones.zoneOf(pfn).node.stats[NodeStat.NR_FILE_PAGES]--;
        alloc.freePages(pfn, 0);
        return true;
    }

    @Override
    public boolean writePage(int pfn) {
        VmFile f = fileOf(pfn);
        if (f == null || f.anonShmem) {
            return false;
        }
        m.flags[pfn] &= ~PageFlags.PG_DIRTY;
        return true;
    }
}
