/*
 * JMH benchmarks of zswap's store and load (org.mmsim.mm.swap.Zswap) with real compression, beside
 * the compressor library's own compress/decompress of the same page, for lzo, lz4 and zstd. The
 * page is text-like (words from a small vocabulary, about 2.5:1 with lz4), the kind of anonymous
 * memory zswap is meant for. One op is one 4 KiB page: GB/s = ops/us * 4.096.
 * In the package of the code it measures, for the package-private store/load entry points.
 */
package org.mmsim.mm.swap;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.mmsim.mm.memory.FrameContents;
import org.mmsim.mm.page.PageContents;
import org.mmsim.mm.vmstat.VmEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ZswapBench {
    private static final String[] WORDS = {"the ", "page ", "cache ", "swap ", "memory ", "kernel ", "reclaim ",
        "zone ", "node ", "slab ", "of ", "and ", "a ", "to ", "in ", "0x7f64 ", "12345 ", "\n"};

    @Param({"lzo", "lz4", "zstd"})
    public String compressor;

    private Zswap zswap;
    private SwapIo io;
    private SwapInfo si;
    private final byte[] page = new byte[4096];
    private final byte[] out = new byte[4096];
    private byte[] compressed;
    private int compressedLength;
    private Compressor raw;
    private Decompressor rawDecompressor;
    private int offset = 1;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom r = new SplittableRandom(42);
        int n = 0;
        while (n < page.length) {
            byte[] w = WORDS[r.nextInt(WORDS.length)].getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < w.length && n < page.length; i++) {
                page[n++] = w[i];
            }
        }
        io = new SwapIo(FrameContents.NONE, new long[VmEvent.COUNT], (op, times) -> { }, 1L << 20);
        si = new SwapInfo(0, "/dev/vdb", true, -2, 64L << 20, 1, new PageContents((int) (64L << 20 >>> 12)));
        io.attach(si);
        zswap = io.zswap;
        zswap.setCompressor(compressor);
        zswap.setEnabled(true);
        switch (compressor) {
            case "lzo":
                raw = new LzoCompressor();
                rawDecompressor = new LzoDecompressor();
                break;
            case "lz4":
                raw = new Lz4Compressor();
                rawDecompressor = new Lz4Decompressor();
                break;
            default:
                raw = new ZstdCompressor();
                rawDecompressor = new ZstdDecompressor();
                break;
        }
        compressed = new byte[raw.maxCompressedLength(page.length)];
        compressedLength = raw.compress(page, 0, page.length, compressed, 0, compressed.length);
    }

    /** zswap_store() of one page (then its invalidation, so the pool stays small). */
    @Benchmark
    public long zswapStore() {
        if (!zswap.store(io, si, offset, page)) {
            throw new IllegalStateException("store rejected");
        }
        zswap.invalidate(si, offset);
        offset = offset == si.maxPages - 1 ? 1 : offset + 1;
        return zswap.storedPages();
    }

    /** zswap_load() of one page (after a store outside the measured op's share: the pair is measured). */
    @Benchmark
    public long zswapStoreLoad() {
        zswap.store(io, si, offset, page);
        zswap.load(si, offset, out);
        return out[17];
    }

    @Benchmark
    public int libraryCompress() {
        return raw.compress(page, 0, page.length, compressed, 0, compressed.length);
    }

    @Benchmark
    public int libraryDecompress() {
        return rawDecompressor.decompress(compressed, 0, compressedLength, out, 0, out.length);
    }
}
