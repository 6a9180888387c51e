/*
 * One simulated disk (block/genhd.c's gendisk with block/blk-mq.c's request queue and
 * block/blk-core.c's I/O accounting): requests complete in simulated time on the kernel's event
 * queue, and the per-device statistics /proc/diskstats and /sys/block/DEV/stat show are kept as
 * blk_account_io_start()/blk_account_io_done() keep them (ios, sectors and time counted at
 * completion, in_flight while queued, io_ticks advanced by update_io_ticks() whenever the queue
 * is busy).
 * Cost: a request's data crosses one channel at the model's bandwidth, in submission order; a
 * solid-state device overlaps its access latency with other requests (up to its queue depth
 * outstanding), a rotating one pays seek and rotation on the channel unless the request continues
 * the previous one.
 * Left out: partitions, I/O schedulers and request merging (merges stay 0), splitting at
 * max_sectors_kb, discard, plugging, errors.
 */
package org.mmsim.block;

import org.mmsim.sim.EventQueue;
import org.mmsim.sim.SimClock;

public final class BlockDevice {
    public static final int STAT_READ = 0, STAT_WRITE = 1, STAT_DISCARD = 2, STAT_FLUSH = 3;
    public static final int SECTOR_SHIFT = 9;
    /** VM_READAHEAD_PAGES: the default read_ahead_kb is 128. */
    public static final int DEFAULT_READ_AHEAD_KB = 128;

    public final String name;
    public final DiskModel model;
    public final int major, minor;
    public final long sizeBytes;
    /** What the disk holds, block by block. */
    public final DiskData data;
    private final EventQueue events;
    private final SimClock clock;

    /** struct disk_stats, summed over CPUs. */
    private final long[] ios = new long[4];
    private final long[] sectors = new long[4];
    private final long[] nsecs = new long[4];
    private final long[] merges = new long[4];
    private long ioTicksNs;
    private long stampNs;
    private int inFlight;

    /** Completion instants of the requests the device works on, oldest first (they complete in order). */
    private final long[] outstanding;
    private int outHead, outCount;
    /** When the data channel is next free, and the sector after the last request (for seeks). */
    private long channelFreeNs;
    private long nextSector = -1;
    private int readAheadKb = DEFAULT_READ_AHEAD_KB;

    public BlockDevice(String name, DiskModel model, int minor, long sizeBytes, EventQueue events, SimClock clock) {
        this.name = name;
        this.model = model;
        this.major = model.major;
        this.minor = minor;
        this.sizeBytes = sizeBytes;
        this.data = new DiskData(sizeBytes / DiskData.BLOCK_SIZE);
        this.events = events;
        this.clock = clock;
        this.outstanding = new long[model.queueDepth];
    }

    /** Called when a request completes. */
    @FunctionalInterface
    public interface Completion {
        void done();
    }

    /**
     * submit_bio() of one request of `bytes` at `sector` in direction `op` (STAT_READ, STAT_WRITE or
     * STAT_FLUSH with 0 bytes); `done` runs when it completes. Returns the completion instant, ns.
     */
    public long submit(int op, long sector, long bytes, Completion done) {
        long now = clock.nanos();
        updateIoTicks(now);
        inFlight++;
        long start = Math.max(now, channelFreeNs);
        if (outCount == outstanding.length) {
            // The device's queue is full: the request waits for the oldest one to finish.
            start = Math.max(start, outstanding[outHead]);
            outHead = (outHead + 1) % outstanding.length;
            outCount--;
        }
        long transfer = op == STAT_FLUSH ? 0 : bytes * 1_000_000_000L
                / (op == STAT_WRITE ? model.writeBytesPerSec : model.readBytesPerSec);
        long complete;
        if (model.rotational) {
            long seek = sector == nextSector && op != STAT_FLUSH ? 0 : model.accessNs;
            channelFreeNs = start + seek + transfer;
            complete = channelFreeNs;
        } else {
            channelFreeNs = start + transfer;
            complete = channelFreeNs + model.accessNs;
        }
        if (op != STAT_FLUSH) {
            nextSector = sector + (bytes >>> SECTOR_SHIFT);
        }
        outstanding[(outHead + outCount) % outstanding.length] = complete;
        outCount++;
        events.schedule(complete, new Request(op, bytes, now, done));
        return complete;
    }

    /** A request in flight; run at its completion: blk_account_io_done(), then the submitter's end_io. */
    private final class Request implements Runnable {
        private final int op;
        private final long bytes;
        private final long submitted;
        private final Completion done;

        Request(int op, long bytes, long submitted, Completion done) {
            this.op = op;
            this.bytes = bytes;
            this.submitted = submitted;
            this.done = done;
        }

        @Override
        public void run() {
            long t = clock.nanos();
            updateIoTicks(t);
            inFlight--;
            ios[op]++;
            sectors[op] += bytes >>> SECTOR_SHIFT;
            nsecs[op] += t - submitted;
            while (outCount > 0 && outstanding[outHead] <= t) {
                outHead = (outHead + 1) % outstanding.length;
                outCount--;
            }
            done.done();
        }
    }

    /** update_io_ticks(): time passes as busy while any request is in flight. */
    private void updateIoTicks(long now) {
        if (inFlight > 0) {
            ioTicksNs += now - stampNs;
        }
        stampNs = now;
    }

    /** struct disk_stats as part_stat_read_all() sums it, after diskstats_show's update_io_ticks(). */
    public Stats stats() {
        updateIoTicks(clock.nanos());
        return new Stats(ios.clone(), merges.clone(), sectors.clone(), nsecs.clone(), inFlight, ioTicksNs);
    }

    public record Stats(long[] ios, long[] merges, long[] sectors, long[] nsecs, int inFlight, long ioTicksNs) {
    }

    public long sectorsTotal() {
        return sizeBytes >>> SECTOR_SHIFT;
    }

    public int readAheadKb() {
        return readAheadKb;
    }

    /** bdi->ra_pages in pages. */
    public int raPages() {
        return readAheadKb / 4;
    }

    /** queue/read_ahead_kb's store: any value up to what fits; 0 turns readahead off. */
    public void setReadAheadKb(int kb) {
        if (kb < 0) {
            throw new IllegalArgumentException("read_ahead_kb must not be negative");
        }
        readAheadKb = kb;
    }
}
