package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.Brk;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mlock;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.sim.KernelError;

/**
 * Random mapping calls, accesses, mlock/munlock, forks and exits over up to four tasks, with the
 * overcommit policy in mode 0 (nothing this small is refused) or mode 2 (refusals happen).
 * After every step: vm_committed_as equals the pages of every task's VM_ACCOUNT VMAs plus the
 * charge of every shared anonymous object still mapped (charges are never lost or doubled, refused
 * calls give theirs back); NR_SHMEM equals the pages of the shared anonymous objects still mapped
 * (an object's pages go with its last mapping); NR_MLOCK equals the distinct anonymous
 * frames mapped by a VM_LOCKED VMA, each with PG_mlocked, and the unevictable counts equal it.
 * After every task exits, all four are 0.
 */
class CommitAndMlockPropertyTest {
    private static final long W = 0x40000000L;
    private static final long WINDOW_PAGES = 1024;
    private static final int[] PROTS = {Mman.PROT_READ | Mman.PROT_WRITE, Mman.PROT_READ, Mman.PROT_NONE};

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(5).list()
                .ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 200)
    void commitAndMlockCountsFollowTheMappings(@ForAll("ops") List<int[]> ops, @ForAll boolean strict) {
        TaskFixture f = new TaskFixture();
        if (strict) {
            f.k.sysctl.get("vm.overcommit_memory").write("2");
            f.k.sysctl.get("vm.overcommit_kbytes").write("4096");
        }
        List<Task> tasks = new ArrayList<>();
        Task first = f.task();
        first.mm().setCommitCharge(f.k.overcommit);
        first.mm().startBrk = 0x10000000L;
        first.mm().brk = 0x10000000L;
        tasks.add(first);
        for (int[] op : ops) {
            if (tasks.isEmpty()) {
                break;
            }
            Task t = tasks.get(op[0] % tasks.size());
            long start = W + (op[1] % WINDOW_PAGES) * 4096;
            long len = (1 + op[2] % 300) * 4096;
            try {
                switch (op[3] % 11) {
                    case 0:
                    case 1:
                        int type = (op[4] & 8) != 0 ? Mman.MAP_SHARED : Mman.MAP_PRIVATE;
                        Mmap.mmap(t.mm(), t.limits(), start, len, PROTS[op[4] % PROTS.length],
                                type | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED
                                        | ((op[4] & 16) != 0 ? Mman.MAP_NORESERVE : 0), null, 0);
                        break;
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
                        if (tasks.size() < 4) {
                            tasks.add(f.fork(t));
                        }
                        break;
                    case 6:
                        Exit.exit(t);
                        tasks.remove(t);
                        break;
                    case 7:
                        Mremap.mremap(t.mm(), t.limits(), start, len, (1 + op[4] % 300) * 4096,
                                Mman.MREMAP_MAYMOVE | ((op[4] & 1024) != 0 && len == (1 + op[4] % 300) * 4096
                                        ? Mman.MREMAP_DONTUNMAP : 0), 0);
                        break;
                    case 8:
                        Brk.brk(t.mm(), t.limits(), t.mm().brk + ((op[4] & 1) == 0 ? len : -len));
                        break;
                    case 9:
                        Madvise.madvise(t.mm(), start, len, (op[4] & 1) == 0 ? Mman.MADV_DONTNEED
                                : Mman.MADV_DONTNEED_LOCKED);
                        break;
                    default:
                        if ((op[4] & 1) == 0) {
                            Mlock.mlock(t.mm(), t.limits(), start, len);
                        } else {
                            Mlock.munlock(t.mm(), start, len);
                        }
                        break;
                }
            } catch (KernelError e) {
                // a refusal changes nothing; the counts below still hold
            }
            check(f, tasks);
        }
        for (Task t : tasks) {
            Exit.exit(t);
        }
        check(f, List.of());
    }

    private static void check(TaskFixture f, List<Task> tasks) {
        f.k.user.lru.drainAll(); // pages still in an lru_add batch reach the unevictable list on the drain
        long accounted = 0;
        Set<Integer> locked = new HashSet<>();
        java.util.IdentityHashMap<org.mmsim.mm.vma.VmFile, Boolean> shmem = new java.util.IdentityHashMap<>();
        for (Task t : tasks) {
            accounted += t.mm().accountedPages();
            for (Vma v : t.mm().vmas()) {
                if (v.file() != null && shmem.put(v.file(), Boolean.TRUE) == null) {
                    accounted += v.file().shmemChargedPages();
                }
                if ((v.flags() & VmFlags.VM_LOCKED) == 0) {
                    continue;
                }
                for (long a = v.start(); a < v.end(); a += 4096) {
                    long pte = t.pageTable().walk(a);
                    if (Pte.present(pte) && f.k.user.rmap.isAnon(Pte.pfn(pte))) {
                        locked.add(Pte.pfn(pte));
                    }
                }
            }
        }
        assertEquals(accounted, f.k.overcommit.committed(), "Committed_AS");
        long shmemPages = 0;
        for (org.mmsim.mm.vma.VmFile file : shmem.keySet()) {
            if (file.anonShmem) {
                shmemPages += f.k.user.pageCache.mapping(file).nrpages();
            }
        }
        assertEquals(shmemPages, f.node(NodeStat.NR_SHMEM), "Shmem: the pages of the objects still mapped");
        long mlocked = 0;
        for (org.mmsim.mm.zone.Zone z : f.k.zones.allZones()) {
            mlocked += z.stats[ZoneStat.NR_MLOCK];
        }
        assertEquals(locked.size(), mlocked, "NR_MLOCK");
        assertEquals(locked.size(), f.node(NodeStat.NR_UNEVICTABLE), "NR_UNEVICTABLE");
        for (int pfn : locked) {
            assertEquals(PageFlags.PG_MLOCKED, f.k.zones.memMap.flags[pfn] & PageFlags.PG_MLOCKED);
        }
    }
}
