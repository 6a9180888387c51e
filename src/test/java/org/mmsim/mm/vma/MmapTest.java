package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsim.mm.vma.VmaTestSupport.ANON;
import static org.mmsim.mm.vma.VmaTestSupport.PAGE;
import static org.mmsim.mm.vma.VmaTestSupport.RW;
import static org.mmsim.mm.vma.VmaTestSupport.anon;
import static org.mmsim.mm.vma.VmaTestSupport.assertRefused;
import static org.mmsim.mm.vma.VmaTestSupport.fixed;
import static org.mmsim.mm.vma.VmaTestSupport.layout;
import static org.mmsim.mm.vma.VmaTestSupport.newMm;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;

class MmapTest {
    private static final TaskLimits LIM = TaskLimits.defaults();
    private final VmFile rw = new VmFile("/data/rw", 11, true, true, false);
    private final VmFile ro = new VmFile("/data/ro", 12, true, false, false);

    @Test
    void firstAnonymousMappingSitsJustBelowMmapBase() {
        MmStruct mm = newMm();
        long a = anon(mm, 1, RW);
        assertEquals(0x7ffff7ffe000L, a);
        Vma v = mm.vmaLookup(a);
        assertEquals(a >>> 12, v.pgoff());
        assertEquals(VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_MAYREAD | VmFlags.VM_MAYWRITE
                | VmFlags.VM_MAYEXEC | VmFlags.VM_ACCOUNT | VmFlags.VM_SOFTDIRTY, v.flags());
        assertEquals(1, mm.totalVm());
        assertEquals(1, mm.dataVm());
    }

    @Test
    void adjacentAnonymousMappingsMerge() {
        MmStruct mm = newMm();
        long a = anon(mm, PAGE, RW);
        long b = anon(mm, 3 * PAGE, RW);
        assertEquals(a - 3 * PAGE, b);
        assertEquals(1, mm.mapCount());
        assertEquals(4, mm.totalVm());
        long c = anon(mm, PAGE, Mman.PROT_READ);
        assertEquals(2, mm.mapCount());
        assertEquals(b - PAGE, c);
    }

    @Test
    void twoMegabyteMultiplesArePmdAligned() {
        MmStruct mm = newMm();
        long small = anon(mm, PAGE, Mman.PROT_READ);
        long big = anon(mm, 2L << 20, Mman.PROT_READ);
        assertEquals(0, big & ((2L << 20) - 1));
        assertTrue(big + (2L << 20) <= small);
        long odd = anon(mm, 3L << 20, Mman.PROT_READ);
        assertEquals(big - (3L << 20), odd);
    }

    @Test
    void hintsAreHonouredWhenFreeAndRaisedToMmapMinAddr() {
        MmStruct mm = newMm();
        assertEquals(0x10000, Mmap.mmap(mm, LIM, 0x1000, PAGE, RW, ANON, null, 0));
        assertEquals(0x40000000L, Mmap.mmap(mm, LIM, 0x40000123L, PAGE, RW, ANON, null, 0));
        long taken = Mmap.mmap(mm, LIM, 0x40000000L, PAGE, RW, ANON, null, 0);
        assertEquals(0x7ffff7ffe000L, taken);
    }

    @Test
    void mapFixedReplacesTheMiddleOfAMapping() {
        MmStruct mm = newMm();
        long a = anon(mm, 3 * PAGE, RW);
        fixed(mm, a + PAGE, PAGE, RW);
        assertEquals(1, mm.mapCount());
        fixed(mm, a + PAGE, PAGE, Mman.PROT_READ);
        assertEquals(3, mm.mapCount());
        assertEquals(3, mm.totalVm());
        assertEquals(2, mm.dataVm());
        assertEquals(Long.toHexString(a) + "-" + Long.toHexString(a + PAGE) + " rw-p;"
                + Long.toHexString(a + PAGE) + "-" + Long.toHexString(a + 2 * PAGE) + " r--p;"
                + Long.toHexString(a + 2 * PAGE) + "-" + Long.toHexString(a + 3 * PAGE) + " rw-p;", layout(mm));
    }

    @Test
    void fileMappingsMergeOnlyWithContiguousOffsets() {
        MmStruct mm = newMm();
        long x = 0x500000000L;
        int fl = Mman.MAP_PRIVATE | Mman.MAP_FIXED;
        Mmap.mmap(mm, LIM, x, 2 * PAGE, Mman.PROT_READ, fl, rw, 0);
        Mmap.mmap(mm, LIM, x + 2 * PAGE, 2 * PAGE, Mman.PROT_READ, fl, rw, 2 * PAGE);
        assertEquals(1, mm.mapCount());
        Mmap.mmap(mm, LIM, x + 4 * PAGE, PAGE, Mman.PROT_READ, fl, rw, 9 * PAGE);
        assertEquals(2, mm.mapCount());
        VmFile other = new VmFile("/data/rw", 11, true, true, false);
        Mmap.mmap(mm, LIM, x + 5 * PAGE, PAGE, Mman.PROT_READ, fl, other, 10 * PAGE);
        assertEquals(3, mm.mapCount());
    }

