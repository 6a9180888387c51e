package org.mmsim.mm.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Brk;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

/**
 * Commit accounting through the mapping calls, the three overcommit modes, and the CommitLimit
 * formula checked against the host's own /proc/meminfo and sysctls.
 */
class OvercommitTest {
    private static final long MB = 1L << 20;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int PRIVATE_ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private static Kernel boot() {
        return Kernel.boot(MachineSpec.uniform(512 * MB, 1, 1), 0);
    }

    private static long mmap(Task t, long len, int prot, int flags) {
        return Mmap.mmap(t.mm(), t.limits(), 0, len, prot, flags, null, 0);
    }

    private static long committedKb(Kernel k) {
        return k.overcommit.committed() << 2;
    }

    @Test
    void privateWritableMappingsAreChargedAndGivenBack() {
        Kernel k = boot();
        Task t = k.processes.spawn("t", 0);
        long exec = committedKb(k); // the program's data, bss and stack
        long a = mmap(t, 8 * MB, RW, PRIVATE_ANON);
        assertEquals(exec + 8192, committedKb(k));
        mmap(t, 4 * MB, Mman.PROT_READ, PRIVATE_ANON);
        mmap(t, 4 * MB, RW, PRIVATE_ANON | Mman.MAP_NORESERVE);
        mmap(t, 4 * MB, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE);
        assertEquals(exec + 8192, committedKb(k), "read-only and MAP_NORESERVE mappings are not charged");
        long shared = mmap(t, 4 * MB, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS);
        assertEquals(exec + 12288, committedKb(k), "shmem charges a shared anonymous object");
        Munmap.munmap(t.mm(), a + 2 * MB, 2 * MB);
        Munmap.munmap(t.mm(), shared, MB);
        assertEquals(exec + 10240, committedKb(k), "the object stays charged while any part of it is mapped");
        // MAP_FIXED over a charged range keeps its charge instead of charging twice.
        Mmap.mmap(t.mm(), t.limits(), a, 2 * MB, RW, PRIVATE_ANON | Mman.MAP_FIXED, null, 0);
        assertEquals(exec + 10240, committedKb(k));
        long child = k.processes.fork(t).pid;
        assertEquals(2 * exec + 16384, committedKb(k), "fork charges the child's copies of private VMAs, not shared objects");
        k.processes.exit(t);
        assertEquals(exec + 10240, committedKb(k), "the child keeps its copies and the shared object");
        k.processes.exit(k.processes.byPid((int) child));
        assertEquals(0, committedKb(k));
    }

    @Test
    void mprotectBrkAndMremapChargeWhatTheyAdd() {
        Kernel k = boot();
        Task t = k.processes.spawn("t", 0);
        long exec = committedKb(k); // the program's data, bss and stack
        long ro = mmap(t, 4 * MB, Mman.PROT_READ, PRIVATE_ANON);
        Mprotect.mprotect(t.mm(), t.limits(), ro, MB, RW);
        assertEquals(exec + 1024, committedKb(k), "mprotect(PROT_WRITE) charges a private mapping");
        Mprotect.mprotect(t.mm(), t.limits(), ro, MB, Mman.PROT_READ);
        assertEquals(exec, committedKb(k), "an unwritten anonymous mapping drops its charge with PROT_WRITE");
        long brk = t.mm().brk;
        Brk.brk(t.mm(), t.limits(), brk + 3 * MB);
        assertEquals(exec + 3072, committedKb(k));
        long a = mmap(t, MB, RW, PRIVATE_ANON);
        Mremap.mremap(t.mm(), t.limits(), a, MB, 3 * MB, Mman.MREMAP_MAYMOVE, 0);
        assertEquals(exec + 6144, committedKb(k));
    }

    @Test
    void modeZeroRefusesOneRequestLargerThanRamPlusSwap() {
        Kernel k = boot();
        Task t = k.processes.spawn("t", 0);
        long exec = committedKb(k); // the program's data, bss and stack
        long ram = k.zones.totalramPages() << 12;
        KernelError e = assertThrows(KernelError.class, () -> mmap(t, ram + 4096, RW, PRIVATE_ANON));
        assertEquals(Errno.ENOMEM, e.errno);
        assertTrue(k.printk.dmesg().contains("__vm_enough_memory: pid: 1, comm: mmsim, bytes: " + (ram + 4096)
                + " not enough memory for the allocation"));
        mmap(t, ram, RW, PRIVATE_ANON);
        mmap(t, ram, RW, PRIVATE_ANON);
        assertEquals(exec + 2 * (ram >> 10), committedKb(k), "mode 0 lets the total exceed RAM");
        mmap(t, 4 * ram, RW, PRIVATE_ANON | Mman.MAP_NORESERVE);
        k.sysctl.get("vm.overcommit_memory").write("1");
        mmap(t, 4 * ram, RW, PRIVATE_ANON);
    }

