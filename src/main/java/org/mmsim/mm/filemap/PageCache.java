/*
 * The page cache (mm/filemap.c): pages of files found by (mapping, index), added and removed with
 * the kernel's accounting (filemap_add_folio, filemap_unaccount_folio: NR_FILE_PAGES, NR_SHMEM),
 * read from the backing store in batches of contiguous blocks (the bios readahead submits), pages
 * locked while their read is in flight and waited on in simulated time (folio_wait_locked), the
 * two-touch promotion of folio_mark_accessed() (mm/swap.c), dirtying (filemap_dirty_folio with
 * folio_account_dirtied: NR_FILE_DIRTY, NR_ZONE_WRITE_PENDING, NR_DIRTIED; the inode put on the
 * flusher's dirty list) and the start and end of writeback (folio_start_writeback,
 * folio_end_writeback). Every cached frame records its mapping and index (page->mapping,
 * page->index) in primitive arrays, so reclaim can find a page's owner from its pfn.
 * Also the file-mapping API the fault path uses (mapped files are keyed by their VmFile, the
 * vm_file of the mapping), with file creation for mapped files that no filesystem holds (the
 * validation corpus's and tests' files).
 * Truncation (truncate_inode_pages_range) removes a range's pages, dirty or not; a shared anonymous
 * object or SysV segment whose last holder went is evicted whole (shmem_evict_inode).
 * Pages reclaim evicts leave a shadow entry in their slot (mm.vmscan.Workingset) that a later
 * add to the slot hands to workingset_refault() and truncation or invalidation clears.
 * Readahead's large folios (page_cache_ra_order) are allocated as one buddy block each and enter
 * the cache as a run of order-0 pages, counted and put on the LRU in one pass.
 * Left out: large folios as cache entries, the memory cgroup charge,
 * I/O errors, the folio lock for anything but reads in flight.
 */
package org.mmsim.mm.filemap;

import org.mmsim.block.BlockDevice;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.memory.FrameContents;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vma.CommitCharge;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmscan.PageCacheReclaim;
import org.mmsim.mm.vmscan.Workingset;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.EventQueue;
import org.mmsim.sim.SimClock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.LongToIntFunction;

public final class PageCache implements PageCacheReclaim {
    /** PG_readahead shares its bit with PG_reclaim, as in include/linux/page-flags.h. */
    public static final int PG_READAHEAD = PageFlags.PG_RECLAIM;
    /** The ra_pages of mapped files without a disk: this host's /tmp disk (vda) has read_ahead_kb 8192. */
    public static final int HOST_READ_AHEAD_PAGES = 2048;
    /** Most pages one read request carries (a bio of BIO_MAX_VECS pages). */
    static final int MAX_REQUEST_PAGES = 256;
    /** MAX_PAGECACHE_ORDER on x86-64 (HPAGE_PMD_ORDER): the largest folio readahead makes. */
    static final int MAX_PAGECACHE_ORDER = 9;
    /** readahead_gfp_mask(): a large readahead folio is not worth retrying for or warning about. */
    private static final int READAHEAD_GFP = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_NORETRY | Gfp.__GFP_NOWARN;

    final PageAlloc alloc;
    final FrameContents contents;
    final Zones zones;
    final MemMap m;
    final EventQueue events;
    final SimClock clock;
    final long[] vmEvents;
    private final LruSeam lru;
    private final Workingset workingset;
    /**
     * page->mapping (an AddressSpace id, -1 when the frame is not in the cache) and page->index,
     * in chunks of 4096 frames made when a frame of the chunk first enters the cache.
     */
    private static final int CHUNK_SHIFT = 12, CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
    private final int[][] owner;
    private final long[][] pageIndex;
    private final List<AddressSpace> mappings = new ArrayList<>();
    /** NO_SPACE from addZeroed/getPage: shmem_inode_acct_blocks() refused the page (-ENOSPC; SIGBUS on a fault). */
    public static final int NO_SPACE = -2;
    private CommitCharge shmemCharge = CommitCharge.NONE;
    private Caller caller = new Caller() {
        @Override
        public Mempolicy policy() {
            return Mempolicy.DEFAULT;
        }

        @Override
        public int localNid() {
            return alloc.zones().cpuToNode(alloc.cpu());
        }

        @Override
        public MmStruct mm() {
            return null;
        }
    };
    /** Ids of released mappings, reused last-released first. */
    private int[] freeIds = new int[0];
    private int nrFreeIds;
    /** vm_file -> f_mapping for mapped files. */
    private final IdentityHashMap<VmFile, AddressSpace> mapped = new IdentityHashMap<>();
    /** Called when a mapping gets its first dirty page (the flusher's dirty list). */
    private DirtyListener dirtyListener = as -> { };

