package org.mmsim.mm.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Mmu.uncachedRun() and faultedRun(), the TLB side of a run of first-touch faults, against
 * translate(), the fault's mapping and translateAfterFault() page by page: two MMUs over identical
 * tables run the same accesses, mappings, unmaps with and without their INVLPG (so stale 4K and
 * 2M entries linger over unmapped pages), context switches and flushes; for a run over unmapped
 * pages, one MMU asks uncachedRun() how far it may go and makes the run with faultedRun(), the
 * other translates each of those pages, which must fault, maps it and retries. Every counter and
 * every array's occupancy agree after each step.
 */
class FaultedRunPropertyTest {
    static final int NR_CPUS = 2;
    static final long BASE = 0x10000000L;
    static final int PAGES = 2048;
    static final long RUN_PTE_FLAGS = Pte.USER | Pte.RW | Pte.NX | Pte.ACCESSED | Pte.DIRTY;
    static final int[] ACCESSES = {Pte.PF_USER, Pte.PF_USER | Pte.PF_WRITE, Pte.PF_USER | Pte.PF_INSTR};

    record Op(int kind, int cpu, int page, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, NR_CPUS - 1),
                Arbitraries.integers().between(0, PAGES - 1),
                Arbitraries.integers().between(0, 1 << 16)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(200);
    }

    @Property(tries = 150)
    void runsCountAndFillAsFaultsPageByPage(@ForAll("ops") List<Op> ops, @ForAll boolean zen3) {
        MmuOverMap run = new MmuOverMap(zen3, NR_CPUS);
        MmuOverMap ref = new MmuOverMap(zen3, NR_CPUS);
        for (Op op : ops) {
            long va = BASE + op.page() * 4096L;
            int cpu = op.cpu();
            switch (op.kind()) {
                case 0: // unmap a 4K page or the 2M page over it, flushing or (a stale entry) not
                    for (MmuOverMap s : new MmuOverMap[] {run, ref}) {
                        int size = op.arg() % 2 == 0 ? TlbGeometry.SIZE_2M : TlbGeometry.SIZE_4K;
                        s.table.unmap(va, size);
                        if (op.arg() % 3 == 0) {
                            s.mmu.invlpg(cpu, va);
                        }
                    }
                    break;
                case 1: // a flushing context switch, a switch to another PCID, or a global flush
                    for (MmuOverMap s : new MmuOverMap[] {run, ref}) {
                        if (op.arg() % 3 == 0) {
                            s.mmu.flushGlobal(cpu);
                        } else {
                            s.mmu.loadCr3(cpu, s.table, 1 + op.arg() % 2, op.arg() % 3 == 2);
                        }
                    }
                    break;
                case 2: // a 2M leaf over the 4K pages, touched so the TLBs cache it
                    for (MmuOverMap s : new MmuOverMap[] {run, ref}) {
                        s.table.map(va, TlbGeometry.SIZE_2M, MapWalker.pte(0x40000000L, Pte.USER | Pte.RW | Pte.PSE));
                        s.mmu.translate(cpu, va, Pte.PF_USER);
                    }
                    break;
                case 3:
                case 4:
                case 5: { // an access, its fault handled by mapping the page
                    int access = ACCESSES[op.arg() % ACCESSES.length];
                    long a = run.mmu.translate(cpu, va, access);
                    assertEquals(ref.mmu.translate(cpu, va, access), a);
                    if (Mmu.isFault(a) && emptyAt(run.table, va)) {
                        for (MmuOverMap s : new MmuOverMap[] {run, ref}) {
                            s.table.map(va, TlbGeometry.SIZE_4K, MapWalker.pte(va, Pte.USER | Pte.RW));
                            assertEquals(va, s.mmu.translateAfterFault(cpu, va, access));
                        }
                    }
                    break;
                }
                default: { // a run of first-touch writes over the unmapped pages from va
                    int limit = 0;
                    while (op.page() + limit < PAGES && limit < 1 + op.arg() % 600
                            && emptyAt(run.table, va + limit * 4096L)) {
                        limit++;
                    }
                    int n = run.mmu.uncachedRun(cpu, va, limit);
                    assertTrue(n >= 0 && n <= limit);
                    long[] ptes = new long[n];
                    for (int i = 0; i < n; i++) {
                        long page = va + i * 4096L;
                        ptes[i] = MapWalker.pte(page, RUN_PTE_FLAGS);
                        assertTrue(Mmu.isFault(ref.mmu.translate(cpu, page, Pte.PF_USER | Pte.PF_WRITE)));
                        ref.table.map(page, TlbGeometry.SIZE_4K, ptes[i]);
                        run.table.map(page, TlbGeometry.SIZE_4K, ptes[i]);
                        assertEquals(page, ref.mmu.translateAfterFault(cpu, page, Pte.PF_USER | Pte.PF_WRITE));
                    }
                    run.mmu.faultedRun(cpu, va, ptes, 0, n);
                }
            }
            for (int c = 0; c < NR_CPUS; c++) {
                for (int k = 0; k < TlbStats.NR_COUNTERS; k++) {
                    assertEquals(ref.mmu.stats().get(c, k), run.mmu.stats().get(c, k), TlbStats.NAMES[k]);
                }
                for (TlbLevel level : TlbLevel.values()) {
                    for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
                        assertEquals(ref.mmu.occupancy(c, level, size), run.mmu.occupancy(c, level, size));
                    }
                }
            }
        }
        for (int page = 0; page < PAGES; page++) {
            for (int cpu = 0; cpu < NR_CPUS; cpu++) {
                long va = BASE + page * 4096L;
                assertEquals(ref.mmu.translate(cpu, va, Pte.PF_USER), run.mmu.translate(cpu, va, Pte.PF_USER));
            }
        }
    }

    /** No leaf of any size maps va: the PTE a first-touch fault finds empty. */
    private static boolean emptyAt(MapWalker table, long va) {
        for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
            if (table.leaf(va, size) != 0) {
                return false;
            }
        }
        return true;
    }
}
