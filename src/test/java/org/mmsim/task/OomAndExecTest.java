package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.mm.vmstat.VmEvent;

class OomAndExecTest {
    @Test
    void runningOutOfMemoryFailsTheFaultAndExitReturnsEverything() {
        Kernel k = Kernel.boot(MachineSpec.uniform(64L << 20, 1, 1), 1);
        Task t = Task.create(k.user, 1, "hog", 0, new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false),
                TaskLimits.defaults());
        long len = 128L << 20;
        long a = Mmap.mmap(t.mm(), t.limits(), 0, len, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE, null, 0);
        long failedAt = t.touch(a, len, Fault.WRITE);
        assertTrue(failedAt > a, "some pages were allocated first");
        long pages = (failedAt - a) >>> 12;
        assertEquals(pages, t.rssPages());
        assertEquals(pages, t.faults.minflt, "the failed fault is not a min_flt");
        assertEquals(pages + 1, k.vmEvents[VmEvent.PGFAULT] - 0, "but it is a PGFAULT");
        assertEquals(Fault.OOM, t.access(failedAt, Fault.WRITE));
        Exit.exit(t);
        assertEquals(0, k.user.tables.inUse());
        assertEquals(0, k.zones.node(0).stats[org.mmsim.mm.vmstat.NodeStat.NR_ANON_PAGES]);
    }

    @Test
    void execNeedsVmExecAndMapsTheZeroPageExecutable() {
        TaskFixture f = new TaskFixture();
        Task t = f.task();
        long rx = TaskFixture.mmap(t, 8192, Mman.PROT_READ | Mman.PROT_EXEC, TaskFixture.ANON);
        long rw = TaskFixture.mmap(t, 8192, TaskFixture.RW, TaskFixture.ANON);
        assertEquals(Fault.MINOR, t.access(rx, Fault.EXEC));
        assertEquals(0, t.pageTable().walk(rx) & Pte.NX);
        assertEquals(Fault.NOFAULT, t.access(rx, Fault.READ));
        assertEquals(Fault.SIGSEGV, t.access(rw, Fault.EXEC));
        t.access(rw, Fault.WRITE);
        assertEquals(Pte.NX, t.pageTable().walk(rw) & Pte.NX);
        long wo = TaskFixture.mmap(t, 4096, Mman.PROT_WRITE, TaskFixture.ANON);
        assertEquals(Fault.MINOR, t.access(wo, Fault.READ), "x86 lets a write-only mapping be read");
    }
}