    /** __mark_inode_dirty(I_DIRTY_PAGES): the inode goes on the writeback's dirty list. */
    @FunctionalInterface
    public interface DirtyListener {
        void inodeDirtied(AddressSpace as);
    }

    public PageCache(PageAlloc alloc, FrameContents contents, EventQueue events, SimClock clock, long[] vmEvents,
            LruSeam lru, Workingset workingset) {
        this.workingset = workingset;
        this.alloc = alloc;
        this.contents = contents;
        this.zones = alloc.zones();
        this.m = zones.memMap;
        this.events = events;
        this.clock = clock;
        this.vmEvents = vmEvents;
        this.lru = lru;
        int chunks = (m.nrFrames >>> CHUNK_SHIFT) + 1;
        owner = new int[chunks][];
        pageIndex = new long[chunks][];
    }

    public void setDirtyListener(DirtyListener listener) {
        this.dirtyListener = listener;
    }

    /** inode_init_always()'s mapping: a new, empty address space over a backing store. */
    public AddressSpace newMapping(Backing backing, boolean shmem, int raPages, long size) {
        if (nrFreeIds > 0) {
            int id = freeIds[--nrFreeIds];
            AddressSpace as = new AddressSpace(id, backing, shmem, raPages, size);
            mappings.set(id, as);
            return as;
        }
        AddressSpace as = new AddressSpace(mappings.size(), backing, shmem, raPages, size);
        mappings.add(as);
        return as;
    }

