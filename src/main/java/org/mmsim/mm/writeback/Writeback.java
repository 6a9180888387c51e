/*
 * Writeback of dirty page-cache pages (mm/page-writeback.c, fs/fs-writeback.c): the vm.dirty_*
 * sysctls and the global thresholds they give, write_cache_pages() for a range of one inode
 * (each dirty page write-protected in every shared mapping by folio_mkclean(), then put under
 * writeback and written in requests of contiguous blocks), the per-disk flusher (wb_workfn:
 * kupdate-style writeback of inodes dirtied longer than dirty_expire_centisecs ago, every
 * dirty_writeback_centisecs, and background writeback while dirty pages exceed the background
 * threshold), fsync's WB_SYNC_ALL writeback that waits for the writes and a cache flush, and
 * balance_dirty_pages() throttling a writer once dirty and writeback pages exceed the dirty
 * threshold.
 * Simplified: the flusher writes each expired or background inode in chunks of
 * MIN_WRITEBACK_PAGES and keeps at most nr_requests requests in flight per disk, sleeping until one
 * completes; balance_dirty_pages() does not compute pos_ratio's graded pauses between the freerun
 * ceiling and the limit: a writer is not slowed below the limit, and above it sleeps until
 * writeback brings dirty and writeback pages back under it.
 * Left out: per-bdi and memcg domains (one global domain), dirtytime, strictlimit, the
 * bandwidth estimator (write_bandwidth), laptop mode.
 */
package org.mmsim.mm.writeback;

import org.mmsim.block.BlockDevice;
import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.Errno;
import org.mmsim.sim.EventQueue;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.KernelThread;
import org.mmsim.sim.SimClock;
import org.mmsim.sim.Sysctl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

public final class Writeback {
    /** MIN_WRITEBACK_PAGES: 4 MiB, the chunk the flusher writes of one inode before moving on. */
    static final int MIN_WRITEBACK_PAGES = 1024;
    /** Most pages in one write request (BIO_MAX_VECS). */
    static final int MAX_REQUEST_PAGES = 256;
    private static final long NS_PER_CENTISEC = 10_000_000L;

    private final PageCache cache;
    private final Rmap rmap;
    private final Tlb tlb;
    private final Zones zones;
    private final MemMap m;
    private final EventQueue events;
    private final SimClock clock;
    private final long[] vmEvents;
    private final LongSupplier totalreservePages;
    private final IntSupplier cpu;

    int dirtyRatio = DirtyLimits.DEFAULT_DIRTY_RATIO;
    int dirtyBackgroundRatio = DirtyLimits.DEFAULT_DIRTY_BACKGROUND_RATIO;
    long dirtyBytes = DirtyLimits.DEFAULT_DIRTY_BYTES;
    long dirtyBackgroundBytes = DirtyLimits.DEFAULT_DIRTY_BACKGROUND_BYTES;
    int dirtyExpireCentisecs = 3000;
    int dirtyWritebackCentisecs = 500;

    private final List<Flusher> flushers = new ArrayList<>();
    /** Pages dirtied by write faults since balance_dirty_pages last looked. */
    private int dirtiedSinceCheck;
    static final int RATELIMIT_PAGES = 32;

    public Writeback(PageCache cache, Rmap rmap, Tlb tlb, Zones zones, EventQueue events, SimClock clock,
                     long[] vmEvents, LongSupplier totalreservePages, IntSupplier cpu) {
        this.cache = cache;
        this.rmap = rmap;
        this.tlb = tlb;
        this.zones = zones;
        this.m = zones.memMap;
        this.events = events;
        this.clock = clock;
        this.vmEvents = vmEvents;
        this.totalreservePages = totalreservePages;
        this.cpu = cpu;
        cache.setDirtyListener(this::inodeDirtied);
    }

    /** One disk's flusher (a bdi_writeback and its kworker): its dirty inodes and requests in flight. */
    private final class Flusher extends KernelThread {
        final BlockDevice dev;
        final ArrayDeque<AddressSpace> dirty = new ArrayDeque<>();
        int inFlight;
        boolean timerArmed;
        boolean blocked;
        long lastOldFlushNs;

        Flusher(BlockDevice dev, int pid) {
            super("kworker/u" + 2 * (flushers.size() + 1) + ":0-flush-" + dev.major + ":" + dev.minor, pid, events);
            this.dev = dev;
        }