    @Test
    void sharedMappingOfReadOnlyFileLosesMayWriteButKeepsMayShare() {
        MmStruct mm = newMm();
        long a = Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, Mman.MAP_SHARED, ro, 0);
        Vma v = mm.vmaLookup(a);
        assertEquals(0, v.flags() & (VmFlags.VM_MAYWRITE | VmFlags.VM_SHARED));
        assertEquals("r--s", VmFlags.permString(v.flags()));
        assertRefused(mm, Errno.EACCES, () -> Mprotect.mprotect(mm, LIM, a, PAGE, RW));
        long p = Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE, ro, 0);
        Mprotect.mprotect(mm, LIM, p, PAGE, RW);
    }

    @Test
    void sharedAnonymousMappingsEachGetTheirOwnShmemFile() {
        MmStruct mm = newMm();
        long a = anon(mm, PAGE, RW);
        long s1 = Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        long s2 = Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        assertEquals(a - PAGE, s1);
        assertEquals(3, mm.mapCount());
        assertEquals(0, mm.vmaLookup(s2).pgoff());
        assertEquals("/dev/zero (deleted)", mm.mapsName(mm.vmaLookup(s2)));
        assertEquals(0, mm.dataVm() - 1);
    }

    @Test
    void errnoTable() {
        MmStruct mm = newMm();
        long a = anon(mm, 4 * PAGE, RW);
        TaskLimits noLock = LIM.withMemlock(0, false);
        VmFile unreadable = new VmFile("/w", 3, false, true, false);
        VmFile noexec = new VmFile("/mnt/x", 4, true, false, true);
        Object[][] table = {
            {Errno.EINVAL, (Runnable) () -> anon(mm, 0, RW)},
            {Errno.EINVAL, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW, ANON, null, 1)},
            {Errno.EINVAL, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_ANONYMOUS, null, 0)},
            {Errno.EINVAL, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_ANONYMOUS | 0xf, null, 0)},
            {Errno.EINVAL, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW,
                    Mman.MAP_SHARED_VALIDATE | Mman.MAP_ANONYMOUS, null, 0)},
            {Errno.EINVAL, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW,
                    Mman.MAP_SHARED | Mman.MAP_ANONYMOUS | Mman.MAP_GROWSDOWN, null, 0)},
            {Errno.EINVAL, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ,
                    Mman.MAP_PRIVATE | Mman.MAP_GROWSDOWN, rw, 0)},
            {Errno.EINVAL, (Runnable) () -> Mmap.mmap(mm, LIM, 0x10001, PAGE, RW, ANON | Mman.MAP_FIXED, null, 0)},
            {Errno.EBADF, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_PRIVATE, null, 0)},
            {Errno.EOPNOTSUPP, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ,
                    Mman.MAP_SHARED_VALIDATE | 0x1000000, rw, 0)},
            {Errno.EOPNOTSUPP, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ,
                    Mman.MAP_SHARED_VALIDATE | Mman.MAP_SYNC, rw, 0)},
            {Errno.EOPNOTSUPP, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ,
                    Mman.MAP_SHARED | Mman.MAP_SYNC, rw, 0)},
            {Errno.EOPNOTSUPP, (Runnable) () -> Mmap.mmap(mm, LIM, 0x300000000L, PAGE, Mman.PROT_READ,
                    Mman.MAP_SHARED_VALIDATE | Mman.MAP_FIXED_NOREPLACE, rw, 0)},
            {Errno.EACCES, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW, Mman.MAP_SHARED, ro, 0)},
            {Errno.EACCES, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, Mman.MAP_PRIVATE,
                    unreadable, 0)},
            {Errno.EPERM, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_EXEC, Mman.MAP_PRIVATE, noexec, 0)},
            {Errno.EEXIST, (Runnable) () -> Mmap.mmap(mm, LIM, a + PAGE, PAGE, RW, ANON | Mman.MAP_FIXED_NOREPLACE,
                    null, 0)},
            {Errno.EPERM, (Runnable) () -> Mmap.mmap(mm, noLock, 0, PAGE, RW, ANON | Mman.MAP_LOCKED, null, 0)},
            {Errno.EAGAIN, (Runnable) () -> Mmap.mmap(mm, LIM, 0, 9L << 20, RW, ANON | Mman.MAP_LOCKED, null, 0)},
            {Errno.ENOMEM, (Runnable) () -> anon(mm, -PAGE, RW)},
            {Errno.ENOMEM, (Runnable) () -> anon(mm, 1L << 47, RW)},
            {Errno.ENOMEM, (Runnable) () -> Mmap.mmap(mm, LIM.withAs(8 * PAGE), 0, 8 * PAGE, RW, ANON, null, 0)},
            {Errno.ENOMEM, (Runnable) () -> Mmap.mmap(mm, LIM.withData(6 * PAGE), 0, 4 * PAGE, RW, ANON, null, 0)},
            {Errno.ENOMEM, (Runnable) () -> Mmap.mmap(mm, LIM, 0, PAGE, RW, ANON | Mman.MAP_HUGETLB, null, 0)},
        };
        for (int i = 0; i < table.length; i++) {
            try {
                assertRefused(mm, (Errno) table[i][0], (Runnable) table[i][1]);
            } catch (AssertionError e) {
                throw new AssertionError("row " + i, e);
            }
        }
        // Unknown flags are ignored by MAP_PRIVATE and legacy MAP_SHARED.
        Mmap.mmap(mm, LIM, 0, PAGE, RW, ANON | 0x1000000, null, 0);
        Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, Mman.MAP_SHARED | 0x1000000, rw, 0);
        // A read-only data mapping is not data: RLIMIT_DATA does not apply.
        Mmap.mmap(mm, LIM.withData(0), 0, PAGE, Mman.PROT_READ, ANON, null, 0);
        Mmap.mmap(mm, LIM.withMemlock(0, true), 0, PAGE, RW, ANON | Mman.MAP_LOCKED, null, 0);
    }

    @Test
    void mapCountLimit() {
        MmStruct mm = newMm();
        mm.setMaxMapCount(3);
        for (int i = 0; i < 4; i++) {
            anon(mm, PAGE, i % 2 == 0 ? RW : Mman.PROT_READ);
        }
        assertEquals(4, mm.mapCount());
        assertRefused(mm, Errno.ENOMEM, () -> anon(mm, PAGE, RW));
    }

    @Test
    void populateAndLockedCallouts() {
        VmaTestSupport.Recorder rec = new VmaTestSupport.Recorder();
        MmStruct mm = newMm(rec);
        long a = Mmap.mmap(mm, LIM, 0, 2 * PAGE, RW, ANON | Mman.MAP_POPULATE, null, 0);
        assertEquals("populate " + Long.toHexString(a) + "-" + Long.toHexString(a + 2 * PAGE), rec.calls.get(0));
        Mmap.mmap(mm, LIM, 0, PAGE, RW, ANON | Mman.MAP_POPULATE | Mman.MAP_NONBLOCK, null, 0);
        assertEquals(1, rec.calls.size());
        long l = Mmap.mmap(mm, LIM, 0, 2 * PAGE, RW, ANON | Mman.MAP_LOCKED, null, 0);
        assertEquals(2, mm.lockedVm());
        assertTrue((mm.vmaLookup(l).flags() & VmFlags.VM_LOCKED) != 0);
        assertEquals(2, rec.calls.size());
    }

    @Test
    void munmapSplitsAndReportsTheUnmappedPart() {
        VmaTestSupport.Recorder rec = new VmaTestSupport.Recorder();
        MmStruct mm = newMm(rec);
        long a = anon(mm, 4 * PAGE, RW);
        Munmap.munmap(mm, a + PAGE, 2 * PAGE);
        assertEquals(2, mm.mapCount());
        assertEquals(2, mm.totalVm());
        assertEquals("unmapped " + Long.toHexString(a + PAGE) + "-" + Long.toHexString(a + 3 * PAGE), rec.calls.get(0));
        assertNull(mm.vmaLookup(a + PAGE));
        Munmap.munmap(mm, 0x10000, PAGE);
        VmaTestSupport.assertErrno(Errno.EINVAL, () -> Munmap.munmap(mm, a, 0));
        VmaTestSupport.assertErrno(Errno.EINVAL, () -> Munmap.munmap(mm, a + 1, PAGE));
        VmaTestSupport.assertErrno(Errno.EINVAL, () -> Munmap.munmap(mm, MmStruct.TASK_SIZE + PAGE, PAGE));
        mm.setMaxMapCount(2);
        long b = anon(mm, 3 * PAGE, Mman.PROT_READ);
        assertRefused(mm, Errno.ENOMEM, () -> Munmap.munmap(mm, b + PAGE, PAGE));
        Munmap.munmap(mm, b, PAGE);
    }
}
