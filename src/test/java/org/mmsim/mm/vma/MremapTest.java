package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsim.mm.vma.VmaTestSupport.PAGE;
import static org.mmsim.mm.vma.VmaTestSupport.RW;
import static org.mmsim.mm.vma.VmaTestSupport.anon;
import static org.mmsim.mm.vma.VmaTestSupport.assertRefused;
import static org.mmsim.mm.vma.VmaTestSupport.fixed;
import static org.mmsim.mm.vma.VmaTestSupport.newMm;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;

class MremapTest {
    private static final TaskLimits LIM = TaskLimits.defaults();
    private static final long X = 0x600000000L;

    @Test
    void growsInPlaceAndAbsorbsAMatchingNextVma() {
        MmStruct mm = newMm();
        fixed(mm, X, 2 * PAGE, RW);
        fixed(mm, X + 4 * PAGE, 2 * PAGE, RW);
        assertEquals(X, Mremap.mremap(mm, LIM, X, 2 * PAGE, 4 * PAGE, 0, 0));
        assertEquals(1, mm.mapCount());
        assertEquals(6, mm.totalVm());
    }

    @Test
    void growingIntoAnOccupiedRangeNeedsMayMove() {
        VmaTestSupport.Recorder rec = new VmaTestSupport.Recorder();
        MmStruct mm = newMm(rec);
        fixed(mm, X, 2 * PAGE, RW);
        fixed(mm, X + 2 * PAGE, PAGE, Mman.PROT_READ);
        assertRefused(mm, Errno.ENOMEM, () -> Mremap.mremap(mm, LIM, X, 2 * PAGE, 4 * PAGE, 0, 0));
        rec.calls.clear();
        long to = Mremap.mremap(mm, LIM, X, 2 * PAGE, 4 * PAGE, Mman.MREMAP_MAYMOVE, 0);
        assertEquals(0x7ffff7ffb000L, to);
        assertNull(mm.vmaLookup(X));
        assertEquals(to >>> 12, mm.vmaLookup(to).pgoff());
        assertEquals(5, mm.totalVm());
        assertEquals("moved 600000000-600002000 to 7ffff7ffb000", rec.calls.get(0));
        assertEquals("unmapped 600000000-600002000", rec.calls.get(1));
    }

    @Test
    void shrinkUnmapsTheTail() {
        MmStruct mm = newMm();
        fixed(mm, X, 4 * PAGE, RW);
        assertEquals(X, Mremap.mremap(mm, LIM, X, 4 * PAGE, PAGE, 0, 0));
        assertEquals(1, mm.totalVm());
        assertEquals(X, Mremap.mremap(mm, LIM, X, PAGE, PAGE, 0, 0));
    }

    @Test
    void fixedMoveOfPartOfAVmaKeepsAccountOnTheRemainder() {
        MmStruct mm = newMm();
        fixed(mm, X, 4 * PAGE, RW);
        mm.anonVmaPrepare(mm.vmaLookup(X));
        long to = Mremap.mremap(mm, LIM, X + PAGE, PAGE, PAGE, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED,
                X + 16 * PAGE);
        assertEquals(X + 16 * PAGE, to);
        assertEquals(3, mm.mapCount());
        for (Vma v : mm.vmas()) {
            assertEquals(VmFlags.VM_ACCOUNT, v.flags() & VmFlags.VM_ACCOUNT);
        }
        // A faulted VMA keeps its file offset: pgoff is not that of the new address.
        assertEquals((X + PAGE) >>> 12, mm.vmaLookup(to).pgoff());
        assertEquals(4, mm.totalVm());
    }

    @Test
    void unfaultedMoveMergesWithTheNewNeighbour() {
        MmStruct mm = newMm();
        fixed(mm, X, 2 * PAGE, Mman.PROT_READ);
        fixed(mm, X + 10 * PAGE, 2 * PAGE, Mman.PROT_READ);
        Mremap.mremap(mm, LIM, X + 10 * PAGE, 2 * PAGE, 2 * PAGE, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED,
                X + 2 * PAGE);
        assertEquals(1, mm.mapCount());
        assertEquals(4, mm.totalVm());
    }

    @Test
    void dontUnmapLeavesTheSourceAndClearsItsLock() {
        MmStruct mm = newMm();
        Mmap.mmap(mm, LIM, X, 2 * PAGE, RW, VmaTestSupport.ANON | Mman.MAP_FIXED | Mman.MAP_LOCKED, null, 0);
        long to = Mremap.mremap(mm, LIM, X, 2 * PAGE, 2 * PAGE, Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0);
        assertNotNull(mm.vmaLookup(X));
        assertEquals(0, mm.vmaLookup(X).flags() & VmFlags.VM_LOCKED);
        assertTrue((mm.vmaLookup(to).flags() & VmFlags.VM_LOCKED) != 0);
        assertEquals(4, mm.totalVm());
        assertEquals(2, mm.lockedVm());
    }

