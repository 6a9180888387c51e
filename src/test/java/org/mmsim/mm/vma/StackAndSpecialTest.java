package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mmsim.mm.vma.VmaTestSupport.PAGE;
import static org.mmsim.mm.vma.VmaTestSupport.RW;
import static org.mmsim.mm.vma.VmaTestSupport.assertRefused;
import static org.mmsim.mm.vma.VmaTestSupport.newMm;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;

class StackAndSpecialTest {
    private static final TaskLimits LIM = TaskLimits.defaults();
    private static final long STACK_TOP = 0x7ffffffde000L + 33 * PAGE;

    private static MmStruct withStack() {
        MmStruct mm = newMm();
        mm.insertMapping(STACK_TOP - 33 * PAGE, STACK_TOP, VmFlags.VM_STACK_FLAGS, (STACK_TOP - 33 * PAGE) >>> 12,
                null, null);
        mm.startStack = STACK_TOP - 100;
        return mm;
    }

    @Test
    void stackGrowsDownWithinItsRlimitAndGuardGap() {
        MmStruct mm = withStack();
        Vma stack = mm.vmaLookup(STACK_TOP - PAGE);
        assertEquals("[stack]", mm.mapsName(stack));
        assertEquals(33, mm.stackVm());
        assertSame(stack, StackExpand.expandStack(mm, LIM, STACK_TOP - 40 * PAGE + 8));
        assertEquals(STACK_TOP - 40 * PAGE, stack.start());
        assertEquals(40, mm.stackVm());
        assertEquals(40, mm.totalVm());
        assertEquals((STACK_TOP - 40 * PAGE) >>> 12, stack.pgoff());
        assertNull(StackExpand.expandStack(mm, LIM.withStack(41 * PAGE), STACK_TOP - 42 * PAGE));
        VmaTestSupport.fixed(mm, STACK_TOP - 300 * PAGE, PAGE, Mman.PROT_READ);
        assertNull(StackExpand.expandStack(mm, LIM, STACK_TOP - 200 * PAGE));
        assertEquals(40, mm.stackVm());
        assertNull(StackExpand.expandStack(mm, LIM, STACK_TOP - 400 * PAGE));
    }

    @Test
    void guardGapKeepsNewMappingsAwayFromTheStack() {
        MmStruct mm = withStack();
        long hint = STACK_TOP - 40 * PAGE;
        long got = Mmap.mmap(mm, LIM, hint, PAGE, RW, VmaTestSupport.ANON, null, 0);
        assertEquals(0x7ffff7ffe000L, got);
    }

    @Test
    void specialMappingsNeverMergeOrMove() {
        MmStruct mm = newMm();
        long vdso = 0x7ffff7fc0000L;
        mm.installSpecialMapping(vdso, 2 * PAGE, VmFlags.VM_READ | VmFlags.VM_EXEC | VmFlags.VM_MAYREAD
                | VmFlags.VM_MAYEXEC, "[vdso]");
        assertEquals("[vdso]", mm.mapsName(mm.vmaLookup(vdso)));
        Mmap.mmap(mm, LIM, vdso + 2 * PAGE, PAGE, Mman.PROT_READ | Mman.PROT_EXEC,
                VmaTestSupport.ANON | Mman.MAP_FIXED, null, 0);
        assertEquals(2, mm.mapCount());
        assertRefused(mm, Errno.EFAULT, () -> Mremap.mremap(mm, LIM, vdso, 2 * PAGE, 4 * PAGE,
                Mman.MREMAP_MAYMOVE, 0));
        assertRefused(mm, Errno.EINVAL, () -> Mremap.mremap(mm, LIM, vdso, 2 * PAGE, 2 * PAGE,
                Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP, 0));
        Mlock.mlock(mm, LIM, vdso, 2 * PAGE);
        assertEquals(0, mm.lockedVm());
    }

    @Test
    void belowMmapMinAddrNeedsCapSysRawio() {
        MmStruct mm = newMm();
        assertRefused(mm, Errno.EPERM, () -> VmaTestSupport.fixed(mm, 0x1000, PAGE, RW));
        assertEquals(0x1000, Mmap.mmap(mm, LIM.asRoot(), 0x1000, PAGE, RW, VmaTestSupport.ANON | Mman.MAP_FIXED,
                null, 0));
    }
}