    /**
     * destroy_inode(): an evicted inode's mapping leaves the registry and its id is reused, so
     * files created and deleted over a long run cost no host memory. Kept while pages, writeback
     * or mapped files still refer to it.
     */
    public void releaseMapping(AddressSpace as) {
        if (as.nrpages > 0 || as.nrWriteback() > 0 || !as.files.isEmpty() || mappings.get(as.id) != as) {
            return;
        }
        mappings.set(as.id, null);
        if (nrFreeIds == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, Math.max(16, 2 * nrFreeIds));
        }
        freeIds[nrFreeIds++] = as.id;
    }

    /** The live mappings in id order (drop_caches and sync walk them, as they walk each sb's inodes). */
    public List<AddressSpace> mappings() {
        List<AddressSpace> live = new ArrayList<>(mappings.size() - nrFreeIds);
        for (AddressSpace as : mappings) {
            if (as != null) {
                live.add(as);
            }
        }
        return live;
    }

    /** The first cached index of the mapping at or after from, below to; -1 if none. */
    public long nextCached(AddressSpace as, long from, long to) {
        return as.nextCached(from, to);
    }

    public FrameContents contents() {
        return contents;
    }

    /** The mapping a cached frame belongs to, or null. */
    public AddressSpace mappingOf(int pfn) {
        int[] chunk = owner[pfn >>> CHUNK_SHIFT];
        int id = chunk == null ? -1 : chunk[pfn & CHUNK_MASK];
        return id < 0 ? null : mappings.get(id);
    }

    /** page->index of a cached frame. */
    public long indexOf(int pfn) {
        return pageIndex[pfn >>> CHUNK_SHIFT][pfn & CHUNK_MASK];
    }

    private void setOwner(int pfn, int id, long index) {
        int c = ownerChunk(pfn);
        owner[c][pfn & CHUNK_MASK] = id;
        pageIndex[c][pfn & CHUNK_MASK] = index;
    }

    /** setOwner() of the frames [pfn, pfn + n) at the indices [index, index + n). */
    private void setOwnerRun(int pfn, int id, long index, int n) {
        for (int p = pfn, end = pfn + n; p < end; ) {
            int c = ownerChunk(p);
            int[] ids = owner[c];
            long[] indices = pageIndex[c];
            int stop = Math.min(end, (p | CHUNK_MASK) + 1);
            for (; p < stop; p++) {
                ids[p & CHUNK_MASK] = id;
                indices[p & CHUNK_MASK] = index + (p - pfn);
            }
        }
    }

    /** The owner chunk of pfn, made on first use. */
    private int ownerChunk(int pfn) {
        int c = pfn >>> CHUNK_SHIFT;
        if (owner[c] == null) {
            owner[c] = new int[1 << CHUNK_SHIFT];
            Arrays.fill(owner[c], -1);
            pageIndex[c] = new long[1 << CHUNK_SHIFT];
        }
        return c;
    }

    // ---- the file-mapping API of the fault path ----

    /** A mapped file's f_mapping: the fault path finds pages through it. */
    public void attach(VmFile file, AddressSpace as) {
        if (mapped.put(file, as) == null) {
            as.files.add(file);
        }
    }

    /** The file no longer maps the mapping (its last reference is gone): i_mmap forgets it. */
    public void detach(VmFile file) {
        AddressSpace as = mapped.remove(file);
        if (as != null) {
            as.files.remove(file);
        }
    }

    /**
     * The mapping behind a mapped file. A MAP_SHARED|MAP_ANONYMOUS file gets its shmem mapping on
     * first use, and when its last VMA goes the object is evicted (shmem_evict_inode).
     */
    public AddressSpace mapping(VmFile f) {
        AddressSpace as = mapped.get(f);
        if (as == null && f.anonShmem) {
            as = newShmemObject(f);
            f.setHolder(file -> {
                if (file.mappingCount() == 0) {
                    evictShmemObject(file);
                }
            });
        }
        return as;
    }

    /** shmem_kernel_file_setup(): the mapping of a shmem object no filesystem names (a SysV segment). */
    public AddressSpace newShmemObject(VmFile f) {
        AddressSpace as = newMapping(Backing.NONE, true, 0, Long.MAX_VALUE);
        attach(f, as);
        return as;
    }

    /**
     * iput_final() -> shmem_evict_inode() of a shared anonymous object or SysV segment: its pages
     * leave the cache (no longer counted as Shmem) and its frames are freed.
     */
    public void evictShmemObject(VmFile f) {
        AddressSpace as = mapped.get(f);
        if (as == null) {
            return;
        }
        detach(f);
        truncateRange(as, 0, Long.MAX_VALUE);
        releaseMapping(as);
    }

    /**
     * A regular file of size bytes that no filesystem holds, whose page index i holds diskByte(i)
     * throughout (up to the size), read in at once when needed, every page cached (clean) or none;
     * false if memory ran out.
     */
    public boolean createFile(VmFile f, long size, boolean cached, LongToIntFunction diskByte) {
        AddressSpace as = newMapping(new FillBacking(size, diskByte), false, HOST_READ_AHEAD_PAGES, size);
        attach(f, as);
        return !cached || readPages(as, 0, as.sizePages(), -1) == as.sizePages();
    }

    /** Whether the mapped file is shmem (tmpfs or MAP_SHARED|MAP_ANONYMOUS): a hole is a new zeroed page, not a read. */
    public boolean isShmem(VmFile f) {
        if (f.anonShmem) {
            return true;
        }
        AddressSpace as = mapped.get(f);
        return as != null && as.shmem;
    }

    /** i_size in pages rounded up; shmem files have no end here. */
    public long sizePages(VmFile f) {
        if (f.anonShmem) {
            return Long.MAX_VALUE;
        }
        AddressSpace as = mapped.get(f);
        return as == null ? 0 : as.sizePages();
    }

    /** filemap_get_folio(): the cached frame of page index, or NIL. */
    public int lookup(VmFile f, long index) {
        AddressSpace as = mapped.get(f);
        return as == null ? MemMap.NIL : as.get(index);
    }

    /**
     * do_sync_mmap_readahead() for a fault on an uncached page of a regular file: the page alone
     * with VM_RAND_READ, a window of ra_pages from the page with VM_SEQ_READ, otherwise the mmap
     * read-around window of ra_pages centred on it; clipped to the file, cached pages skipped. The
     * fault waits for the page's read. False if memory ran out.
     */
    public boolean readahead(VmFile f, long index, boolean random, boolean sequential) {
        AddressSpace as = mapped.get(f);
        long ra = Math.max(1, as.raPages);
        long start = random || sequential ? index : Math.max(0, index - ra / 2);
        long nr = random ? 1 : ra;
        readPages(as, start, Math.min(nr, as.sizePages() - start), -1);
        int pfn = as.get(index);
        if (pfn == MemMap.NIL) {
            return false;
        }
        waitLocked(pfn);
        return true;
    }

    /**
     * filemap_fault()/shmem_fault() for a page index inside the file: the cached frame (a regular
     * file's page must have been read in by readahead); a shmem hole gets a new zeroed page. NIL
     * when memory ran out.
     */
    public int getPage(VmFile f, long index) {
        AddressSpace as = mapping(f);
        int pfn = as.get(index);
        if (pfn != MemMap.NIL || !as.shmem) {
            return pfn;
        }
        return addZeroed(as, index);
    }

    // ---- pages in and out of the cache ----

    /**
     * A new zeroed, uptodate page at index (a shmem hole faulted in, a write past the cached data);
     * NIL if memory ran out, NO_SPACE if a tmpfs file's page could not be accounted.
     */
    int addZeroed(AddressSpace as, long index) {
        if (as.sb != null && !acctBlock(as.sb)) {
            return NO_SPACE;
        }
        int pfn = addPage(as, index);
        if (pfn != MemMap.NIL) {
            contents.clearPage(pfn);
            m.flags[pfn] |= PageFlags.PG_UPTODATE;
        } else if (as.sb != null) {
            unacctBlock(as.sb);
        }
        return pfn;
    }

    /**
     * shmem_inode_acct_blocks(inode, 1): the commit charge of a VM_NORESERVE page
     * (shmem_acct_blocks, against the current task's mm), then the mount's size limit.
     */
    private boolean acctBlock(ShmemSbInfo sb) {
        if (!shmemCharge.vmEnoughMemory(caller.mm(), 1)) {
            return false;
        }
        if (sb.maxBlocks != 0 && sb.usedBlocks >= sb.maxBlocks) {
            shmemCharge.vmAcctMemory(-1);
            return false;
        }
        sb.usedBlocks++;
        return true;
    }

    /** shmem_inode_unacct_blocks(inode, 1): a tmpfs page freed. */
    private void unacctBlock(ShmemSbInfo sb) {
        sb.usedBlocks--;
        shmemCharge.vmAcctMemory(-1);
    }

    /** The commit policy tmpfs pages are charged to (against the caller's mm). */
    public void setShmemCharge(CommitCharge charge) {
        this.shmemCharge = charge;
    }

    /** shmem_default_max_blocks(): a tmpfs mount without size= holds up to half of RAM. */
    public ShmemSbInfo newShmemSb() {
        return new ShmemSbInfo(zones.totalramPages() / 2);
    }

    /**
     * The task the cache allocates for (current): its pages go where filemap_alloc_folio() ->
     * alloc_pages_mpol() puts them, under get_task_policy(current) and numa_node_id() (shmem without
     * a shared policy falls back to the same task policy), and tmpfs pages are charged against its mm.
     */
    public interface Caller {
        Mempolicy policy();

        /** The node a default-policy allocation prefers. */
        int localNid();

        /** Its address space, null for a kernel-API line. */
        MmStruct mm();
    }

    public void setCaller(Caller caller) {
        this.caller = caller;
    }

    /** filemap_add_folio(): a new frame at index, not yet uptodate, on the LRU; NIL if memory ran out. */
    int addPage(AddressSpace as, long index) {
        int pfn = caller.policy().allocPages(alloc, Gfp.GFP_HIGHUSER_MOVABLE, 0, caller.localNid(), -1);
        if (pfn == MemMap.NIL) {
            return pfn;
        }
        insertPage(as, index, pfn);
        return pfn;
    }

    /** The cache's side of filemap_add_folio() for one frame: owner, slot, counts, a refault's shadow, the LRU. */
    private void insertPage(AddressSpace as, long index, int pfn) {
        m.flags[pfn] |= as.shmem ? PageFlags.PG_SWAPBACKED : 0;
        setOwner(pfn, as.id, index);
        as.set(index, pfn);
        as.nrpages++;
        long shadow = as.shadow(index);
        long[] stats = zones.zoneOf(pfn).node.stats;
        stats[NodeStat.NR_FILE_PAGES]++;
        if (as.shmem) {
            stats[NodeStat.NR_SHMEM]++;
        }
        if (shadow != 0) {
            as.setShadow(index, 0);
            workingset.refault(pfn, shadow);
        }
        lru.add(pfn);
    }

    /**
     * filemap_add_folio() of a large folio as n order-0 pages: the frames [pfn, pfn + n) (one split
     * block) enter the cache at [index, index + n) of a regular file. Without shadow entries in the
     * range every count moves once and the LRU takes the run in one pass; with them each page goes
     * in turn, as its refault decision depends on the LRU sizes the earlier pages changed.
     */
    private void insertRun(AddressSpace as, long index, int pfn, int n) {
        if (as.hasShadows(index, n)) {
            for (int k = 0; k < n; k++) {
                insertPage(as, index + k, pfn + k);
            }
            return;
        }
        setOwnerRun(pfn, as.id, index, n);
        as.setRun(index, pfn, n);
        as.nrpages += n;
        zones.zoneOf(pfn).node.stats[NodeStat.NR_FILE_PAGES] += n;
        lru.addRun(pfn, n);
    }

    /**
     * filemap_remove_folio() + folio_put(): the page leaves the cache and, unless still mapped or
     * referenced elsewhere, its frame is freed. The caller has made sure it is clean, unlocked and
     * not under writeback.
     */
    void removePage(AddressSpace as, long index, int pfn) {
        as.set(index, MemMap.NIL);
        as.nrpages--;
        setOwner(pfn, -1, 0);
        long[] stats = zones.zoneOf(pfn).node.stats;
        stats[NodeStat.NR_FILE_PAGES]--;
        if (as.shmem) {
            stats[NodeStat.NR_SHMEM]--;
        }
        if (as.sb != null) {
            unacctBlock(as.sb);
        }
        if ((m.flags[pfn] & PageFlags.PG_DIRTY) != 0) {
            // truncation of a dirty page: folio_account_cleaned()
            clearDirtyAccounting(as, pfn);
        }
        lru.delete(pfn);
        m.flags[pfn] &= ~(PageFlags.PG_UPTODATE | PageFlags.PG_DIRTY | PageFlags.PG_SWAPBACKED | PG_READAHEAD);
        // the cache's reference: the frame is freed unless a mapping still holds it
        alloc.freePages(pfn, 0);
        if (as.nrpages == 0 && as.host != null) {
            as.host.mappingEmptied();
        }
    }

    /**
     * truncate_inode_pages_range(): every page of [from, to) waited for (read, writeback), then
     * removed, dirty or not; the range's shadow entries and emptied table leaves go too.
     */
    void truncateRange(AddressSpace as, long from, long to) {
        long i = from;
        while ((i = as.nextCached(i, to)) >= 0) {
            int pfn = as.get(i);
            waitLocked(pfn);
            waitWriteback(pfn);
            removePage(as, i, pfn);
            i++;
        }
        as.clearShadows(from, to);
        as.trimLeaves(from, Math.min(to, Math.max(from + 1, as.sizePages() + 1)));
    }

    /**
     * page_cache_ra_unbounded(): reads nr pages from start into the cache, skipping cached ones,
     * each new page locked and not up to date until its read completes; the page at markIndex gets PG_readahead.
     * Contiguous disk blocks go out as one request. Returns the pages now cached in the range
     * (fewer when memory ran out: reading stops there).
     */
    public long readPages(AddressSpace as, long start, long nr, long markIndex) {
        return readPages(as, start, nr, markIndex, 0);
    }

    /**
     * page_cache_ra_order(): as readPages, but in folios of up to 2^order pages, each aligned to its
     * size and none reaching past the range; a folio's pages come from one block of the buddy
     * allocator (taken only if the allocator's fast path has it) and enter the cache as order-0 pages,
     * the folio's mark on its first page. At the first folio that cannot be had (no block, or a page
     * of its range already cached) the rest of the range is read in order-0 pages, as
     * do_page_cache_ra() does after page_cache_ra_order() gives up.
     */
    long readPages(AddressSpace as, long start, long nr, long markIndex, int order) {
        BlockDevice dev = as.backing.device();
        ReadRequest req = new ReadRequest(dev);
        long end = start + nr;
        long done = 0;
        // a folio's block comes from one node: the policy's single node, else order-0 pages under the policy
        int folioNid = caller.policy().singleNode(caller.localNid(), alloc.zones().cpuToNode(alloc.cpu()));
        boolean folios = order > 0 && folioNid >= 0;
        long i = start;
        while (i < end) {
            if (folios) {
                int o = order;
                if ((i & ((1L << o) - 1)) != 0) {
                    o = Long.numberOfTrailingZeros(i);
                }
                while (o > 0 && i + (1L << o) > end) {
                    o--;
                }
                if (o > 0) {
                    int n = 1 << o;
                    int pfn = alloc.allocPagesFastPath(READAHEAD_GFP, o, folioNid);
                    if (pfn != MemMap.NIL && as.anyCached(i, n)) {
                        // filemap_add_folio() meets a cached page: -EEXIST, the folio is put
                        alloc.freePages(pfn, o);
                        pfn = MemMap.NIL;
                    }
                    if (pfn == MemMap.NIL) {
                        folios = false;
                        continue;
                    }
                    alloc.splitPage(pfn, o);
                    insertRun(as, i, pfn, n);
                    if (markIndex >= i && markIndex < i + n) {
                        m.flags[pfn] |= PG_READAHEAD;
                    }
                    as.backing.readPages(i, pfn, n, contents);
                    queueReads(as, req, i, pfn, n, end);
                    done += n;
                    i += n;
                    continue;
                }
                if (as.get(i) != MemMap.NIL) {
                    folios = false;
                }
            }
            if (as.get(i) != MemMap.NIL) {
                done++;
                i++;
                continue;
            }
            int pfn = addPage(as, i);
            if (pfn == MemMap.NIL) {
                break;
            }
            done++;
            if (i == markIndex) {
                m.flags[pfn] |= PG_READAHEAD;
            }
            as.backing.readPage(i, pfn, contents);
            queueRead(as, req, i, pfn, end);
            i++;
        }
        req.submit();
        return done;
    }

    /** The read request being built: pfns of contiguous disk blocks, up to MAX_REQUEST_PAGES. */
    private final class ReadRequest {
        final BlockDevice dev;
        int[] pfns;
        int len;
        long block;

        ReadRequest(BlockDevice dev) {
            this.dev = dev;
        }

        void submit() {
            if (pfns != null) {
                submitRead(dev, pfns, len, block);
                pfns = null;
            }
        }
    }

    /**
     * The new page at index (its bytes already in the frame) is read from its disk block: locked
     * and added to the request, which goes out when the next block does not continue it; a hole or
     * a mapping without a disk leaves the page up to date at once.
     */
    private void queueRead(AddressSpace as, ReadRequest req, long index, int pfn, long end) {
        long block = req.dev == null ? -1 : as.backing.block(index);
        if (block < 0) {
            m.flags[pfn] |= PageFlags.PG_UPTODATE;
            return;
        }
        queueBlock(req, index, pfn, block, end);
    }

    /** queueRead() of the n new pages [index, index + n) in the frames from pfn on, a stretch of contiguous blocks at a time. */
    private void queueReads(AddressSpace as, ReadRequest req, long index, int pfn, int n, long end) {
        int k = 0;
        while (k < n) {
            int c = req.dev == null ? 0 : as.backing.contiguousBlocks(index + k, n - k);
            if (c == 0) {
                m.flags[pfn + k] |= PageFlags.PG_UPTODATE;
                k++;
                continue;
            }
            long block = as.backing.block(index + k);
            int[] flags = m.flags;
            for (int j = 0; j < c; ) {
                queueBlock(req, index + k + j, pfn + k + j, block + j, end);
                j++;
                // the request continues with the stretch's next blocks while it has room
                int take = Math.min(c - j, MAX_REQUEST_PAGES - req.len);
                int[] pfns = req.pfns;
                for (int stop = j + take; j < stop; j++) {
                    flags[pfn + k + j] |= PageFlags.PG_LOCKED;
                    pfns[req.len++] = pfn + k + j;
                }
            }
            k += c;
        }
    }

    private void queueBlock(ReadRequest req, long index, int pfn, long block, long end) {
        if (req.pfns != null && (block != req.block + req.len || req.len == MAX_REQUEST_PAGES)) {
            req.submit();
        }
        if (req.pfns == null) {
            req.pfns = new int[(int) Math.min(MAX_REQUEST_PAGES, end - index)];
            req.len = 0;
            req.block = block;
        }
        m.flags[pfn] |= PageFlags.PG_LOCKED;
        req.pfns[req.len++] = pfn;
    }

    private void submitRead(BlockDevice dev, int[] pfns, int n, long block) {
        long bytes = (long) n << MemMap.PAGE_SHIFT;
        vmEvents[VmEvent.PGPGIN] += bytes >>> 10;
        dev.submit(BlockDevice.STAT_READ, block << 3, bytes, new ReadDone(m.flags, pfns, n));
    }

    /** A read's end: the data is valid (mincore sees the pages) and waiters may go on. */
    private record ReadDone(int[] flags, int[] pfns, int n) implements BlockDevice.Completion {
        @Override
        public void done() {
            for (int k = 0; k < n; k++) {
                flags[pfns[k]] = (flags[pfns[k]] | PageFlags.PG_UPTODATE) & ~PageFlags.PG_LOCKED;
            }
        }
    }

    /** folio_wait_locked(): simulated time passes until the page's read completes. */
    public void waitLocked(int pfn) {
        while ((m.flags[pfn] & PageFlags.PG_LOCKED) != 0 && events.runNext()) {
            // the completion that unlocks it runs in time order with everything else due before it
        }
    }

    /** folio_wait_writeback(). */
    public void waitWriteback(int pfn) {
        while ((m.flags[pfn] & PageFlags.PG_WRITEBACK) != 0 && events.runNext()) {
            // as above
        }
    }

    /**
     * folio_mark_accessed(): inactive,unreferenced -> inactive,referenced -> active,unreferenced
     * -> active,referenced.
     */
    public void markAccessed(int pfn) {
        int f = m.flags[pfn];
        if ((f & PageFlags.PG_REFERENCED) == 0) {
            m.flags[pfn] = f | PageFlags.PG_REFERENCED;
        } else if ((f & (PageFlags.PG_ACTIVE | PageFlags.PG_UNEVICTABLE)) == 0) {
            m.flags[pfn] = (f | PageFlags.PG_ACTIVE) & ~PageFlags.PG_REFERENCED;
            if ((f & PageFlags.PG_LRU) != 0) {
                lru.activate(pfn);
                vmEvents[VmEvent.PGACTIVATE]++;
            }
            workingset.activation(pfn);
        }
    }

    // ---- what reclaim asks (PageCacheReclaim) ----

    @Override
    public List<VmFile> filesOf(int pfn) {
        AddressSpace as = mappingOf(pfn);
        return as == null ? List.of() : as.mappedFiles();
    }

    /**
     * __remove_mapping() for a file page: a clean, unlocked page not under writeback leaves the
     * cache (shmem's pages need swap to go, which shmem here does not do).
     */
    @Override
    public boolean removeMapping(int pfn) {
        AddressSpace as = mappingOf(pfn);
        if (as == null || as.shmem
                || (m.flags[pfn] & (PageFlags.PG_DIRTY | PageFlags.PG_WRITEBACK | PageFlags.PG_LOCKED)) != 0) {
            return false;
        }
        long index = indexOf(pfn);
        long shadow = workingset.eviction(pfn);
        removePage(as, index, pfn);
        as.setShadow(index, shadow);
        return true;
    }

    /**
     * pageout() of a dirty file page: declined, as shrink_folio_list() declines it for direct reclaim
     * and for kswapd until a node is flagged PGDAT_DIRTY; the flushers write it and reclaim meets it
     * clean later.
     */
    @Override
    public boolean writePage(int pfn) {
        return false;
    }

    /** A dirty bit reclaim found in a PTE it cleared: set_page_dirty(). */
    @Override
    public void setDirty(int pfn) {
        markDirty(pfn);
    }

    // ---- dirty pages and writeback ----

    /**
     * filemap_dirty_folio(): a cached page becomes dirty. A shmem page only gets the flag (shmem
     * has no writeback); a file page is accounted and its inode goes on the dirty list.
     */
    public void markDirty(int pfn) {
        if ((m.flags[pfn] & PageFlags.PG_DIRTY) != 0) {
            return;
        }
        m.flags[pfn] |= PageFlags.PG_DIRTY;
        AddressSpace as = mappingOf(pfn);
        if (as == null || as.shmem) {
            return;
        }
        Zone z = zones.zoneOf(pfn);
        z.node.stats[NodeStat.NR_DIRTY]++;
        z.node.stats[NodeStat.NR_DIRTIED]++;
        z.stats[ZoneStat.NR_ZONE_WRITE_PENDING]++;
        as.nrDirty++;
        if (!as.onDirtyList) {
            as.onDirtyList = true;
            as.dirtiedWhenNs = clock.nanos();
            dirtyListener.inodeDirtied(as);
        }
    }

    private void clearDirtyAccounting(AddressSpace as, int pfn) {
        if (as.shmem) {
            return;
        }
        Zone z = zones.zoneOf(pfn);
        z.node.stats[NodeStat.NR_DIRTY]--;
        z.stats[ZoneStat.NR_ZONE_WRITE_PENDING]--;
        as.nrDirty--;
    }

    /**
     * folio_clear_dirty_for_io() + folio_start_writeback(): a dirty page (already write-protected
     * in every mapping by the caller) becomes clean and under writeback.
     */
    public void startWriteback(int pfn) {
        AddressSpace as = mappingOf(pfn);
        m.flags[pfn] = (m.flags[pfn] & ~PageFlags.PG_DIRTY) | PageFlags.PG_WRITEBACK;
        clearDirtyAccounting(as, pfn);
        Zone z = zones.zoneOf(pfn);
        z.node.stats[NodeStat.NR_WRITEBACK]++;
        z.stats[ZoneStat.NR_ZONE_WRITE_PENDING]++;
        as.nrWriteback++;
    }

    /** folio_end_writeback(): the write reached the disk. */
    public void endWriteback(int pfn) {
        AddressSpace as = mappingOf(pfn);
        m.flags[pfn] &= ~PageFlags.PG_WRITEBACK;
        Zone z = zones.zoneOf(pfn);
        z.node.stats[NodeStat.NR_WRITEBACK]--;
        z.node.stats[NodeStat.NR_WRITTEN]++;
        z.stats[ZoneStat.NR_ZONE_WRITE_PENDING]--;
        as.nrWriteback--;
    }

    /** The inode leaves the dirty list once its pages are clean (inode_sync_complete). */
    public void inodeClean(AddressSpace as) {
        as.onDirtyList = false;
    }
}
