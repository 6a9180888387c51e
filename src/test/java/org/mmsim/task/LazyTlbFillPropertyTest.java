package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.mmu.Mmu;
import org.mmsim.mm.mmu.TlbGeometry;
import org.mmsim.mm.mmu.TlbLevel;
import org.mmsim.mm.mmu.TlbStats;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.TaskLimits;

/**
 * The TLB arrays' lazily made runs of fills are invisible to the tasks: two identical machines run
 * the same random range touches (long enough to cover the STLB), single accesses, madvise
 * DONTNEED and mprotect with their page and full flushes, forks, exits, CPU changes (context
 * switches with PCID reuse) and flush_tlb_all; one machine reads every TLB array's occupancy after
 * each step, which makes its pending fills at once (filling one by one), the other never until the
 * end. Every access result, every TLB counter of every CPU and the tasks' RSS agree after every
 * step, and the occupancies at the end.
 */
class LazyTlbFillPropertyTest {
    static final int PAGES = 3072;
    static final int MAX_TASKS = 4;

    record Op(int kind, int task, int page, int len, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, MAX_TASKS - 1),
                Arbitraries.integers().between(0, PAGES - 1),
                Arbitraries.integers().between(1, PAGES),
                Arbitraries.integers().between(0, 1 << 16)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(30);
    }

    private static final class Machine {
        final Kernel k;
        final boolean observed;
        final List<Task> tasks = new ArrayList<>();
        final List<Long> bases = new ArrayList<>();
        int nextPid = 100;

        Machine(boolean zen3, boolean observed) {
            this.observed = observed;
            MachineSpec spec = MachineSpec.uniform(256L << 20, 2, 1);
            k = zen3 ? Kernel.boot(spec, 1) : Kernel.boot(spec, 1, TlbGeometry.cascadeLake());
            for (int i = 0; i < 2; i++) {
                Task t = Task.create(k.user, nextPid++, "t", 0,
                        new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false), TaskLimits.defaults());
                tasks.add(t);
                bases.add(Mmap.mmap(t.mm(), t.limits(), 0, PAGES * 4096L, Mman.PROT_READ | Mman.PROT_WRITE,
                        Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0));
            }
        }

        /** Runs op; returns what it returned (an address or access result), for comparison. */
        long apply(Op op) {
            int i = op.task() % tasks.size();
            Task t = tasks.get(i);
            long base = bases.get(i);
            long addr = base + op.page() * 4096L;
            int len = Math.min(op.len(), PAGES - op.page());
            long result;
            switch (op.kind()) {
                case 0: case 1: case 2: case 3:
                    result = t.touch(addr, len * 4096L, op.arg() % 3 == 0 ? Fault.READ : Fault.WRITE) * 8
                            + t.lastResult();
                    break;
                case 4:
                    result = t.access(addr + (op.arg() & 0xFFF), op.arg() % 3);
                    break;
                case 5:
                    Madvise.madvise(t.mm(), addr, (1 + op.len() % 64) * 4096L, Mman.MADV_DONTNEED);
                    result = 0;
                    break;
                case 6:
                    Mprotect.mprotect(t.mm(), t.limits(), addr, (1 + op.len() % 64) * 4096L,
                            op.arg() % 2 == 0 ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE);
                    result = 0;
                    break;
                case 7:
                    if (tasks.size() < MAX_TASKS) {
                        tasks.add(Fork.fork(t, nextPid++));
                        bases.add(base);
                    }
                    result = tasks.size();
                    break;
                case 8:
                    if (tasks.size() > 1) {
                        Exit.exit(tasks.remove(i));
                        bases.remove(i);
                    }
                    result = tasks.size();
                    break;
                case 9:
                    k.pageAlloc.setCpu(op.arg() % 2);
                    result = 0;
                    break;
                default:
                    k.user.tlb.flushTlbAll(k.user.cpu());
                    result = 0;
            }
            if (observed) {
                occupancies();
            }
            return result;
        }

        List<Integer> occupancies() {
            List<Integer> all = new ArrayList<>();
            Mmu mmu = k.user.mmu;
            for (int cpu = 0; cpu < mmu.nrCpus(); cpu++) {
                for (TlbLevel level : TlbLevel.values()) {
                    for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
                        all.add(mmu.occupancy(cpu, level, size));
                    }
                }
            }
            return all;
        }
    }

    @Property(tries = 25)
    void pendingFillsChangeNothingVisible(@ForAll("ops") List<Op> ops, @ForAll boolean zen3) {
        Machine eager = new Machine(zen3, true);
        Machine lazy = new Machine(zen3, false);
        int step = 0;
        for (Op op : ops) {
            step++;
            assertEquals(eager.apply(op), lazy.apply(op), "result of step " + step);
            for (int cpu = 0; cpu < eager.k.user.mmu.nrCpus(); cpu++) {
                for (int c = 0; c < TlbStats.NR_COUNTERS; c++) {
                    assertEquals(eager.k.user.mmu.stats().get(cpu, c), lazy.k.user.mmu.stats().get(cpu, c),
                            TlbStats.NAMES[c] + " of cpu " + cpu + " at step " + step);
                }
            }
            for (int i = 0; i < eager.tasks.size(); i++) {
                assertEquals(eager.tasks.get(i).rssPages(), lazy.tasks.get(i).rssPages(), "rss at step " + step);
            }
        }
        assertEquals(eager.occupancies(), lazy.occupancies());
    }
}