        /** wb_wakeup_delayed(): the periodic writeback runs dirty_writeback_centisecs from now. */
        void armTimer() {
            if (!timerArmed && dirtyWritebackCentisecs > 0) {
                timerArmed = true;
                events.scheduleAfter(dirtyWritebackCentisecs * NS_PER_CENTISEC, () -> {
                    timerArmed = false;
                    wakeUp();
                });
            }
        }

        /** wb_do_writeback(): old data first (wb_check_old_data_flush), then background writeback. */
        @Override
        protected void run() {
            blocked = false;
            long now = clock.nanos();
            long expire = dirtyExpireCentisecs * NS_PER_CENTISEC;
            boolean periodic = dirtyWritebackCentisecs > 0
                    && now - lastOldFlushNs >= dirtyWritebackCentisecs * NS_PER_CENTISEC;
            if (periodic) {
                lastOldFlushNs = now;
            }
            while (!dirty.isEmpty() && !blocked) {
                AddressSpace as = dirty.peekFirst();
                boolean expired = periodic && now - as.dirtiedWhenNs() >= expire;
                if (!expired && !overBackground()) {
                    break;
                }
                dirty.pollFirst();
                writeInode(this, as, MIN_WRITEBACK_PAGES);
                if (as.nrDirty() > 0) {
                    // requeue_inode(): more to write, back of the list, keeping dirtied_when
                    dirty.addLast(as);
                } else {
                    cache.inodeClean(as);
                }
            }
            if (!dirty.isEmpty()) {
                armTimer();
            }
        }
    }

    private void inodeDirtied(AddressSpace as) {
        BlockDevice dev = as.backing.device();
        if (dev == null) {
            cache.inodeClean(as);
            return;
        }
        Flusher f = flusher(dev);
        f.dirty.addLast(as);
        f.armTimer();
    }

    private Flusher flusher(BlockDevice dev) {
        for (Flusher f : flushers) {
            if (f.dev == dev) {
                return f;
            }
        }
        Flusher f = new Flusher(dev, 200 + flushers.size());
        flushers.add(f);
        return f;
    }

    // ---- writing pages ----

    /**
     * write_cache_pages() over pages [from, to) of one inode, at most max pages: every dirty page
     * not already under writeback is cleaned in its mappings and written. With a flusher, stops when
     * its disk's queue is full. Returns the pages put under writeback.
     */
    private long writeRange(Flusher f, AddressSpace as, long from, long to, long max, boolean sync) {
        long written = 0;
        int[] run = null;
        int runLen = 0;
        long runBlock = -1;
        long i = from;
        while (i < to && written < max) {
            long next = nextDirty(as, i, to);
            if (next < 0) {
                break;
            }
            i = next;
            int pfn = as.get(i);
            if ((m.flags[pfn] & PageFlags.PG_WRITEBACK) != 0) {
                // a page redirtied while its write is in flight: WB_SYNC_ALL waits, WB_SYNC_NONE skips it
                if (!sync) {
                    i++;
                    continue;
                }
                cache.waitWriteback(pfn);
                if ((m.flags[pfn] & PageFlags.PG_DIRTY) == 0) {
                    i++;
                    continue;
                }
            }
            mkclean(as, i, pfn);
            cache.startWriteback(pfn);
            written++;
            long block = as.backing.writePage(i, pfn, cache.contents());
            BlockDevice dev = as.backing.device();
            if (dev == null || block < 0) {
                // no disk behind it (or no room on it): the page is as written as it will get
                cache.endWriteback(pfn);
                i++;
                continue;
            }
            boolean full = false;
            if (run != null && (block != runBlock + runLen || runLen == MAX_REQUEST_PAGES)) {
                submitWrite(f, dev, run, runLen, runBlock);
                run = null;
                full = f != null && f.inFlight >= dev.model.nrRequests;
            }
            if (run == null) {
                run = new int[MAX_REQUEST_PAGES];
                runLen = 0;
                runBlock = block;
            }
            run[runLen++] = pfn;
            i++;
            if (full) {
                // the disk's queue is full: this page goes out with the request below, the rest later
                f.blocked = true;
                break;
            }
        }
        if (run != null) {
            submitWrite(f, as.backing.device(), run, runLen, runBlock);
        }
        return written;
    }

    /** The next index at or after from, below to, holding a dirty page not under writeback; -1 if none. */
    private long nextDirty(AddressSpace as, long from, long to) {
        long i = from;
        while (i < to) {
            i = cache.nextCached(as, i, to);
            if (i < 0) {
                return -1;
            }
            int f = m.flags[as.get(i)];
            if ((f & PageFlags.PG_DIRTY) != 0) {
                return i;
            }
            i++;
        }
        return -1;
    }

