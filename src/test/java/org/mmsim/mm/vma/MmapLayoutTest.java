package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MmapLayoutTest {
    @Test
    void unrandomizedBaseLeaves128MiBBelowTaskSize() {
        MmapLayout.Bases b = MmapLayout.pick(8L << 20, false, 0, new SplittableRandom(3));
        assertEquals(0x7ffff7fff000L, b.mmapBase);
        assertEquals(0x2aaaaaaab000L, b.mmapLegacyBase);
    }

    @Test
    void largeStackRlimitMovesTheBaseDown() {
        MmapLayout.Bases b = MmapLayout.pick(1L << 30, false, 0, new SplittableRandom(3));
        assertEquals(MmStruct.TASK_SIZE - (1L << 30) - MmStruct.DEFAULT_STACK_GUARD_GAP, b.mmapBase);
        MmapLayout.Bases inf = MmapLayout.pick(TaskLimits.RLIM_INFINITY, false, 0, new SplittableRandom(3));
        assertEquals((MmStruct.TASK_SIZE - MmStruct.TASK_SIZE / 6 * 5 + 0xfff) & ~0xfffL, inf.mmapBase);
    }

    @Test
    void randomizedBaseIsSeededAndWithin28BitsOfPages() {
        MmapLayout.Bases a = MmapLayout.pick(8L << 20, false, 2, new SplittableRandom(7));
        MmapLayout.Bases b = MmapLayout.pick(8L << 20, false, 2, new SplittableRandom(7));
        MmapLayout.Bases c = MmapLayout.pick(8L << 20, false, 2, new SplittableRandom(8));
        assertEquals(a.mmapBase, b.mmapBase);
        assertNotEquals(a.mmapBase, c.mmapBase);
        long top = MmStruct.TASK_SIZE - (8L << 20) - (0x3fffffL << 12) - MmStruct.DEFAULT_STACK_GUARD_GAP;
        assertTrue(a.mmapBase <= top && a.mmapBase > top - (1L << 40));
        assertEquals(0, a.mmapBase & 0xfff);
    }

    @Test
    void legacyLayoutUsesTheLegacyBase() {
        MmapLayout.Bases b = MmapLayout.pick(8L << 20, true, 0, new SplittableRandom(3));
        assertTrue(b.legacy);
        assertEquals(b.mmapLegacyBase, b.mmapBase);
    }
}
