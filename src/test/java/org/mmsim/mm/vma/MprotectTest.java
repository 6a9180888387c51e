package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mmsim.mm.vma.VmaTestSupport.PAGE;
import static org.mmsim.mm.vma.VmaTestSupport.RW;
import static org.mmsim.mm.vma.VmaTestSupport.anon;
import static org.mmsim.mm.vma.VmaTestSupport.assertRefused;
import static org.mmsim.mm.vma.VmaTestSupport.newMm;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;

class MprotectTest {
    private static final TaskLimits LIM = TaskLimits.defaults();

    @Test
    void middleOfAVmaSplitsInThreeAndRestoringMergesBack() {
        MmStruct mm = newMm();
        long a = anon(mm, 3 * PAGE, RW);
        Mprotect.mprotect(mm, LIM, a + PAGE, PAGE, Mman.PROT_READ);
        assertEquals(3, mm.mapCount());
        Vma mid = mm.vmaLookup(a + PAGE);
        assertEquals((a + PAGE) >>> 12, mid.pgoff());
        // Never written and no longer writable: the charge is dropped.
        assertEquals(0, mid.flags() & VmFlags.VM_ACCOUNT);
        assertEquals(2, mm.dataVm());
        Mprotect.mprotect(mm, LIM, a + PAGE, PAGE, RW);
        assertEquals(1, mm.mapCount());
        assertEquals(3, mm.dataVm());
        assertEquals(3, mm.totalVm());
    }

    @Test
    void edgeChangesMergeIntoTheNeighbour() {
        MmStruct mm = newMm();
        long a = anon(mm, 4 * PAGE, RW);
        Mprotect.mprotect(mm, LIM, a, 2 * PAGE, Mman.PROT_READ);
        Vma low = mm.vmaLookup(a);
        Mprotect.mprotect(mm, LIM, a + 2 * PAGE, PAGE, Mman.PROT_READ);
        assertEquals(2, mm.mapCount());
        assertSame(low, mm.vmaLookup(a + 2 * PAGE));
        assertEquals(a + 3 * PAGE, low.end());
        Mprotect.mprotect(mm, LIM, a + 3 * PAGE, PAGE, Mman.PROT_READ);
        assertEquals(1, mm.mapCount());
    }

    @Test
    void spanningSeveralVmasAndFaultedAnonVmaSharing() {
        MmStruct mm = newMm();
        long a = anon(mm, 4 * PAGE, RW);
        Vma v = mm.vmaLookup(a);
        mm.anonVmaPrepare(v);
        Mprotect.mprotect(mm, LIM, a + PAGE, PAGE, Mman.PROT_READ);
        // Faulted anon memory keeps its charge, so it can merge back.
        assertEquals(VmFlags.VM_ACCOUNT, mm.vmaLookup(a + PAGE).flags() & VmFlags.VM_ACCOUNT);
        Mprotect.mprotect(mm, LIM, a, 4 * PAGE, Mman.PROT_NONE);
        assertEquals(1, mm.mapCount());
        assertEquals(0, mm.dataVm());
        Mprotect.mprotect(mm, LIM, a, 4 * PAGE, RW);
        assertEquals(1, mm.mapCount());
    }

    @Test
    void growsDown() {
        MmStruct mm = newMm();
        long s = Mmap.mmap(mm, LIM, 0, 4 * PAGE, RW, VmaTestSupport.ANON | Mman.MAP_GROWSDOWN, null, 0);
        Mprotect.mprotect(mm, LIM, s + 2 * PAGE, PAGE, Mman.PROT_READ | Mman.PROT_GROWSDOWN);
        assertEquals(2, mm.mapCount());
        assertEquals("r--p", VmFlags.permString(mm.vmaLookup(s).flags()));
        assertEquals(4, mm.stackVm());
        long plain = anon(mm, PAGE, Mman.PROT_READ);
        assertRefused(mm, Errno.EINVAL, () -> Mprotect.mprotect(mm, LIM, plain, PAGE,
                Mman.PROT_READ | Mman.PROT_GROWSDOWN));
    }

    @Test
    void errnoTableAndAtomicity() {
        MmStruct mm = newMm();
        long a = anon(mm, 3 * PAGE, RW);
        VmFile ro = new VmFile("/ro", 1, true, false, false);
        long s = Mmap.mmap(mm, LIM, 0, PAGE, Mman.PROT_READ, Mman.MAP_SHARED, ro, 0);
        Munmap.munmap(mm, a + PAGE, PAGE);
        assertRefused(mm, Errno.EINVAL, () -> Mprotect.mprotect(mm, LIM, a + 1, PAGE, RW));
        assertRefused(mm, Errno.EINVAL, () -> Mprotect.mprotect(mm, LIM, a, PAGE, 0x10));
        assertRefused(mm, Errno.EINVAL, () -> Mprotect.mprotect(mm, LIM, a, PAGE,
                Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP));
        assertRefused(mm, Errno.EINVAL, () -> Mprotect.mprotect(mm, LIM, a, PAGE, Mman.PROT_GROWSUP));
        assertRefused(mm, Errno.ENOMEM, () -> Mprotect.mprotect(mm, LIM, a, 3 * PAGE, Mman.PROT_READ));
        assertRefused(mm, Errno.ENOMEM, () -> Mprotect.mprotect(mm, LIM, 0x10000, PAGE, Mman.PROT_READ));
        assertRefused(mm, Errno.ENOMEM, () -> Mprotect.mprotect(mm, LIM, a, -PAGE, Mman.PROT_READ));
        assertRefused(mm, Errno.EACCES, () -> Mprotect.mprotect(mm, LIM, s, PAGE, RW));
        mm.setMaxMapCount(mm.mapCount() + 1);
        long b = anon(mm, 5 * PAGE, Mman.PROT_EXEC);
        assertRefused(mm, Errno.ENOMEM, () -> Mprotect.mprotect(mm, LIM, b + PAGE, PAGE, RW));
        Mprotect.mprotect(mm, LIM, a, 0, 0x10);
        Mprotect.mprotect(mm, LIM, a, PAGE, Mman.PROT_READ | Mman.PROT_SEM);
    }
}
