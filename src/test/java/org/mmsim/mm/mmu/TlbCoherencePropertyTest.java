package org.mmsim.mm.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.sim.SimClock;

/**
 * After any sequence of map/unmap/protect with the flushes Linux issues for them, context switches,
 * clock advances and flush_tlb_all, a translation equals a fresh walk of the current page table;
 * the only tolerated difference is the spurious fault Linux accepts after a permission upgrade
 * made without a flush, and the retry then agrees.
 */
class TlbCoherencePropertyTest {
    static final int NR_CPUS = 2;
    static final int NR_MMS = 2;
    static final long BASE = 0x10000000L;
    static final long HUGE = 0x40000000L;
    static final int SMALL_SLOTS = 4;
    static final long[] FLAGS = {
        Pte.USER | Pte.RW | Pte.NX, Pte.USER | Pte.NX, Pte.USER, Pte.RW,
    };
    static final int[] ACCESSES = {
        Pte.PF_USER, Pte.PF_USER | Pte.PF_WRITE, Pte.PF_USER | Pte.PF_INSTR, Mmu.READ, Pte.PF_WRITE, Pte.PF_INSTR,
    };

    record Op(int kind, int cpu, int mm, int slot, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 12),
                Arbitraries.integers().between(0, NR_CPUS - 1),
                Arbitraries.integers().between(0, NR_MMS),
                Arbitraries.integers().between(0, SMALL_SLOTS + 1),
                Arbitraries.integers().between(0, 1 << 20)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(300);
    }

    /** Unmaps whatever maps the slot at {@code va} and issues zap's flush: the leaf's stride, 4K for split pages. */
    private static void zap(Tlb tlb, int cpu, MmContext mm, MapWalker t, long va, int size) {
        long len = 1L << TlbGeometry.pageShift(size);
        if (t.leaf(va, size) != 0) {
            t.unmap(va, size);
            tlb.flushTlbMmRange(cpu, mm, va, va + len, TlbGeometry.pageShift(size), false);
        }
        if (size == TlbGeometry.SIZE_2M && t.unmapSmall(va, len)) {
            tlb.flushTlbMmRange(cpu, mm, va, va + len, 12, true);
        }
    }

    @Property(tries = 300)
    void translationsMatchAFreshWalk(@ForAll("ops") List<Op> ops, @ForAll boolean zen3, @ForAll boolean pcid) {
        SimClock clock = new SimClock();
        Mmu mmu = new Mmu(zen3 ? TlbGeometry.zen3() : TlbGeometry.cascadeLake(), NR_CPUS);
        MapWalker kernel = new MapWalker();
        Tlb tlb = new Tlb(mmu, kernel, pcid, clock);
        MapWalker[] tables = new MapWalker[NR_MMS];
        MmContext[] mms = new MmContext[NR_MMS];
        for (int i = 0; i < NR_MMS; i++) {
            tables[i] = new MapWalker();
            mms[i] = tlb.initNewContext(tables[i]);
        }
        Set<Long> upgradedWithoutFlush = new HashSet<>();
        for (Op op : ops) {
            int m = op.mm() % NR_MMS;
            MapWalker t = tables[m];
            boolean huge = op.slot() >= SMALL_SLOTS;
            int size = huge ? TlbGeometry.SIZE_2M : TlbGeometry.SIZE_4K;
            long va = huge ? HUGE + ((long) (op.slot() - SMALL_SLOTS) << 21) : BASE + op.slot() * 4096L;
            int stride = huge ? 21 : 12;
            long len = 1L << stride;
            switch (op.kind()) {
                case 0: // map (replacing a present mapping goes through unmap + flush first, as zap does)
                case 1: {
                    zap(tlb, op.cpu(), mms[m], t, va, size);
                    long phys = (long) (op.arg() & 0xFFFF) << stride;
                    t.map(va, size, MapWalker.pte(phys, FLAGS[op.arg() % FLAGS.length] | (huge ? Pte.PSE : 0)));
                    break;
                }
                case 2: // unmap; a 2M slot may hold a split page's 4K leaves
                    zap(tlb, op.cpu(), mms[m], t, va, size);
                    break;
                case 3: { // mprotect: change_protection flushes the range
                    long old = t.leaf(va, size);
                    if (old != 0) {
                        long keep = old & (Pte.PFN_MASK | Pte.PRESENT | Pte.PSE | Pte.ACCESSED | Pte.DIRTY);
                        t.map(va, size, keep | FLAGS[op.arg() % FLAGS.length]);
                        tlb.flushTlbMmRange(op.cpu(), mms[m], va, va + len, stride, false);
                    }
                    break;
                }
                case 10: // THP split: the PMD is invalidated with a PMD-stride flush, then 4K leaves map the same frames
                    if (huge && t.leaf(va, size) != 0) {
                        long pmd = t.leaf(va, size);
                        t.unmap(va, size);
                        tlb.flushTlbMmRange(op.cpu(), mms[m], va, va + len, 21, false);
                        for (int i = 0; i < 512; i++) {
                            long ptePhys = (pmd & Pte.PFN_MASK & ~((1L << 21) - 1)) + i * 4096L;
                            t.map(va + i * 4096L, TlbGeometry.SIZE_4K,
                                    MapWalker.pte(ptePhys, pmd & (Pte.RW | Pte.USER | Pte.NX | Pte.ACCESSED | Pte.DIRTY)));
                        }
                    }
                    break;
                case 4: { // write-fault reuse: RW set without a flush (flush_tlb_fix_spurious_fault is a no-op on x86)
                    long old = t.leaf(va, size);
                    if (old != 0 && (old & Pte.RW) == 0) {
                        t.map(va, size, old | Pte.RW);
                        upgradedWithoutFlush.add(((long) m << 40) | va);
                    }
                    break;
                }
                case 5: // munmap of everything: beyond the ceiling, a full flush
                    for (int s = 0; s < SMALL_SLOTS; s++) {
                        t.unmap(BASE + s * 4096L, TlbGeometry.SIZE_4K);
                    }
                    t.unmap(HUGE, TlbGeometry.SIZE_2M);
                    t.unmap(HUGE + (1 << 21), TlbGeometry.SIZE_2M);
                    t.unmapSmall(HUGE, 2L << 21);
                    tlb.flushTlbMmRange(op.cpu(), mms[m], BASE, HUGE + (2L << 21), 12, true);
                    break;
                case 6:
                    tlb.switchMm(op.cpu(), op.mm() == NR_MMS ? tlb.initMm() : mms[m]);
                    break;
                case 7:
                    if (op.arg() % 4 == 0) {
                        tlb.flushTlbAll(op.cpu());
                    } else {
                        clock.advance(600_000_000L);
                    }
                    break;
                case 8:
                case 9:
                case 11:
                case 12: { // translate on a CPU through whatever mm it has loaded
                    MmContext loaded = tlb.loadedMm(op.cpu());
                    MapWalker now = (MapWalker) loaded.walker();
                    long addr = va + (op.arg() & (len - 1));
                    int access = ACCESSES[op.arg() % ACCESSES.length];
                    long expected = now.expect(addr, access);
                    long got = mmu.translate(op.cpu(), addr, access);
                    if (got != expected) {
                        int mi = loaded == tlb.initMm() ? -1 : java.util.Arrays.asList(mms).indexOf(loaded);
                        assertTrue(Mmu.isFault(got) && !Mmu.isFault(expected)
                                        && upgradedWithoutFlush.contains(((long) mi << 40) | va),
                                "cpu " + op.cpu() + " va " + Long.toHexString(addr) + " access " + access
                                        + ": got " + Long.toHexString(got) + " expected " + Long.toHexString(expected));
                        assertEquals(expected, mmu.translate(op.cpu(), addr, access), "retry after a spurious fault");
                    }
                    break;
                }
                default:
                    throw new AssertionError(op);
            }
        }
    }
}
