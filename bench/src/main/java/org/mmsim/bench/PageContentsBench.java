/*
 * JMH benchmarks of the page contents store (mm.page.PageContents, modelling the frames' 4 KiB as
 * clear_page/copy_page/kmap stores see them). Every figure is per page (or per store): the whole-page
 * benchmarks sweep 1M frames (4 GiB simulated) per invocation; copyFullPage copies arbitrary 4 KiB pages
 * between two 16 MiB sets (divide 4096 B by the time for GB/s); the random stores hit 16K materialised
 * pages (64 MiB) at pseudo-random offsets. One thread.
 */
package org.mmsim.bench;

import org.mmsim.mm.page.PageContents;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PageContentsBench {
    private static final int PAGE = PageContents.PAGE_SIZE;
    private static final int SWEEP = 1 << 20;
    private static final int FULL = 4096;
    private static final int RANDOM = 1 << 14;

    private PageContents sweep;
    private PageContents full;
    private PageContents random;
    private byte value = 1;
    private long cursor;
    private final byte[] small = new byte[16];

    @Setup(Level.Trial)
    public void setUp() {
        sweep = new PageContents(2 * SWEEP);
        for (int pfn = 0; pfn < SWEEP; pfn++) {
            sweep.fill(pfn, 0, PAGE, (byte) 0x5A);
        }
        full = new PageContents(2 * FULL);
        byte[] page = new byte[PAGE];
        SplittableRandom r = new SplittableRandom(1);
        for (int pfn = 0; pfn < FULL; pfn++) {
            r.nextBytes(page);
            full.importPage(pfn, page);
        }
        random = new PageContents(RANDOM);
        for (int pfn = 0; pfn < RANDOM; pfn++) {
            r.nextBytes(page);
            random.importPage(pfn, page);
        }
    }

    /** memset of one byte value over each of 1M pages that already hold another value: the word is replaced. */
    @Benchmark
    @OperationsPerInvocation(SWEEP)
    public void fillSameFilled() {
        byte v = value = (byte) (value % 250 + 1);
        for (int pfn = 0; pfn < SWEEP; pfn++) {
            sweep.fill(pfn, 0, PAGE, v);
        }
    }

    /** First touch and clear: a zero page becomes same-filled, then clear_page releases it (payload insert/remove). */
    @Benchmark
    @OperationsPerInvocation(SWEEP)
    public void fillThenClear() {
        for (int pfn = SWEEP; pfn < 2 * SWEEP; pfn++) {
            sweep.fill(pfn, 0, PAGE, (byte) 7);
        }
        sweep.clear(SWEEP, SWEEP);
    }

    /** copy_page of same-filled pages (a CoW break of a touched page): O(1), no 4 KiB moved. */
    @Benchmark
    @OperationsPerInvocation(SWEEP)
    public void copySameFilled() {
        for (int pfn = 0; pfn < SWEEP; pfn++) {
            sweep.copy(SWEEP + pfn, pfn);
        }
    }

    /** copy_page of arbitrary pages into frames that already own slots: a 4 KiB arraycopy each. */
    @Benchmark
    @OperationsPerInvocation(FULL)
    public void copyFullPage() {
        for (int pfn = 0; pfn < FULL; pfn++) {
            full.copy(FULL + pfn, pfn);
        }
    }

    /** An aligned 8-byte store at a pseudo-random place in a materialised page. */
    @Benchmark
    public void randomWriteLong() {
        long x = next();
        random.writeLong((int) x & (RANDOM - 1), (int) (x >>> 32) & (PAGE - 8), x);
    }

    /** A 16-byte store at a pseudo-random unaligned place in a materialised page. */
    @Benchmark
    public void randomWrite16() {
        long x = next();
        small[0] = (byte) x;
        random.write((int) x & (RANDOM - 1), (int) ((x >>> 32) % (PAGE - 16)), small, 0, 16);
    }

    /** An 8-byte load at a pseudo-random place of a same-filled page. */
    @Benchmark
    public long randomReadLongSameFilled() {
        long x = next();
        return sweep.readLong((int) x & (SWEEP - 1), (int) (x >>> 32) & (PAGE - 8));
    }

    private long next() {
        long z = cursor += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }
}
