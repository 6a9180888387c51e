/*
 * zswap (mm/zswap.c): a compressed cache in front of the swap devices. A page being written to
 * swap is compressed (for real, with the pure-Java lzo, lz4 or zstd of io.airlift:aircompressor)
 * and kept in the pool instead of written (zswpout); a swap-in finds it there and decompresses it
 * (zswpin), taking it out of the pool (exclusive loads, as since Linux 6.9). Zero pages never get
 * here: the swap zeromap takes them first. A page that compresses to PAGE_SIZE or more is
 * rejected (reject_compress_poor) and written to the device. The pool may hold max_pool_percent
 * of RAM; reaching it rejects stores (pool_limit_hit) and writes the oldest entries back to the
 * device (shrink_worker: written_back_pages, zswpwb) until the pool is below
 * accept_threshold_percent of its limit; stores resume there. Parameters as
 * /sys/module/zswap/parameters shows them on the reference host (disabled, lzo, 20, 90,
 * shrinker off); debugfs-style counters; Zswap and Zswapped in meminfo.
 * Pool size: zsmalloc's pages are modelled as the compressed lengths rounded up to its 16-byte
 * size classes, packed into whole pages (zswap_total_pages); the pool's memory is host memory,
 * not simulated frames.
 * Left out: the memcg-aware shrinker (shrinker_enabled is shown, not acted on), per-CPU
 * compression contexts, the compressor's CPU time in the cost model, lzo-rle, 842 and deflate
 * (no pure-Java implementation), storing incompressible pages uncompressed.
 */
package org.mmsim.mm.swap;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import org.mmsim.mm.page.PageContents;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.Arrays;

public final class Zswap {
    /** zsmalloc's size-class granularity (ZS_SIZE_CLASS_DELTA). */
    private static final int SIZE_CLASS_DELTA = 16;
    private static final int PAGE_SIZE = PageContents.PAGE_SIZE;

    private final long totalramPages;
    private final long[] events;
    private boolean enabled;
    private String compressorName = "lzo";
    private Compressor compressor = new LzoCompressor();
    private Decompressor decompressor = new LzoDecompressor();
    private int maxPoolPercent = 20;
    private int acceptThresholdPercent = 90;
    private boolean shrinkerEnabled;
    private boolean poolReachedFull;
    private final byte[] compressed = new byte[new LzoCompressor().maxCompressedLength(PAGE_SIZE)
            + new ZstdCompressor().maxCompressedLength(PAGE_SIZE)];
    private final byte[] page = new byte[PAGE_SIZE];
    /** Per area, per slot: the compressed page, or null. */
    private final byte[][][] entries = new byte[SwapFile.MAX_SWAPFILES][][];
    /** Entries in store order (the zswap LRU), oldest at head; invalidated ones are skipped lazily. */
    private int[] lru = new int[1024];
    private int lruHead;
    private int lruTail;

    private long storedPages;
    private long poolBytes;
    private long writtenBackPages;
    private long poolLimitHit;
    private long rejectCompressPoor;
    private long decompressFail;

    Zswap(long totalramPages, long[] events) {
        this.totalramPages = totalramPages;
        this.events = events;
    }

