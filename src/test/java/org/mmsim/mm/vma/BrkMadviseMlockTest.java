package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsim.mm.vma.VmaTestSupport.PAGE;
import static org.mmsim.mm.vma.VmaTestSupport.RW;
import static org.mmsim.mm.vma.VmaTestSupport.anon;
import static org.mmsim.mm.vma.VmaTestSupport.assertErrno;
import static org.mmsim.mm.vma.VmaTestSupport.assertRefused;
import static org.mmsim.mm.vma.VmaTestSupport.fixed;
import static org.mmsim.mm.vma.VmaTestSupport.newMm;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;

class BrkMadviseMlockTest {
    private static final TaskLimits LIM = TaskLimits.defaults();
    private static final long HEAP = 0x555555559000L;

    private static MmStruct withHeap() {
        MmStruct mm = newMm();
        mm.startData = HEAP - 2 * PAGE;
        mm.endData = HEAP - PAGE;
        mm.startBrk = HEAP;
        mm.brk = HEAP;
        return mm;
    }

    @Test
    void brkGrowsShrinksAndNamesTheHeap() {
        MmStruct mm = withHeap();
        assertEquals(HEAP + 100, Brk.brk(mm, LIM, HEAP + 100));
        assertEquals(1, mm.mapCount());
        assertEquals("[heap]", mm.mapsName(mm.vmaLookup(HEAP)));
        assertEquals(HEAP + 5 * PAGE, Brk.brk(mm, LIM, HEAP + 5 * PAGE));
        assertEquals(1, mm.mapCount());
        assertEquals(5, mm.dataVm());
        assertEquals(HEAP + PAGE, Brk.brk(mm, LIM, HEAP + PAGE));
        assertEquals(1, mm.totalVm());
        assertEquals(HEAP + PAGE, Brk.brk(mm, LIM, HEAP - PAGE));
        assertEquals(HEAP + PAGE, Brk.brk(mm, LIM, 0));
        assertEquals(HEAP + PAGE - 1, Brk.brk(mm, LIM, HEAP + PAGE - 1));
    }

    @Test
    void brkStopsBeforeTheNextMappingAndItsGuardGap() {
        MmStruct mm = withHeap();
        fixed(mm, HEAP + 8 * PAGE, PAGE, RW);
        String before = mm.snapshot();
        assertEquals(HEAP, Brk.brk(mm, LIM, HEAP + 8 * PAGE));
        assertEquals(before, mm.snapshot());
        assertEquals(HEAP + 7 * PAGE, Brk.brk(mm, LIM, HEAP + 7 * PAGE));
        Mmap.mmap(mm, LIM, HEAP + 300 * PAGE, PAGE, RW, VmaTestSupport.ANON | Mman.MAP_FIXED | Mman.MAP_GROWSDOWN,
                null, 0);
        Munmap.munmap(mm, HEAP + 8 * PAGE, PAGE);
        assertEquals(HEAP + 7 * PAGE, Brk.brk(mm, LIM, HEAP + 50 * PAGE));
        assertEquals(HEAP + 43 * PAGE, Brk.brk(mm, LIM, HEAP + 43 * PAGE));
        assertEquals(HEAP + 43 * PAGE, Brk.brk(mm, LIM.withData(10 * PAGE), HEAP + 44 * PAGE));
    }

    @Test
    void madviseFlagAdviceSplitsAndMerges() {
        MmStruct mm = newMm();
        long a = anon(mm, 4 * PAGE, RW);
        Madvise.madvise(mm, a + PAGE, PAGE, Mman.MADV_DONTFORK);
        assertEquals(3, mm.mapCount());
        Madvise.madvise(mm, a + PAGE, PAGE, Mman.MADV_DOFORK);
        assertEquals(1, mm.mapCount());
        Madvise.madvise(mm, a, 4 * PAGE, Mman.MADV_SEQUENTIAL);
        assertEquals(VmFlags.VM_SEQ_READ, mm.vmaLookup(a).flags() & (VmFlags.VM_SEQ_READ | VmFlags.VM_RAND_READ));
        Madvise.madvise(mm, a, 4 * PAGE, Mman.MADV_RANDOM);
        assertEquals(VmFlags.VM_RAND_READ, mm.vmaLookup(a).flags() & (VmFlags.VM_SEQ_READ | VmFlags.VM_RAND_READ));
        Madvise.madvise(mm, a, PAGE, Mman.MADV_HUGEPAGE);
        assertEquals(2, mm.mapCount());
        Madvise.madvise(mm, a, 4 * PAGE, Mman.MADV_NORMAL);
        assertEquals(2, mm.mapCount());
    }