    private void submitWrite(Flusher f, BlockDevice dev, int[] pfns, int n, long block) {
        long bytes = (long) n << MemMap.PAGE_SHIFT;
        vmEvents[VmEvent.PGPGOUT] += bytes >>> 10;
        Flusher owner = f != null ? f : flusher(dev);
        owner.inFlight++;
        dev.submit(BlockDevice.STAT_WRITE, block << 3, bytes, () -> {
            for (int k = 0; k < n; k++) {
                cache.endWriteback(pfns[k]);
            }
            owner.inFlight--;
            if (owner.blocked) {
                owner.wakeUp();
            }
        });
    }

    /** folio_mkclean(): every shared PTE mapping the page loses write access and its dirty bit. */
    private void mkclean(AddressSpace as, long index, int pfn) {
        for (VmFile file : as.mappedFiles()) {
            rmap.walkFileShared(file, index, pfn, (mm, pt, vma, addr) -> {
                long[] t = pt.pteTable(addr);
                int i = PageTable.pteIndex(addr);
                t[i] &= ~(Pte.RW | Pte.DIRTY);
                tlb.flushTlbMmRange(cpu.getAsInt(), pt.context(), addr, addr + MemMap.PAGE_SIZE, Tlb.PAGE_SHIFT, false);
            });
        }
    }

    private void writeInode(Flusher f, AddressSpace as, long max) {
        writeRange(f, as, 0, Long.MAX_VALUE, max, false);
    }

    // ---- fsync, sync ----

    /**
     * vfs_fsync_range() on bytes [start, end] of a file: its dirty pages in the range written and
     * waited for (file_write_and_wait_range), then the disk's volatile cache flushed
     * (blkdev_issue_flush), unless nothing was written and datasync.
     */
    public void fsyncRange(AddressSpace as, long start, long end, boolean datasync) {
        if (as.shmem) {
            return;
        }
        long from = start >>> MemMap.PAGE_SHIFT;
        long to = end == Long.MAX_VALUE ? Long.MAX_VALUE : (end >>> MemMap.PAGE_SHIFT) + 1;
        long written = writeRange(null, as, from, to, Long.MAX_VALUE, true);
        waitOnRange(as, from, to);
        if (as.nrDirty() == 0) {
            cache.inodeClean(as);
            Flusher f = as.backing.device() == null ? null : flusher(as.backing.device());
            if (f != null) {
                f.dirty.remove(as);
            }
        }
        BlockDevice dev = as.backing.device();
        if (dev != null && (written > 0 || !datasync)) {
            long at = dev.submit(BlockDevice.STAT_FLUSH, 0, 0, () -> { });
            events.runUntil(at);
        }
    }

    /** filemap_write_and_wait_range(): the range's dirty pages written and waited for, no cache flush (direct I/O). */
    public void writeAndWait(AddressSpace as, long start, long end) {
        if (as.shmem) {
            return;
        }
        long from = start >>> MemMap.PAGE_SHIFT;
        long to = (end >>> MemMap.PAGE_SHIFT) + 1;
        writeRange(null, as, from, to, Long.MAX_VALUE, true);
        waitOnRange(as, from, to);
    }

    /** __filemap_fdatawrite_range(WB_SYNC_NONE): the range's dirty pages start going to disk; nobody waits. */
    public void startWriteRange(AddressSpace as, long start, long end) {
        if (as.shmem) {
            return;
        }
        long from = start >>> MemMap.PAGE_SHIFT;
        long to = end == Long.MAX_VALUE ? Long.MAX_VALUE : (end >>> MemMap.PAGE_SHIFT) + 1;
        writeRange(null, as, from, to, Long.MAX_VALUE, false);
    }

    /** filemap_fdatawait_range(): sleeps until no page of the range is under writeback. */
    private void waitOnRange(AddressSpace as, long from, long to) {
        long i = from;
        while (i < to && as.nrWriteback() > 0) {
            i = cache.nextCached(as, i, to);
            if (i < 0) {
                return;
            }
            cache.waitWriteback(as.get(i));
            i++;
        }
    }

    /** msync(MS_SYNC)'s vfs_fsync_range() on a mapped file. */
    public void fsyncMapped(VmFile file, long start, long end) {
        AddressSpace as = cache.mapping(file);
        if (as != null) {
            fsyncRange(as, start, end, false);
        }
    }

    /** sync(2): every dirty inode written and waited for, then every disk flushed. */
    public void syncAll() {
        for (AddressSpace as : cache.mappings()) {
            if (!as.shmem && (as.nrDirty() > 0 || as.nrWriteback() > 0)) {
                fsyncRange(as, 0, Long.MAX_VALUE, true);
            }
        }
    }

