package org.mmsim.mm.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Two MMUs over identical page tables run the same accesses, faults, fault handling (the faulting
 * address mapped, possibly with an INVLPG as wp_page_copy issues), unmaps and flushes; after each
 * handled fault one retries with translate(), the other with translateAfterFault(). Results, every
 * counter and every array's occupancy must stay equal, and so must a final probe of every address.
 */
class TranslateAfterFaultPropertyTest {
    static final int NR_CPUS = 2;
    static final long BASE = 0x10000000L;
    static final long HUGE = 0x40000000L;
    static final int SLOTS = 200;
    static final long[] FLAGS = {Pte.USER | Pte.RW | Pte.NX, Pte.USER | Pte.NX, Pte.USER, Pte.USER | Pte.RW};
    static final int[] ACCESSES = {
        Pte.PF_USER, Pte.PF_USER | Pte.PF_WRITE, Pte.PF_USER | Pte.PF_INSTR, Mmu.READ, Pte.PF_WRITE,
    };

    record Op(int kind, int cpu, int slot, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, NR_CPUS - 1),
                Arbitraries.integers().between(0, SLOTS + 1),
                Arbitraries.integers().between(0, 1 << 16)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 200)
    void retryCountsAndFillsAsTranslate(@ForAll("ops") List<Op> ops, @ForAll boolean zen3) {
        MmuOverMap probed = new MmuOverMap(zen3, NR_CPUS);
        MmuOverMap direct = new MmuOverMap(zen3, NR_CPUS);
        for (Op op : ops) {
            boolean huge = op.slot() >= SLOTS;
            int size = huge ? TlbGeometry.SIZE_2M : TlbGeometry.SIZE_4K;
            long va = huge ? HUGE + ((long) (op.slot() - SLOTS) << 21) : BASE + op.slot() * 4096L;
            for (MmuOverMap s : new MmuOverMap[] {probed, direct}) {
                switch (op.kind()) {
                    case 0: // unmap with its flush
                        s.table.unmap(va, size);
                        s.mmu.invlpg(op.cpu(), va);
                        break;
                    case 1: // a context switch that flushes, or a global flush
                        if (op.arg() % 2 == 0) {
                            s.mmu.loadCr3(op.cpu(), s.table, 1 + op.arg() % 3, false);
                        } else {
                            s.mmu.flushGlobal(op.cpu());
                        }
                        break;
                    default:
                        break;
                }
            }
            if (op.kind() < 2) {
                continue;
            }
            int access = ACCESSES[op.arg() % ACCESSES.length];
            long addr = va + (op.arg() & 0xFFF);
            long a = probed.mmu.translate(op.cpu(), addr, access);
            long b = direct.mmu.translate(op.cpu(), addr, access);
            assertEquals(a, b);
            if (Mmu.isFault(a)) {
                // The handler maps the address so the access is allowed, as a fault does.
                for (MmuOverMap s : new MmuOverMap[] {probed, direct}) {
                    long flags = FLAGS[op.arg() % FLAGS.length] | Pte.USER | ((access & Pte.PF_WRITE) != 0 ? Pte.RW : 0);
                    if ((access & Pte.PF_INSTR) != 0) {
                        flags &= ~Pte.NX;
                    }
                    if ((access & Pte.PF_USER) == 0 && (access & Pte.PF_INSTR) != 0) {
                        flags &= ~Pte.USER;
                    }
                    s.table.map(va, size, MapWalker.pte((long) (op.arg() & 0xFF) << 21, flags | (huge ? Pte.PSE : 0)));
                    if (op.arg() % 5 == 0) {
                        s.mmu.invlpg(op.cpu(), va);
                    }
                }
                assertEquals(probed.mmu.translate(op.cpu(), addr, access),
                        direct.mmu.translateAfterFault(op.cpu(), addr, access));
            }
            assertSameState(probed, direct);
        }
        for (int slot = 0; slot < SLOTS + 2; slot++) {
            long va = slot >= SLOTS ? HUGE + ((long) (slot - SLOTS) << 21) : BASE + slot * 4096L;
            for (int cpu = 0; cpu < NR_CPUS; cpu++) {
                assertEquals(probed.mmu.translate(cpu, va, Pte.PF_USER), direct.mmu.translate(cpu, va, Pte.PF_USER));
            }
        }
        assertSameState(probed, direct);
    }

    private static void assertSameState(MmuOverMap a, MmuOverMap b) {
        for (int cpu = 0; cpu < NR_CPUS; cpu++) {
            for (int c = 0; c < TlbStats.NR_COUNTERS; c++) {
                assertEquals(a.mmu.stats().get(cpu, c), b.mmu.stats().get(cpu, c), TlbStats.NAMES[c]);
            }
            for (TlbLevel level : TlbLevel.values()) {
                for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
                    assertEquals(a.mmu.occupancy(cpu, level, size), b.mmu.occupancy(cpu, level, size));
                }
            }
        }
        assertEquals(a.table.walks, b.table.walks);
        assertEquals(a.table.marks, b.table.marks);
    }
}