    @Test
    void fixedMoveSpanningVmasAndGapsKeepsTheGaps() {
        MmStruct mm = newMm();
        fixed(mm, X, 2 * PAGE, RW);
        Mprotect.mprotect(mm, LIM, X + PAGE, PAGE, Mman.PROT_NONE);
        fixed(mm, X + 4 * PAGE, PAGE, Mman.PROT_READ);
        long to = X + 64 * PAGE;
        fixed(mm, to + 2 * PAGE, PAGE, Mman.PROT_EXEC);
        assertEquals(to, Mremap.mremap(mm, LIM, X, 5 * PAGE, 5 * PAGE, Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, to));
        assertNull(mm.findVmaIntersection(X, X + 5 * PAGE));
        assertEquals("rw-p", VmFlags.permString(mm.vmaLookup(to).flags()));
        assertEquals("---p", VmFlags.permString(mm.vmaLookup(to + PAGE).flags()));
        // The gap between the sources is not unmapped at the destination.
        assertEquals("--xp", VmFlags.permString(mm.vmaLookup(to + 2 * PAGE).flags()));
        assertEquals("r--p", VmFlags.permString(mm.vmaLookup(to + 4 * PAGE).flags()));
        assertRefused(mm, Errno.EFAULT, () -> Mremap.mremap(mm, LIM, to - PAGE, 2 * PAGE, 2 * PAGE,
                Mman.MREMAP_MAYMOVE | Mman.MREMAP_FIXED, X));
    }

    @Test
    void errnoTable() {
        MmStruct mm = newMm();
        fixed(mm, X, 2 * PAGE, RW);
        fixed(mm, X + 2 * PAGE, 2 * PAGE, Mman.PROT_READ);
        int mv = Mman.MREMAP_MAYMOVE;
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, PAGE, PAGE, 8, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, PAGE, PAGE, Mman.MREMAP_FIXED, X + 9 * PAGE));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, PAGE, 2 * PAGE,
                mv | Mman.MREMAP_DONTUNMAP, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, PAGE, PAGE, Mman.MREMAP_DONTUNMAP, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X + 1, PAGE, PAGE, 0, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, PAGE, 0, 0, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, 0, PAGE, mv, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, PAGE, PAGE, mv | Mman.MREMAP_FIXED,
                X + 5));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, X, 2 * PAGE, 2 * PAGE,
                mv | Mman.MREMAP_FIXED, X + PAGE));
        assertRefused(mm, Errno.EFAULT, () -> Mremap.mremap(mm, LIM, X + 20 * PAGE, PAGE, 2 * PAGE, mv, 0));
        assertRefused(mm, Errno.EFAULT, () -> Mremap.mremap(mm, LIM, X, 3 * PAGE, 4 * PAGE, mv, 0));
        assertRefused(mm, Errno.ENOMEM, () -> Mremap.mremap(mm, LIM.withAs(5 * PAGE), X, 2 * PAGE, 4 * PAGE,
                mv, 0));
        TaskLimits small = LIM.withMemlock(3 * PAGE, false);
        long l = Mmap.mmap(mm, small, 0, 2 * PAGE, RW, VmaTestSupport.ANON | Mman.MAP_LOCKED, null, 0);
        assertRefused(mm, Errno.EAGAIN, () -> Mremap.mremap(mm, small, l, 2 * PAGE, 4 * PAGE, mv, 0));
        mm.setMaxMapCount(mm.mapCount() + 3);
        assertRefused(mm, Errno.ENOMEM, () -> Mremap.mremap(mm, LIM, X, PAGE, PAGE, mv | Mman.MREMAP_FIXED,
                X + 30 * PAGE));
    }

    @Test
    void dontUnmapCanLeaveMergeableNeighbours() {
        MmStruct mm = VmaTestSupport.newMm();
        TaskLimits lim = TaskLimits.defaults();
        VmaTestSupport.fixed(mm, X, PAGE, VmaTestSupport.RW);
        Mmap.mmap(mm, lim, X + PAGE, PAGE, VmaTestSupport.RW,
                VmaTestSupport.ANON | Mman.MAP_FIXED | Mman.MAP_LOCKED, null, 0);
        assertEquals(2, mm.mapCount());
        Mremap.mremap(mm, lim, X + PAGE, PAGE, PAGE, Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0);
        Vma low = mm.vmaLookup(X);
        Vma high = mm.vmaLookup(X + PAGE);
        assertTrue(low != high && VmaPropertyTest.mergeable(low, high));
    }
}