    void attach(SwapInfo si) {
        entries[si.type] = new byte[si.maxPages][];
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String compressorName() {
        return compressorName;
    }

    /** zswap.compressor: lzo, lz4 or zstd; anything else is not available (ENOENT). */
    public void setCompressor(String name) {
        Codec codec = Codec.named(name);
        if (codec == null) {
            throw new KernelError(Errno.ENOENT);
        }
        compressor = codec.compressor();
        decompressor = codec.decompressor();
        compressorName = name;
    }

    public int maxPoolPercent() {
        return maxPoolPercent;
    }

    public void setMaxPoolPercent(int percent) {
        maxPoolPercent = percent;
    }

    public int acceptThresholdPercent() {
        return acceptThresholdPercent;
    }

    public void setAcceptThresholdPercent(int percent) {
        if (percent < 1 || percent > 100) {
            throw new KernelError(Errno.EINVAL);
        }
        acceptThresholdPercent = percent;
    }

    public boolean shrinkerEnabled() {
        return shrinkerEnabled;
    }

    public void setShrinkerEnabled(boolean on) {
        shrinkerEnabled = on;
    }

    /** zswap_total_pages(): the pool's size in pages. */
    public long totalPages() {
        return (poolBytes + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    public long storedPages() {
        return storedPages;
    }

    /** The debugfs counters, in /sys/kernel/debug/zswap's file names. */
    public long counter(String name) {
        switch (name) {
            case "stored_pages": return storedPages;
            case "pool_total_size": return totalPages() * PAGE_SIZE;
            case "written_back_pages": return writtenBackPages;
            case "pool_limit_hit": return poolLimitHit;
            case "reject_compress_poor": return rejectCompressPoor;
            case "decompress_fail": return decompressFail;
            default: return 0;
        }
    }

    /** The debugfs files this model keeps. */
    public static final String[] COUNTERS = {"decompress_fail", "pool_limit_hit", "pool_total_size",
        "reject_alloc_fail", "reject_compress_fail", "reject_compress_poor", "reject_kmemcache_fail",
        "reject_reclaim_fail", "stored_pages", "written_back_pages"};

    private long maxPages() {
        return totalramPages * maxPoolPercent / 100;
    }

    /** zswap_check_limits(): true while stores must be rejected. */
    private boolean overLimit() {
        long cur = totalPages();
        long max = maxPages();
        if (cur >= max) {
            poolLimitHit++;
            poolReachedFull = true;
        } else if (poolReachedFull && cur <= max * acceptThresholdPercent / 100) {
            poolReachedFull = false;
        }
        return poolReachedFull;
    }

    /** zswap_store(): the page's bytes compressed into the pool; false when it must go to the device. */
    boolean store(SwapIo io, SwapInfo si, int offset, byte[] src) {
        if (!enabled) {
            return false;
        }
        if (overLimit()) {
            shrink(io);
            return false;
        }
        int len = compressor.compress(src, 0, PAGE_SIZE, compressed, 0, compressed.length);
        if (len >= PAGE_SIZE) {
            rejectCompressPoor++;
            return false;
        }
        entries[si.type][offset] = Arrays.copyOf(compressed, len);
        storedPages++;
        poolBytes += classSize(len);
        if (lruTail == lru.length) {
            compactLru();
        }
        lru[lruTail++] = SwapFile.entry(si.type, offset);
        events[VmEvent.ZSWPOUT]++;
        return true;
    }

    /** zswap_load(): the slot's page decompressed into dst and taken out of the pool; false if not stored. */
    boolean load(SwapInfo si, int offset, byte[] dst) {
        byte[][] area = entries[si.type];
        byte[] e = area == null ? null : area[offset];
        if (e == null) {
            return false;
        }
        int len = decompressor.decompress(e, 0, e.length, dst, 0, PAGE_SIZE);
        if (len != PAGE_SIZE) {
            decompressFail++;
            throw new IllegalStateException("zswap: decompressing slot " + offset + " gave " + len + " bytes");
        }
        drop(si.type, offset);
        events[VmEvent.ZSWPIN]++;
        return true;
    }

    /** zswap_invalidate(): the slot was freed. */
    void invalidate(SwapInfo si, int offset) {
        byte[][] area = entries[si.type];
        if (area != null && area[offset] != null) {
            drop(si.type, offset);
        }
    }

    /** The area is going away (swapoff brought every page back). */
    void detach(SwapInfo si) {
        entries[si.type] = null;
    }

    private void drop(int type, int offset) {
        byte[] e = entries[type][offset];
        entries[type][offset] = null;
        storedPages--;
        poolBytes -= classSize(e.length);
    }

    /** shrink_worker(): the oldest entries written back to their devices until the pool is below the threshold. */
    private void shrink(SwapIo io) {
        long target = maxPages() * acceptThresholdPercent / 100;
        while (totalPages() > target && lruHead < lruTail) {
            int entry = lru[lruHead++];
            int type = SwapFile.type(entry);
            int offset = SwapFile.offset(entry);
            byte[][] area = entries[type];
            if (area == null || area[offset] == null) {
                continue;
            }
            SwapInfo si = io.info(type);
            load(si, offset, page);
            events[VmEvent.ZSWPIN]--;
            io.writeToDevice(si, offset, page);
            writtenBackPages++;
            events[VmEvent.ZSWPWB]++;
        }
    }

    private void compactLru() {
        int n = 0;
        for (int i = lruHead; i < lruTail; i++) {
            int entry = lru[i];
            byte[][] area = entries[SwapFile.type(entry)];
            if (area != null && area[SwapFile.offset(entry)] != null) {
                lru[n++] = entry;
            }
        }
        lruHead = 0;
        lruTail = n;
        if (n > lru.length / 2) {
            lru = Arrays.copyOf(lru, lru.length * 2);
        }
    }

    private static long classSize(int len) {
        return (len + SIZE_CLASS_DELTA - 1) / SIZE_CLASS_DELTA * SIZE_CLASS_DELTA;
    }
}
