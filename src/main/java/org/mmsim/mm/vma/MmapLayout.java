/*
 * Where a new address space puts its mmap area: arch/x86/mm/mmap.c arch_pick_mmap_layout(),
 * mmap_base(), mmap_legacy_base(), arch_rnd()/arch_mmap_rnd() and stack_maxrandom_size() for a
 * 64-bit task with 4-level paging. The random offset is vm.mmap_rnd_bits (28) bits of pages drawn
 * from the caller's seeded stream when randomize_va_space is nonzero. Leaves out compat (32-bit)
 * tasks and the ADDR_COMPAT_LAYOUT/ADDR_NO_RANDOMIZE personalities. With 5-level paging the bases
 * still come from the 47-bit DEFAULT_MAP_WINDOW (task_size_64bit(0)); only TASK_SIZE grows.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import java.util.SplittableRandom;

public final class MmapLayout {
    /** CONFIG_ARCH_MMAP_RND_BITS default for x86-64 (vm.mmap_rnd_bits). */
    public static final int MMAP64_RND_BITS = 28;
    /** __STACK_RND_MASK for 64-bit tasks: the stack may move down by this many pages. */
    private static final long STACK_RND_MASK = 0x3fffff;
    private static final long SIZE_128M = 128L << 20;

    /** mm->mmap_base, mm->mmap_legacy_base and whether the bottom-up (legacy) layout is in use. */
    public static final class Bases {
        public final long mmapBase;
        public final long mmapLegacyBase;
        public final boolean legacy;
        /** TASK_SIZE: MmStruct.TASK_SIZE, or TASK_SIZE_LA57 with 5-level paging. */
        public final long taskSize;

        public Bases(long mmapBase, long mmapLegacyBase, boolean legacy) {
            this(mmapBase, mmapLegacyBase, legacy, MmStruct.TASK_SIZE);
        }

        public Bases(long mmapBase, long mmapLegacyBase, boolean legacy, long taskSize) {
            this.mmapBase = mmapBase;
            this.mmapLegacyBase = mmapLegacyBase;
            this.legacy = legacy;
            this.taskSize = taskSize;
        }

        /** The same bases in an address space of another TASK_SIZE. */
        public Bases withTaskSize(long size) {
            return new Bases(mmapBase, mmapLegacyBase, legacy, size);
        }
    }

    private MmapLayout() {
    }

    /**
     * arch_pick_mmap_layout() for a task with the given RLIMIT_STACK (bytes, RLIM_INFINITY
     * allowed), vm.legacy_va_layout and kernel.randomize_va_space.
     */
    public static Bases pick(long rlimitStack, boolean legacyVaLayout, int randomizeVaSpace, SplittableRandom rng) {
        boolean randomize = randomizeVaSpace != 0;
        long rnd = randomize ? (rng.nextLong() & ((1L << MMAP64_RND_BITS) - 1)) << PAGE_SHIFT : 0;
        long legacyBase = pageAlign(MmStruct.TASK_SIZE / 3) + rnd;
        long base = legacyVaLayout ? legacyBase : mmapBase(rnd, MmStruct.TASK_SIZE, rlimitStack, randomize);
        return new Bases(base, legacyBase, legacyVaLayout);
    }

    /** mmap_base(): below the stack rlimit plus its random shift and guard gap, at least 128 MiB. */
    static long mmapBase(long rnd, long taskSize, long rlimitStack, boolean randomize) {
        long gap = rlimitStack;
        long pad = (randomize ? STACK_RND_MASK << PAGE_SHIFT : 0) + MmStruct.DEFAULT_STACK_GUARD_GAP;
        if (Long.compareUnsigned(gap + pad, gap) > 0) {
            gap += pad;
        }
        long gapMax = taskSize / 6 * 5;
        if (Long.compareUnsigned(gap, SIZE_128M) < 0) {
            gap = SIZE_128M;
        } else if (Long.compareUnsigned(gap, gapMax) > 0) {
            gap = gapMax;
        }
        return pageAlign(taskSize - gap - rnd);
    }

    private static long pageAlign(long v) {
        return (v + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
