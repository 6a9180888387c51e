package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.mmu.Mmu;
import org.mmsim.mm.mmu.Pte;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.Msync;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.sim.KernelError;

/**
 * Random workloads over up to three tasks on a two-CPU machine (the current CPU changes at
 * random): private and shared anonymous and shared file mmap, munmap, mprotect, mremap, madvise
 * (dontneed, free), msync, fork, exit, reads and writes. After every step, on every CPU and for
 * every live task, a user read translation of each page of the window agrees with a fresh walk of
 * the task's page table: the same frame when the PTE permits the read, a fault when it does not,
 * and a write translation faults where the PTE is read-only.
 * A stale TLB entry (a missing flush at a PTE change) shows as a different frame or a hit where
 * the walk faults.
 */
class TlbWiringPropertyTest {
    private static final long W = 0x40000000L;
    private static final int WINDOW_PAGES = 96;
    private static final int[] PROTS = {Mman.PROT_READ | Mman.PROT_WRITE, Mman.PROT_READ, Mman.PROT_NONE};
    private static final int[] ADVICE = {Mman.MADV_DONTNEED, Mman.MADV_FREE};

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(5).list()
                .ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 300)
    void translationsMatchAFreshWalk(@ForAll("ops") List<int[]> ops) {
        TaskFixture f = new TaskFixture();
        VmFile file = new VmFile("/data/f", 1, true, true, false);
        f.k.user.pageCache.createFile(file, WINDOW_PAGES * 4096L, true, i -> (int) i);
        List<Task> tasks = new ArrayList<>();
        tasks.add(f.task());
        for (int[] op : ops) {
            if (tasks.isEmpty()) {
                break;
            }
            f.k.pageAlloc.setCpu(op[0] & 1);
            Task t = tasks.get((op[0] >>> 1) % tasks.size());
            long start = W + (op[1] % WINDOW_PAGES) * 4096L;
            long len = (1 + op[2] % 32) * 4096L;
            try {
                switch (op[3] % 11) {
                    case 0:
                    case 1: {
                        int kind = op[4] % 3;
                        Mmap.mmap(t.mm(), t.limits(), start, len, PROTS[(op[4] >>> 2) % PROTS.length],
                                (kind == 0 ? Mman.MAP_PRIVATE : Mman.MAP_SHARED) | (kind == 2 ? 0 : Mman.MAP_ANONYMOUS)
                                        | Mman.MAP_FIXED, kind == 2 ? file : null, 0);
                        break;
                    }
                    case 2:
                        Munmap.munmap(t.mm(), start, len);
                        break;
                    case 3:
                        Mprotect.mprotect(t.mm(), t.limits(), start, len, PROTS[op[4] % PROTS.length]);
                        break;
                    case 4:
                        t.touch(start, len, Fault.WRITE);
                        break;
                    case 5:
                        t.touch(start, len, Fault.READ);
                        break;
                    case 6:
                        if (tasks.size() < 3) {
                            tasks.add(f.fork(t));
                        }
                        break;
                    case 7:
                        Exit.exit(t);
                        tasks.remove(t);
                        break;
                    case 8:
                        Madvise.madvise(t.mm(), start, len, ADVICE[op[4] % ADVICE.length]);
                        break;
                    case 9:
                        Mremap.mremap(t.mm(), t.limits(), start, len, (1 + op[4] % 32) * 4096L,
                                Mman.MREMAP_MAYMOVE | ((op[4] & 64) != 0 ? Mman.MREMAP_FIXED : 0),
                                W + ((op[4] >>> 7) % WINDOW_PAGES) * 4096L);
                        break;
                    default:
                        t.msync(start, len, Msync.MS_SYNC);
                        break;
                }
            } catch (KernelError e) {
                // a refusal changes nothing
            }
            for (int cpu = 0; cpu < 2; cpu++) {
                for (Task x : tasks) {
                    f.k.tlb.switchMm(cpu, x.pageTable().context());
                    for (int p = 0; p < WINDOW_PAGES; p++) {
                        long a = W + p * 4096L;
                        long leaf = x.pageTable().walk(a);
                        long got = f.k.mmu.translate(cpu, a, Pte.PF_USER);
                        if ((leaf & (Pte.PRESENT | Pte.USER)) == (Pte.PRESENT | Pte.USER)) {
                            assertEquals(leaf & Pte.PFN_MASK, got, x + " cpu " + cpu + " at " + Long.toHexString(a));
                            if ((leaf & Pte.RW) == 0) {
                                assertTrue(Mmu.isFault(f.k.mmu.translate(cpu, a, Pte.PF_USER | Pte.PF_WRITE)),
                                        x + " cpu " + cpu + " stale writable entry at " + Long.toHexString(a));
                            }
                        } else {
                            assertTrue(Mmu.isFault(got), x + " cpu " + cpu + " stale hit at " + Long.toHexString(a));
                        }
                    }
                }
            }
        }
        for (Task t : tasks) {
            Exit.exit(t);
        }
    }
}
