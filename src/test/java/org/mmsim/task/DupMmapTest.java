package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mlock;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;

class DupMmapTest {
    @Test
    void childGetsCountersWithoutDontcopyAndUnlockedCopies() {
        TaskFixture f = new TaskFixture();
        Task p = f.task();
        long a = TaskFixture.mmap(p, 64 << 10, TaskFixture.RW, TaskFixture.ANON);
        long b = TaskFixture.mmap(p, 32 << 10, TaskFixture.RW, TaskFixture.ANON);
        Mlock.mlock(p.mm(), p.limits(), a, 64 << 10);
        Madvise.madvise(p.mm(), b, 32 << 10, Mman.MADV_DONTFORK);
        Mlock.mlockall(p.mm(), p.limits(), Mman.MCL_FUTURE);
        Task c = f.fork(p);
        assertEquals(p.mm().totalVm() - 8, c.mm().totalVm());
        assertEquals(p.mm().dataVm() - 8, c.mm().dataVm());
        assertEquals(0, c.mm().lockedVm());
        assertEquals(0, c.mm().defFlags() & VmFlags.VM_LOCKED, "MCL_FUTURE is not inherited");
        Vma cv = c.mm().vmaLookup(a);
        assertEquals(0, cv.flags() & VmFlags.VM_LOCKED_MASK);
        assertEquals(p.mm().vmaLookup(a).pgoff(), cv.pgoff());
        assertNull(c.mm().vmaLookup(b));
        assertEquals(16, c.rssPages(), "the locked pages were populated in the parent and copied");
        assertEquals(p.mm().mapCount() - 1, c.mm().mapCount());
    }
}