    // ---- dirty limits and throttling ----

    /** global_dirty_limits() with the current sysctls. */
    public DirtyLimits.Thresholds thresholds() {
        return DirtyLimits.compute(DirtyLimits.globalDirtyableMemory(zones, totalreservePages.getAsLong()),
                dirtyRatio, dirtyBackgroundRatio, dirtyBytes, dirtyBackgroundBytes);
    }

    private long globalDirty() {
        long n = 0;
        for (Node node : zones.nodes()) {
            n += node.stats[NodeStat.NR_DIRTY] + node.stats[NodeStat.NR_WRITEBACK];
        }
        return n;
    }

    private boolean overBackground() {
        long dirty = 0;
        for (Node node : zones.nodes()) {
            dirty += node.stats[NodeStat.NR_DIRTY];
        }
        return dirty > thresholds().background();
    }

    /**
     * balance_dirty_pages(): after a writer dirtied pages of a mapping on disk dev. Above the
     * background threshold the flusher starts; above the dirty threshold the writer sleeps in
     * simulated time until writeback brings dirty and writeback pages back under it.
     */
    public void balanceDirtyPages(AddressSpace as) {
        BlockDevice dev = as.backing.device();
        if (dev == null) {
            return;
        }
        DirtyLimits.Thresholds t = thresholds();
        if (overBackground()) {
            flusher(dev).wakeUp();
        }
        if (globalDirty() <= t.dirty()) {
            return;
        }
        while (globalDirty() > t.dirty() && events.runNext()) {
            // the writer sleeps (io_schedule_timeout) while the flusher's writes complete
        }
    }

    /**
     * balance_dirty_pages_ratelimited() for a dirtying write fault: the full check every
     * RATELIMIT_PAGES pages dirtied (Linux's ratelimit starts at 32 pages and adapts; it is fixed here).
     */
    public void balanceDirtyPagesRatelimited(AddressSpace as) {
        if (as != null && ++dirtiedSinceCheck >= RATELIMIT_PAGES) {
            dirtiedSinceCheck = 0;
            balanceDirtyPages(as);
        }
    }

    // ---- sysctls ----

    /** vm.dirty_* as mm/page-writeback.c's ctl table registers them, with its handlers' side effects. */
    public void registerSysctls(Sysctl sysctl) {
        // Each handler zeroes the other form of its limit: ratio and bytes are alternatives.
        sysctl.registerInt("vm.dirty_background_ratio", () -> dirtyBackgroundRatio, 0, 100, v -> {
            dirtyBackgroundRatio = v;
            dirtyBackgroundBytes = 0;
        });
        sysctl.registerInt("vm.dirty_ratio", () -> dirtyRatio, 0, 100, v -> {
            if (v != dirtyRatio) {
                dirtyRatio = v;
                dirtyBytes = 0;
            }
        });
        sysctl.register(longEntry("vm.dirty_background_bytes", () -> dirtyBackgroundBytes, 1, v -> {
            dirtyBackgroundBytes = v;
            dirtyBackgroundRatio = 0;
        }));
        sysctl.register(longEntry("vm.dirty_bytes", () -> dirtyBytes, 2 * MemMap.PAGE_SIZE, v -> {
            if (v != dirtyBytes) {
                dirtyBytes = v;
                dirtyRatio = 0;
            }
        }));
        sysctl.registerInt("vm.dirty_expire_centisecs", () -> dirtyExpireCentisecs, 0, Integer.MAX_VALUE,
                v -> dirtyExpireCentisecs = v);
        sysctl.registerInt("vm.dirty_writeback_centisecs", () -> dirtyWritebackCentisecs, 0, Integer.MAX_VALUE, v -> {
            dirtyWritebackCentisecs = v;
            // dirty_writeback_centisecs_handler(): a new interval wakes the flushers now
            for (Flusher f : flushers) {
                f.wakeUp();
            }
        });
    }

    /** proc_doulongvec_minmax with a minimum. */
    private static Sysctl.Entry longEntry(String name, LongSupplier value, long min, java.util.function.LongConsumer set) {
        return new Sysctl.Entry() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String read() {
                return value.getAsLong() + "\n";
            }

            @Override
            public void write(String text) {
                long v = Sysctl.parseSingle(text);
                if (v < min) {
                    throw new KernelError(Errno.EINVAL);
                }
                set.accept(v);
            }
        };
    }
}
