/*
 * JMH benchmarks of address translation (mm.mmu.Mmu, modelling the x86-64 MMU with Cascade Lake TLB
 * geometry): translations per second on one thread when every access hits the L1 dTLB (a 64-page
 * working set), when it misses L1 but hits the STLB (1024 pages), and when it misses both and walks
 * (64K pages in order, so each access evicts; the walker is a flat array, so the figure
 * is the MMU's own miss path plus a trivial walk). One invocation = 1024 translations.
 */
package org.mmsim.bench;

import java.util.concurrent.TimeUnit;
import org.mmsim.mm.mmu.LeafWalker;
import org.mmsim.mm.mmu.MmContext;
import org.mmsim.mm.mmu.Mmu;
import org.mmsim.mm.mmu.Pte;
import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.mmu.TlbGeometry;
import org.mmsim.sim.SimClock;
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

@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class MmuBench {
    private static final long BASE = 0x7f0000000000L;
    private static final int OPS = 1024;
    private static final int USER_READ = Pte.PF_USER;

    /** A flat user page table of 64K 4K pages at BASE; sets A/D in place. */
    static final class FlatWalker implements LeafWalker {
        final long[] ptes = new long[1 << 16];

        FlatWalker() {
            for (int i = 0; i < ptes.length; i++) {
                ptes[i] = ((0x100000L + i) << 12) | Pte.PRESENT | Pte.RW | Pte.USER | Pte.NX | Pte.ACCESSED;
            }
        }

        @Override
        public long walk(long vaddr) {
            long i = (vaddr - BASE) >>> 12;
            return i >= 0 && i < ptes.length ? ptes[(int) i] : 0;
        }

        @Override
        public int leafShift() {
            return 12;
        }

        @Override
        public void markAccessed(long vaddr, boolean dirty) {
            ptes[(int) ((vaddr - BASE) >>> 12)] |= Pte.ACCESSED | (dirty ? Pte.DIRTY : 0);
        }
    }

    private Mmu mmu;
    private final long[] l1Set = new long[OPS];
    private final long[] stlbSet = new long[OPS];
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        mmu = new Mmu(TlbGeometry.cascadeLake(), 1);
        Tlb tlb = new Tlb(mmu, new FlatWalker(), true, new SimClock());
        MmContext mm = tlb.initNewContext(new FlatWalker());
        tlb.switchMm(0, mm);
        for (int i = 0; i < OPS; i++) {
            l1Set[i] = BASE + ((i % 64) << 12) + (i * 8 & 0xFFF);
            stlbSet[i] = BASE + ((long) i << 12) + 8;
        }
    }

    /** Every access hits the L1 dTLB (64 pages = 16 sets x 4 ways, all resident after the first pass). */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long l1Hit() {
        long sum = 0;
        for (long va : l1Set) {
            sum += mmu.translate(0, va, USER_READ);
        }
        return sum;
    }

    /** 1024 pages: L1 misses, STLB (1536 entries) hits, with the L1 refill. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long stlbHit() {
        long sum = 0;
        for (long va : stlbSet) {
            sum += mmu.translate(0, va, USER_READ);
        }
        return sum;
    }

    /** Misses in both levels (64K pages in order, each evicted long before it comes round again): walk and fills. */
    @Benchmark
    @OperationsPerInvocation(OPS)
    public long missAndWalk() {
        long sum = 0;
        int c = cursor;
        for (int i = 0; i < OPS; i++, c++) {
            sum += mmu.translate(0, BASE + ((long) (c & 0xFFFF) << 12), USER_READ);
        }
        cursor = c;
        return sum;
    }
}
