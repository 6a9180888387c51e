/*
 * mlock(2) family: mm/mlock.c do_mlock() (can_do_mlock, RLIMIT_MEMLOCK with
 * count_mm_mlocked_page_nr), apply_vma_lock_flags(), mlock_fixup() (locked_vm accounting,
 * special mappings skipped), mlock2 MLOCK_ONFAULT, munlock, mlockall/munlockall with
 * apply_mlockall_flags() and mm->def_flags for MCL_FUTURE. Page-level mlocking is the listener's
 * (flagsChanged, populate). Deviation: Linux keeps VMAs locked before a hole it then reports with
 * ENOMEM; here the failing call changes nothing.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Mlock {
    private Mlock() {
    }

    public static void mlock(MmStruct mm, TaskLimits lim, long start, long len) {
        doMlock(mm, lim, start, len, VmFlags.VM_LOCKED);
    }

    public static void mlock2(MmStruct mm, TaskLimits lim, long start, long len, int flags) {
        if ((flags & ~Mman.MLOCK_ONFAULT) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long vmFlags = VmFlags.VM_LOCKED;
        if ((flags & Mman.MLOCK_ONFAULT) != 0) {
            vmFlags |= VmFlags.VM_LOCKONFAULT;
        }
        doMlock(mm, lim, start, len, vmFlags);
    }

    public static void munlock(MmStruct mm, long start, long len) {
        len = Munmap.pageAlign(len + (start & (PAGE_SIZE - 1)));
        long aligned = start & -PAGE_SIZE;
        mm.begin();
        try {
            applyVmaLockFlags(mm, aligned, len, 0);
            mm.commit();
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    private static void doMlock(MmStruct mm, TaskLimits lim, long start, long len, long flags) {
        if (!lim.canDoMlock()) {
            throw new KernelError(Errno.EPERM);
        }
        len = Munmap.pageAlign(len + (start & (PAGE_SIZE - 1)));
        start &= -PAGE_SIZE;
        long lockLimit = TaskLimits.pages(lim.rlimitMemlock);
        mm.begin();
        try {
            long locked = (len >>> PAGE_SHIFT) + mm.lockedVm();
            if (locked > lockLimit && !lim.capIpcLock) {
                // Pages already locked in the range are not charged twice.
                locked -= countMlockedPages(mm, start, len);
            }
            if (locked > lockLimit && !lim.capIpcLock) {
                throw new KernelError(Errno.ENOMEM);
            }
            applyVmaLockFlags(mm, start, len, flags);
            if (len != 0) {
                mm.queuePopulate(start, start + len);
            }
            mm.commit();
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    /** count_mm_mlocked_page_nr(): pages of VM_LOCKED VMAs inside [start, start+len). */
    private static long countMlockedPages(MmStruct mm, long start, long len) {
        long end = start + len;
        long bytes = 0;
        for (Vma v = mm.findVmaIntersection(start, end); v != null && v.start < end; v = mm.nextVma(v)) {
            if ((v.flags & VmFlags.VM_LOCKED) != 0) {
                bytes += Math.min(v.end, end) - Math.max(v.start, start);
            }
        }
        return bytes >>> PAGE_SHIFT;
    }

    /** apply_vma_lock_flags(): set the VM_LOCKED_MASK bits of every VMA in [start, start+len). */
    private static void applyVmaLockFlags(MmStruct mm, long start, long len, long flags) {
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (end == start) {
            return;
        }
        Vma vma = mm.vmaLookup(start);
        if (vma == null) {
            throw new KernelError(Errno.ENOMEM);
        }
        Vma prev = start > vma.start ? vma : mm.prevVma(vma);
        long nstart = start;
        long tmp = vma.start;
        for (Vma v = vma; v != null && v.start < end; ) {
            if (v.start != tmp) {
                throw new KernelError(Errno.ENOMEM);
            }
            long newFlags = (v.flags & ~VmFlags.VM_LOCKED_MASK) | flags;
            tmp = Math.min(v.end, end);
            Vma done = fixup(mm, v, prev, nstart, tmp, newFlags);
            prev = done;
            tmp = done.end;
            nstart = tmp;
            v = mm.nextVma(done);
        }
        if (tmp < end) {
            throw new KernelError(Errno.ENOMEM);
        }
    }

    /** mlock_fixup(): returns the VMA now covering [start, end). */
    private static Vma fixup(MmStruct mm, Vma vma, Vma prev, long start, long end, long newFlags) {
        long oldFlags = vma.flags;
        if (newFlags == oldFlags || (oldFlags & (VmFlags.VM_SPECIAL | VmFlags.VM_HUGETLB)) != 0) {
            return vma;
        }
        Vma done = VmaMerge.modify(mm, VmaMerge.State.forExisting(prev, vma, start, end, newFlags));
        long pages = (end - start) >>> PAGE_SHIFT;
        if ((newFlags & VmFlags.VM_LOCKED) == 0) {
            pages = -pages;
        } else if ((oldFlags & VmFlags.VM_LOCKED) != 0) {
            pages = 0;
        }
        mm.addLockedVm(pages);
        mm.setFlags(done, newFlags);
        mm.queueFlagsChanged(done, start, end, oldFlags);
        return done;
    }

    /** mlockall(flags). */
    public static void mlockall(MmStruct mm, TaskLimits lim, int flags) {
        if (flags == 0 || (flags & ~(Mman.MCL_CURRENT | Mman.MCL_FUTURE | Mman.MCL_ONFAULT)) != 0
                || flags == Mman.MCL_ONFAULT) {
            throw new KernelError(Errno.EINVAL);
        }
        if (!lim.canDoMlock()) {
            throw new KernelError(Errno.EPERM);
        }
        long lockLimit = TaskLimits.pages(lim.rlimitMemlock);
        if ((flags & Mman.MCL_CURRENT) != 0 && mm.totalVm() > lockLimit && !lim.capIpcLock) {
            throw new KernelError(Errno.ENOMEM);
        }
        mm.begin();
        try {
            applyMlockallFlags(mm, flags);
            if ((flags & Mman.MCL_CURRENT) != 0) {
                mm.queuePopulate(0, mm.taskSize());
            }
            mm.commit();
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    public static void munlockall(MmStruct mm) {
        mm.begin();
        try {
            applyMlockallFlags(mm, 0);
            mm.commit();
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    /** apply_mlockall_flags(): def_flags for MCL_FUTURE, then every VMA for MCL_CURRENT. */
    private static void applyMlockallFlags(MmStruct mm, int flags) {
        long def = mm.defFlags() & ~VmFlags.VM_LOCKED_MASK;
        if ((flags & Mman.MCL_FUTURE) != 0) {
            def |= VmFlags.VM_LOCKED;
            if ((flags & Mman.MCL_ONFAULT) != 0) {
                def |= VmFlags.VM_LOCKONFAULT;
            }
        }
        mm.setDefFlags(def);
        if ((flags & Mman.MCL_FUTURE) != 0 && (flags & Mman.MCL_CURRENT) == 0) {
            return;
        }
        long toAdd = 0;
        if ((flags & Mman.MCL_CURRENT) != 0) {
            toAdd = VmFlags.VM_LOCKED;
            if ((flags & Mman.MCL_ONFAULT) != 0) {
                toAdd |= VmFlags.VM_LOCKONFAULT;
            }
        }
        Vma prev = null;
        for (Vma v = mm.firstVma(); v != null; ) {
            long newFlags = (v.flags & ~VmFlags.VM_LOCKED_MASK) | toAdd;
            prev = fixup(mm, v, prev, v.start, v.end, newFlags);
            v = mm.nextVma(prev);
        }
    }
}
