package org.mmsim.kernel;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProcessesTest {
    private static Kernel boot(long seed) {
        return Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), seed);
    }

    @Test
    void pidsIncreaseAndExitedTasksLeaveTheTable() {
        Kernel k = boot(0);
        Task a = k.processes.spawn("a", 0);
        Task b = k.processes.fork(a);
        assertEquals(Processes.FIRST_USER_PID, a.pid);
        assertEquals(a.pid + 1, b.pid);
        assertEquals(a, b.parent);
        k.processes.exit(b);
        assertNull(k.processes.byPid(b.pid));
        assertThrows(KernelError.class, () -> k.processes.exit(b));
        assertEquals(a.pid + 2, k.processes.spawn("c", 0).pid, "pids are not reused");
    }

    @Test
    void mmapBaseIsRandomizedPerSeedUnlessDisabled() {
        long first = boot(1).processes.spawn("a", 0).mm().mmapBase;
        assertEquals(first, boot(1).processes.spawn("a", 0).mm().mmapBase, "same seed, same layout");
        assertNotEquals(first, boot(2).processes.spawn("a", 0).mm().mmapBase);
        Kernel k = boot(3);
        k.sysctl.get("kernel.randomize_va_space").write("0");
        // Without randomization the stack gap (8 MiB rlimit + guard gap) is raised to mmap_base's 128 MiB
        // minimum: 0x7ffff7fff000, where setarch -R puts the first mmap on x86-64.
        assertEquals(0x7ffff7fff000L, k.processes.spawn("a", 0).mm().mmapBase);
    }
}
