/*
 * Choosing an address for a new mapping: mm/mmap.c __get_unmapped_area(), mm/vma.c
 * unmapped_area()/unmapped_area_topdown() (vm_unmapped_area), arch/x86/kernel/sys_x86_64.c
 * arch_get_unmapped_area_topdown()/arch_get_unmapped_area() with mmap_address_hint_valid(), and
 * mm/huge_memory.c __thp_get_unmapped_area() (PMD alignment of 2 MiB-multiple anonymous mappings
 * and of large file mappings, as ext4/xfs do through thp_get_unmapped_area). Leaves out MAP_32BIT,
 * MAP_ABOVE4G, 5-level paging windows, shadow stacks, the AMD F15h alignment quirk and
 * huge shmem (shmem_enabled=never keeps shared anonymous mappings unaligned).
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class UnmappedArea {
    public static final long PMD_SIZE = 2L << 20;
    private static final long NONE = -1;

    private UnmappedArea() {
    }

    /**
     * __get_unmapped_area(): a page-aligned address for len bytes, honouring MAP_FIXED and a hint.
     * Throws ENOMEM when nothing fits, EINVAL for an unaligned MAP_FIXED address, EPERM below
     * mmap_min_addr without CAP_SYS_RAWIO (security_mmap_addr).
     */
    public static long get(MmStruct mm, TaskLimits lim, VmFile file, long addr, long len, long pgoff, int flags,
            long vmFlags) {
        if (Long.compareUnsigned(len, mm.taskSize()) > 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        boolean sharedAnon = file == null && (flags & Mman.MAP_SHARED) != 0;
        if (file == null) {
            pgoff = 0;
        }
        long result = NONE;
        if (!sharedAnon && (file != null || addr == 0 && (len & (PMD_SIZE - 1)) == 0)) {
            result = thpAligned(mm, addr, len, pgoff, flags, vmFlags);
        }
        if (result == NONE) {
            result = mmGetUnmappedArea(mm, addr, len, pgoff, flags, vmFlags);
        }
        if (result == NONE || Long.compareUnsigned(result, mm.taskSize() - len) > 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        if ((result & (PAGE_SIZE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (Long.compareUnsigned(result, mm.mmapMinAddr()) < 0 && !lim.capSysRawio) {
            throw new KernelError(Errno.EPERM);
        }
        return result;
    }

    /** __thp_get_unmapped_area(): search len + 2 MiB, then place the mapping PMD-aligned inside. */
    private static long thpAligned(MmStruct mm, long addr, long len, long pgoff, int flags, long vmFlags) {
        long off = pgoff << PAGE_SHIFT;
        long offEnd = (off + len) & -PMD_SIZE;
        long offAlign = (off + PMD_SIZE - 1) & -PMD_SIZE;
        if (Long.compareUnsigned(offEnd, offAlign) <= 0 || offEnd - offAlign < PMD_SIZE) {
            return NONE;
        }
        long lenPad = len + PMD_SIZE;
        if (Long.compareUnsigned(lenPad, len) < 0 || Long.compareUnsigned(off + lenPad, off) < 0) {
            return NONE;
        }
        long ret = mmGetUnmappedArea(mm, addr, lenPad, pgoff, flags, vmFlags);
        if (ret == NONE || Long.compareUnsigned(ret, mm.taskSize() - lenPad) > 0) {
            return NONE;
        }
        if (ret == addr) {
            return addr;
        }
        long offSub = (off - ret) & (PMD_SIZE - 1);
        if (mm.topDown && offSub == 0) {
            return ret + PMD_SIZE;
        }
        return ret + offSub;
    }

    /** mm_get_unmapped_area_vmflags(): the layout's allocator; NONE when nothing fits. */
    private static long mmGetUnmappedArea(MmStruct mm, long addr, long len, long pgoff, int flags, long vmFlags) {
        return mm.topDown ? topDown(mm, addr, len, flags) : bottomUp(mm, addr, len, flags);
    }

    /**
     * arch_get_unmapped_area_topdown(): below mmap_base, or with 5-level paging and a hint above
     * the 47-bit window, below mmap_base moved up by the rest of the 56-bit address space.
     */
    private static long topDown(MmStruct mm, long addr, long len, int flags) {
        if (Long.compareUnsigned(len, mm.taskSize()) > 0) {
            return NONE;
        }
        if ((flags & Mman.MAP_FIXED) != 0) {
            return addr;
        }
        if (addr != 0) {
            addr &= -PAGE_SIZE;
            if (hintValid(mm, addr, len) && fitsAt(mm, addr, len)) {
                return addr;
            }
        }
        long high = mm.mmapBase;
        if (Long.compareUnsigned(addr, MmStruct.TASK_SIZE) > 0) {
            high += mm.taskSize() - MmStruct.TASK_SIZE;
        }
        long found = searchTopDown(mm, len, PAGE_SIZE, high);
        return found != NONE ? found : bottomUp(mm, 0, len, flags);
    }

    /** arch_get_unmapped_area(): bottom-up from mmap_legacy_base. */
    private static long bottomUp(MmStruct mm, long addr, long len, int flags) {
        if ((flags & Mman.MAP_FIXED) != 0) {
            return addr;
        }
        long end = Long.compareUnsigned(addr, MmStruct.TASK_SIZE) > 0 ? mm.taskSize() : MmStruct.TASK_SIZE;
        if (Long.compareUnsigned(len, end) > 0) {
            return NONE;
        }
        if (addr != 0) {
            addr = Munmap.pageAlign(addr);
            if (Long.compareUnsigned(end - len, addr) >= 0 && fitsAt(mm, addr, len)) {
                return addr;
            }
        }
        return searchBottomUp(mm, len, mm.mmapLegacyBase, end);
    }

    /** The hint is usable when nothing, including a stack's guard gap, overlaps [addr, addr+len). */
    private static boolean fitsAt(MmStruct mm, long addr, long len) {
        Vma vma = mm.findVma(addr);
        return vma == null || addr + len <= vma.startGap(mm.stackGuardGap());
    }

    /**
     * mmap_address_hint_valid(): below TASK_SIZE, and on one side of the 47-bit window's end (a hint
     * below it must not reach above, which only 5-level paging makes possible).
     */
    private static boolean hintValid(MmStruct mm, long addr, long len) {
        return Long.compareUnsigned(mm.taskSize() - len, addr) >= 0
                && (Long.compareUnsigned(addr, MmStruct.TASK_SIZE) > 0)
                        == (Long.compareUnsigned(addr + len, MmStruct.TASK_SIZE) > 0);
    }

    /** unmapped_area_topdown(): the highest fit below highLimit, keeping clear of stack guard gaps. */
    static long searchTopDown(MmStruct mm, long length, long lowLimit, long highLimit) {
        long low = Math.max(lowLimit, mm.mmapMinAddr());
        long high = highLimit;
        while (true) {
            long last = highestGapEnd(mm, low, high - 1, length);
            if (last == NONE) {
                return NONE;
            }
            long gap = last + 1 - length;
            Vma above = mm.findVma(last + 1);
            if (above != null && (above.flags & VmFlags.VM_GROWSDOWN) != 0
                    && above.startGap(mm.stackGuardGap()) <= last) {
                high = above.startGap(mm.stackGuardGap());
                continue;
            }
            return gap;
        }
    }

    /** unmapped_area(): the lowest fit at or above lowLimit. */
    static long searchBottomUp(MmStruct mm, long length, long lowLimit, long highLimit) {
        long low = Math.max(lowLimit, mm.mmapMinAddr());
        while (true) {
            long gap = lowestGapStart(mm, low, highLimit - 1, length);
            if (gap == NONE) {
                return NONE;
            }
            Vma above = mm.findVma(gap);
            if (above != null && (above.flags & VmFlags.VM_GROWSDOWN) != 0
                    && above.startGap(mm.stackGuardGap()) < gap + length - 1) {
                low = above.end;
                continue;
            }
            return gap;
        }
    }

    /** mas_empty_area_rev(): last address of the highest free run within [low, max] of >= length. */
    private static long highestGapEnd(MmStruct mm, long low, long max, long length) {
        if (max < low) {
            return NONE;
        }
        long maxKey;
        Vma inside = mm.vmaLookup(max);
        if (inside == null) {
            // The run containing max counts only up to max.
            Vma below = mm.findVmaPrev(max + 1);
            long runStart = below == null ? 0 : below.end;
            if (max - Math.max(runStart, low) + 1 >= length) {
                return max;
            }
            if (below == null || runStart <= low) {
                return NONE;
            }
            maxKey = below.start;
        } else {
            maxKey = inside.start;
        }
        long key = mm.highestStartWithGap(maxKey, length);
        if (key == NONE || key - 1 < low) {
            return NONE;
        }
        Vma prev = mm.prevVma(mm.vmaLookup(key));
        long gapStart = prev == null ? 0 : prev.end;
        // Lower gaps lie wholly below this one, so if low clips it too much none fits.
        return key - Math.max(gapStart, low) >= length ? key - 1 : NONE;
    }

    /** mas_empty_area(): first address of the lowest free run within [low, max] of >= length. */
    private static long lowestGapStart(MmStruct mm, long low, long max, long length) {
        if (max < low) {
            return NONE;
        }
        long minKey;
        Vma inside = mm.vmaLookup(low);
        if (inside == null) {
            Vma above = mm.findVma(low);
            long runEnd = above == null ? max : Math.min(above.start - 1, max);
            if (runEnd - low + 1 >= length) {
                return low;
            }
            if (above == null || above.start - 1 >= max) {
                return NONE;
            }
            minKey = above.start + 1;
        } else {
            minKey = inside.start + 1;
        }
        long key = mm.lowestStartWithGap(minKey, length);
        if (key != NONE) {
            long gapStart = mm.prevVma(mm.vmaLookup(key)).end;
            // Higher gaps start above this one, so if max clips it too much none fits.
            return Math.min(key - 1, max) - gapStart + 1 >= length ? gapStart : NONE;
        }
        long top = mm.lastEnd();
        return max - top + 1 >= length ? top : NONE;
    }
}