    @Test
    void madviseHolesApplyThenReportEnomem() {
        VmaTestSupport.Recorder rec = new VmaTestSupport.Recorder();
        MmStruct mm = newMm(rec);
        long a = anon(mm, 3 * PAGE, RW);
        Munmap.munmap(mm, a + PAGE, PAGE);
        rec.calls.clear();
        assertErrno(Errno.ENOMEM, () -> Madvise.madvise(mm, a, 3 * PAGE, Mman.MADV_DONTFORK));
        assertTrue((mm.vmaLookup(a).flags() & VmFlags.VM_DONTCOPY) != 0);
        assertTrue((mm.vmaLookup(a + 2 * PAGE).flags() & VmFlags.VM_DONTCOPY) != 0);
        assertErrno(Errno.ENOMEM, () -> Madvise.madvise(mm, a, 3 * PAGE, Mman.MADV_DONTNEED));
        assertEquals(2, rec.calls.stream().filter(c -> c.startsWith("advised 4")).count());
        assertErrno(Errno.ENOMEM, () -> Madvise.madvise(mm, 0x10000, PAGE, Mman.MADV_NORMAL));
    }

    @Test
    void madviseErrnoTable() {
        MmStruct mm = newMm();
        long a = anon(mm, 2 * PAGE, RW);
        long locked = Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, VmaTestSupport.ANON | Mman.MAP_LOCKED, null, 0);
        long none = anon(mm, PAGE, Mman.PROT_NONE);
        VmFile f = new VmFile("/f", 5, true, true, false);
        long file = Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE, f, 0);
        long shared = Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, a, PAGE, 5));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, a + 1, PAGE, Mman.MADV_NORMAL));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, a, -1, Mman.MADV_NORMAL));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, locked, PAGE, Mman.MADV_DONTNEED));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, locked, PAGE, Mman.MADV_PAGEOUT));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, file, PAGE, Mman.MADV_FREE));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, shared, PAGE, Mman.MADV_FREE));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, shared, PAGE, Mman.MADV_WIPEONFORK));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, a, PAGE, Mman.MADV_REMOVE));
        assertRefused(mm, Errno.EACCES, () -> Madvise.madvise(mm, file, PAGE, Mman.MADV_REMOVE));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, none, PAGE, Mman.MADV_POPULATE_READ));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.madvise(mm, file, PAGE, Mman.MADV_POPULATE_WRITE));
        assertRefused(mm, Errno.ENOMEM, () -> Madvise.madvise(mm, 0x10000, PAGE, Mman.MADV_POPULATE_READ));
        Madvise.madvise(mm, locked, PAGE, Mman.MADV_DONTNEED_LOCKED);
        Madvise.madvise(mm, shared, PAGE, Mman.MADV_REMOVE);
        Madvise.madvise(mm, a, 0, Mman.MADV_NORMAL);
        Madvise.madvise(mm, shared, PAGE, Mman.MADV_MERGEABLE);
        assertEquals(0, mm.vmaLookup(shared).flags() & VmFlags.VM_MERGEABLE);
    }

    @Test
    void anonNamesSplitMergeAndShowInMaps() {
        MmStruct mm = newMm();
        long a = anon(mm, 4 * PAGE, RW);
        Madvise.setAnonName(mm, a + PAGE, PAGE, "buf");
        assertEquals(3, mm.mapCount());
        assertEquals("[anon:buf]", mm.mapsName(mm.vmaLookup(a + PAGE)));
        Madvise.setAnonName(mm, a + 2 * PAGE, PAGE, "buf");
        assertEquals(3, mm.mapCount());
        Madvise.setAnonName(mm, a, 4 * PAGE, null);
        assertEquals(1, mm.mapCount());
        long s = Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        Madvise.setAnonName(mm, s, PAGE, "shm");
        assertEquals("[anon_shmem:shm]", mm.mapsName(mm.vmaLookup(s)));
        long f = Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE, new VmFile("/f", 9, true, false,
                false), 0);
        assertRefused(mm, Errno.EBADF, () -> Madvise.setAnonName(mm, f, PAGE, "x"));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.setAnonName(mm, a, PAGE, "a[1]"));
        assertRefused(mm, Errno.EINVAL, () -> Madvise.setAnonName(mm, a, PAGE, "x".repeat(80)));
        Madvise.setAnonName(mm, a, PAGE, "x".repeat(79));
        mm.setMaxMapCount(mm.mapCount());
        assertRefused(mm, Errno.EAGAIN, () -> Madvise.setAnonName(mm, a + 2 * PAGE, PAGE, "y"));
        mm.setMaxMapCount(MmStruct.DEFAULT_MAX_MAP_COUNT);
        Munmap.munmap(mm, a + 2 * PAGE, PAGE);
        assertErrno(Errno.ENOMEM, () -> Madvise.setAnonName(mm, a + PAGE, 3 * PAGE, "z"));
        assertEquals("[anon:z]", mm.mapsName(mm.vmaLookup(a + 3 * PAGE)));
    }

    @Test
    void mlockAccountingAndLimits() {
        MmStruct mm = newMm();
        long a = anon(mm, 4 * PAGE, RW);
        Mlock.mlock(mm, LIM, a + PAGE + 100, PAGE);
        assertEquals(3, mm.mapCount());
        assertEquals(2, mm.lockedVm());
        Mlock.mlock2(mm, LIM, a, 4 * PAGE, Mman.MLOCK_ONFAULT);
        assertEquals(1, mm.mapCount());
        assertEquals(4, mm.lockedVm());
        assertEquals(VmFlags.VM_LOCKED | VmFlags.VM_LOCKONFAULT, mm.vmaLookup(a).flags() & VmFlags.VM_LOCKED_MASK);
        Mlock.munlock(mm, a, 4 * PAGE);
        assertEquals(0, mm.lockedVm());
        TaskLimits two = LIM.withMemlock(2 * PAGE, false);
        Mlock.mlock(mm, two, a, 2 * PAGE);
        // Already-locked pages are not charged again.
        Mlock.mlock(mm, two, a, 2 * PAGE);
        assertRefused(mm, Errno.ENOMEM, () -> Mlock.mlock(mm, two, a, 3 * PAGE));
        Mlock.mlock(mm, LIM.withMemlock(0, true), a, 4 * PAGE);
        assertRefused(mm, Errno.EPERM, () -> Mlock.mlock(mm, LIM.withMemlock(0, false), a, PAGE));
        assertRefused(mm, Errno.EINVAL, () -> Mlock.mlock2(mm, LIM, a, PAGE, 2));
        Munmap.munmap(mm, a + PAGE, PAGE);
        assertEquals(3, mm.lockedVm());
        assertRefused(mm, Errno.ENOMEM, () -> Mlock.munlock(mm, a, 3 * PAGE));
        assertRefused(mm, Errno.ENOMEM, () -> Mlock.mlock(mm, LIM, 0x10000, PAGE));
    }

    @Test
    void mlockallCurrentAndFuture() {
        MmStruct mm = withHeap();
        long a = anon(mm, 2 * PAGE, RW);
        assertRefused(mm, Errno.EINVAL, () -> Mlock.mlockall(mm, LIM, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mlock.mlockall(mm, LIM, Mman.MCL_ONFAULT));
        assertRefused(mm, Errno.EINVAL, () -> Mlock.mlockall(mm, LIM, 8));
        assertRefused(mm, Errno.EPERM, () -> Mlock.mlockall(mm, LIM.withMemlock(0, false), Mman.MCL_CURRENT));
        assertRefused(mm, Errno.ENOMEM, () -> Mlock.mlockall(mm, LIM.withMemlock(PAGE, false), Mman.MCL_CURRENT));
        Mlock.mlockall(mm, LIM, Mman.MCL_CURRENT | Mman.MCL_FUTURE);
        assertEquals(2, mm.lockedVm());
        assertEquals(VmFlags.VM_LOCKED, mm.defFlags());
        long b = anon(mm, PAGE, RW);
        assertTrue((mm.vmaLookup(b).flags() & VmFlags.VM_LOCKED) != 0);
        assertEquals(1, mm.mapCount());
        Brk.brk(mm, LIM, HEAP + PAGE);
        assertEquals(4, mm.lockedVm());
        Mlock.munlockall(mm);
        assertEquals(0, mm.lockedVm());
        assertEquals(0, mm.defFlags());
        assertEquals(2, mm.mapCount());
        assertEquals(a - PAGE, b);
    }
}
