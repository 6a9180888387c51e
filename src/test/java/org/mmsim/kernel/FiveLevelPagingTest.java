package org.mmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.mmu.TlbStats;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.procfs.ProcFs;
import org.mmsim.sim.CostModel.Op;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

/**
 * 5-level paging (machine paging=5): the 56-bit user address space is used only when a mapping's
 * hint lies above the 47-bit window, as on Linux with LA57; P4D pages count in PageTables, not
 * VmPTE; a walk costs one level more.
 */
class FiveLevelPagingTest {
    private static final long WINDOW = MmStruct.TASK_SIZE;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private static Kernel boot(int levels) {
        MachineSpec u = MachineSpec.uniform(512L << 20, 2, 1);
        Kernel k = Kernel.boot(new MachineSpec(u.nodeMemory, u.cpus, u.distance, 0, 0, "madvise", levels, java.util.List.of()), 3);
        k.sysctl.get("kernel.randomize_va_space").write("0");
        return k;
    }

    private static long kb(ProcFs proc, String file, String key) {
        for (String l : proc.read(file).split("\n")) {
            if (l.startsWith(key + ":")) {
                return Long.parseLong(l.substring(key.length() + 1).replace("kB", "").trim());
            }
        }
        throw new AssertionError(key);
    }

    @Test
    void highHintOpensThe56BitSpaceAndOnlyIt() {
        Kernel k = boot(5);
        ProcFs proc = new ProcFs(k);
        Task t = k.processes.spawn("web", 0);
        assertEquals(5, t.pageTable().levels());
        assertTrue(Long.compareUnsigned(t.mm().startStack, WINDOW) < 0, "the stack stays in the 47-bit window");
        long low = Mmap.mmap(t.mm(), t.limits(), 0, 4096, RW, ANON, null, 0);
        assertTrue(Long.compareUnsigned(low, WINDOW) < 0, Long.toHexString(low));
        long tables = kb(proc, "/proc/meminfo", "PageTables");
        long vmPte = kb(proc, "/proc/" + t.pid + "/status", "VmPTE");
        // a hint above the window: the search runs below mmap_base moved up to the 56-bit top
        long high = Mmap.mmap(t.mm(), t.limits(), 1L << 50, 4096, RW, ANON, null, 0);
        assertEquals(1L << 50, high);
        long top = Mmap.mmap(t.mm(), t.limits(), 1L << 56, 4096, RW, ANON, null, 0);
        assertTrue(top > 1L << 55 && top < 1L << 56, Long.toHexString(top));
        // a hint straddling the window's end is refused and the mapping goes below mmap_base
        long straddle = Mmap.mmap(t.mm(), t.limits(), WINDOW - 4096, 8192, RW, ANON, null, 0);
        assertTrue(straddle < t.mm().mmapBase, Long.toHexString(straddle));
        assertEquals(Errno.ENOMEM, assertThrows(KernelError.class, () -> Mmap.mmap(t.mm(), t.limits(), 1L << 56,
                4096, RW, ANON | Mman.MAP_FIXED, null, 0)).errno);
        assertEquals(Fault.MINOR, t.access(high, Fault.WRITE));
        // P4D, PUD, PMD and PTE pages for the new top-level entry: PageTables grows by 4 pages,
        // VmPTE by 3 (__p4d_alloc does not count in pgtables_bytes)
        assertEquals(tables + 16, kb(proc, "/proc/meminfo", "PageTables"));
        assertEquals(vmPte + 12, kb(proc, "/proc/" + t.pid + "/status", "VmPTE"));
        Munmap.munmap(t.mm(), high, 4096);
        assertEquals(tables, kb(proc, "/proc/meminfo", "PageTables"), "free_pgd_range frees the P4D page too");
        k.processes.exit(t);
    }

    @Test
    void fourLevelMachinesKeepEveryMappingBelow47Bits() {
        Kernel k = boot(4);
        Task t = k.processes.spawn("web", 0);
        assertEquals(4, t.pageTable().levels());
        long a = Mmap.mmap(t.mm(), t.limits(), 1L << 50, 4096, RW, ANON, null, 0);
        assertTrue(Long.compareUnsigned(a, WINDOW) < 0, Long.toHexString(a));
        assertEquals(Errno.ENOMEM, assertThrows(KernelError.class, () -> Mmap.mmap(t.mm(), t.limits(), 1L << 50,
                4096, RW, ANON | Mman.MAP_FIXED, null, 0)).errno);
    }

    @Test
    void aWalkCostsOneLevelMore() {
        long[] perWalk = new long[2];
        for (int levels = 4; levels <= 5; levels++) {
            Kernel k = boot(levels);
            Task t = k.processes.spawn("web", 0);
            long a = Mmap.mmap(t.mm(), t.limits(), 0, 4096, RW, ANON, null, 0);
            assertEquals(Fault.MINOR, t.access(a, Fault.WRITE));
            long t0 = k.clock.nanos();
            long w0 = k.mmu.stats().sum(TlbStats.WALK);
            k.tlb.flushTlbAll(k.user.cpu());
            assertEquals(Fault.NOFAULT, t.access(a, Fault.READ));
            long walks = k.mmu.stats().sum(TlbStats.WALK) - w0;
            assertEquals(1, walks);
            perWalk[levels - 4] = k.clock.nanos() - t0;
        }
        Kernel k = boot(4);
        assertEquals(k.cost.ns(Op.TLB_WALK), perWalk[0]);
        assertEquals(k.cost.ns(Op.TLB_WALK) + k.cost.ns(Op.TLB_WALK_P4D), perWalk[1]);
    }
}