    @Test
    void modeTwoRefusesPastCommitLimitLessTheUserReserve() {
        Kernel k = boot();
        Task t = k.processes.spawn("t", 0);
        k.sysctl.get("vm.overcommit_memory").write("2");
        long limit = k.overcommit.commitLimit();
        assertEquals(k.zones.totalramPages() * 50 / 100, limit);
        long a = mmap(t, (limit / 2) << 12, RW, PRIVATE_ANON);
        // total_vm/32 of the caller is kept back (user_reserve_kbytes caps it).
        long reserve = Math.min(t.mm().totalVm() / 32, Long.parseLong(k.sysctl.get("vm.user_reserve_kbytes").read()
                .trim()) / 4);
        long room = limit - reserve - k.overcommit.committed();
        assertThrows(KernelError.class, () -> mmap(t, room << 12, RW, PRIVATE_ANON));
        mmap(t, (room - 1) << 12, RW, PRIVATE_ANON);
        assertThrows(KernelError.class, () -> mmap(t, 4096, RW, PRIVATE_ANON | Mman.MAP_NORESERVE),
                "mode 2 ignores MAP_NORESERVE");
        long brk = t.mm().brk;
        assertEquals(brk, Brk.brk(t.mm(), t.limits(), brk + MB), "a refused brk leaves the break");
        assertThrows(KernelError.class, () -> k.processes.fork(t));
        assertEquals(1, k.processes.all().size(), "a refused fork leaves no child");
        long before = k.overcommit.committed();
        Munmap.munmap(t.mm(), a, MB);
        assertEquals(before - 256, k.overcommit.committed());
    }

    @Test
    void ratioAndKbytesExcludeEachOtherAndReservesFollowInitFormulas() {
        Kernel k = boot();
        assertEquals("8192\n", k.sysctl.get("vm.admin_reserve_kbytes").read(), "min(free/32, 8 MiB)");
        long user = Long.parseLong(k.sysctl.get("vm.user_reserve_kbytes").read().trim());
        assertTrue(user > 8192 && user < 131072, "1/32 of a 512M machine's free memory: " + user);
        k.sysctl.get("vm.overcommit_kbytes").write("1048576");
        assertEquals("0\n", k.sysctl.get("vm.overcommit_ratio").read());
        assertEquals(262144, k.overcommit.commitLimit());
        k.sysctl.get("vm.overcommit_ratio").write("80");
        assertEquals("0\n", k.sysctl.get("vm.overcommit_kbytes").read());
        assertEquals(k.zones.totalramPages() * 80 / 100, k.overcommit.commitLimit());
        assertThrows(KernelError.class, () -> k.sysctl.get("vm.overcommit_memory").write("3"));
        assertThrows(KernelError.class, () -> k.sysctl.get("vm.overcommit_kbytes").write("-1"));
    }

    /** vm_commit_limit() with the host's own MemTotal, hugetlb pool, swap and sysctls gives its CommitLimit. */
    @Test
    void commitLimitFormulaMatchesTheHost() throws Exception {
        Path meminfo = Path.of("/proc/meminfo");
        assumeTrue(Files.isReadable(meminfo));
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(meminfo)) {
            String[] f = line.split(":\\s+");
            m.put(f[0], Long.parseLong(f[1].replace(" kB", "").trim()));
        }
        long ratio = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/overcommit_ratio")).get(0).trim());
        long kbytes = Long.parseLong(Files.readAllLines(Path.of("/proc/sys/vm/overcommit_kbytes")).get(0).trim());
        Overcommit o = new Overcommit(() -> m.get("MemTotal") / 4 - m.get("Hugetlb") / 4, 0, null, null);
        o.setTotalSwapPages(() -> m.get("SwapTotal") / 4);
        org.mmsim.sim.Sysctl sysctl = new org.mmsim.sim.Sysctl();
        o.registerSysctls(sysctl);
        if (kbytes != 0) {
            sysctl.get("vm.overcommit_kbytes").write(Long.toString(kbytes));
        } else {
            sysctl.get("vm.overcommit_ratio").write(Long.toString(ratio));
        }
        assertEquals(m.get("CommitLimit").longValue(), o.commitLimit() * 4);
    }
}
