/*
 * madvise(2): mm/madvise.c madvise_behavior_valid(), do_madvise() argument checks,
 * madvise_walk_vmas() (holes are skipped and reported as ENOMEM at the end, after the mapped parts
 * were advised, exactly as Linux does), madvise_vma_behavior() with madvise_update_vma() for the
 * VMA-flag advice (NORMAL/RANDOM/SEQUENTIAL, DONTFORK/DOFORK, WIPEONFORK/KEEPONFORK,
 * DONTDUMP/DODUMP, MERGEABLE/UNMERGEABLE via ksm_madvise, HUGEPAGE/NOHUGEPAGE) and the VMA checks
 * of the page-level advice, which is handed to the listener (DONTNEED, DONTNEED_LOCKED, FREE,
 * REMOVE, WILLNEED, COLD, PAGEOUT, POPULATE_READ/WRITE). An error from a VMA's checks changes
 * nothing. Also prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME) (kernel/sys.c prctl_set_vma,
 * madvise_set_anon_name), which walks the same way. Leaves out MADV_HWPOISON/SOFT_OFFLINE,
 * COLLAPSE, GUARD_* and process_madvise.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import java.util.Objects;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Madvise {
    /** ANON_VMA_NAME_MAX_LEN, including the terminating NUL. */
    public static final int ANON_VMA_NAME_MAX_LEN = 80;
    /** The walk's pseudo-advice for PR_SET_VMA_ANON_NAME. */
    private static final int SET_ANON_NAME = -1;

    private Madvise() {
    }

    /**
     * prctl(PR_SET_VMA, PR_SET_VMA_ANON_NAME, start, len, name): names anonymous VMAs for
     * /proc/PID/maps ([anon:name]); a null name clears it. Named VMAs merge only with equal names.
     */
    public static void setAnonName(MmStruct mm, long start, long lenIn, String name) {
        if (name != null) {
            if (name.length() + 1 > ANON_VMA_NAME_MAX_LEN) {
                throw new KernelError(Errno.EINVAL);
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= 0x1f || c >= 0x7f || "\\`$[]".indexOf(c) >= 0) {
                    throw new KernelError(Errno.EINVAL);
                }
            }
        }
        run(mm, start, lenIn, SET_ANON_NAME, name);
    }

    private static boolean behaviorValid(int behavior) {
        switch (behavior) {
            case Mman.MADV_NORMAL:
            case Mman.MADV_RANDOM:
            case Mman.MADV_SEQUENTIAL:
            case Mman.MADV_WILLNEED:
            case Mman.MADV_DONTNEED:
            case Mman.MADV_DONTNEED_LOCKED:
            case Mman.MADV_FREE:
            case Mman.MADV_REMOVE:
            case Mman.MADV_DONTFORK:
            case Mman.MADV_DOFORK:
            case Mman.MADV_MERGEABLE:
            case Mman.MADV_UNMERGEABLE:
            case Mman.MADV_HUGEPAGE:
            case Mman.MADV_NOHUGEPAGE:
            case Mman.MADV_DONTDUMP:
            case Mman.MADV_DODUMP:
            case Mman.MADV_WIPEONFORK:
            case Mman.MADV_KEEPONFORK:
            case Mman.MADV_COLD:
            case Mman.MADV_PAGEOUT:
            case Mman.MADV_POPULATE_READ:
            case Mman.MADV_POPULATE_WRITE:
                return true;
            default:
                return false;
        }
    }

    /** madvise(start, len, behavior). */
    public static void madvise(MmStruct mm, long start, long lenIn, int behavior) {
        if (!behaviorValid(behavior)) {
            throw new KernelError(Errno.EINVAL);
        }
        run(mm, start, lenIn, behavior, null);
    }

    private static void run(MmStruct mm, long start, long lenIn, int behavior, String name) {
        if ((start & (PAGE_SIZE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long len = Munmap.pageAlign(lenIn);
        if (lenIn != 0 && len == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (end == start) {
            return;
        }
        mm.begin();
        boolean hole;
        try {
            if (behavior == Mman.MADV_POPULATE_READ || behavior == Mman.MADV_POPULATE_WRITE) {
                populate(mm, start, end, behavior);
                hole = false;
            } else {
                hole = walk(mm, start, end, behavior, name);
            }
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
        mm.commit();
        if (hole) {
            throw new KernelError(Errno.ENOMEM);
        }
    }

    /** madvise_populate(): every page must be mapped and accessible as asked. */
    private static void populate(MmStruct mm, long start, long end, int behavior) {
        boolean write = behavior == Mman.MADV_POPULATE_WRITE;
        while (start < end) {
            Vma v = mm.vmaLookup(start);
            if (v == null) {
                throw new KernelError(Errno.ENOMEM);
            }
            long need = write ? VmFlags.VM_WRITE : VmFlags.VM_READ;
            if ((v.flags & need) == 0 || (v.flags & (VmFlags.VM_IO | VmFlags.VM_PFNMAP)) != 0) {
                throw new KernelError(Errno.EINVAL);
            }
            long tmp = Math.min(v.end, end);
            mm.queueAdvised(v, start, tmp, behavior);
            start = tmp;
        }
    }

    /** madvise_walk_vmas(): returns whether part of the range was unmapped. */
    private static boolean walk(MmStruct mm, long start, long end, int behavior, String name) {
        boolean hole = false;
        Vma vma = mm.findVma(start);
        Vma prev = vma != null && start > vma.start ? vma : mm.findVmaPrev(start);
        while (true) {
            if (vma == null) {
                return true;
            }
            if (start < vma.start) {
                hole = true;
                start = vma.start;
                if (start >= end) {
                    break;
                }
            }
            long tmp = Math.min(vma.end, end);
            prev = behavior == SET_ANON_NAME ? visitAnonName(mm, vma, prev, start, tmp, name)
                    : visit(mm, vma, prev, start, tmp, behavior);
            start = tmp;
            if (prev != null && start < prev.end) {
                start = prev.end;
            }
            if (start >= end) {
                break;
            }
            vma = mm.findVma(prev != null ? prev.end : start);
        }
        return hole;
    }

    /** madvise_vma_anon_name(): only anonymous memory, shared or private, can be named. */
    private static Vma visitAnonName(MmStruct mm, Vma vma, Vma prev, long start, long end, String name) {
        if (vma.file != null && !vma.file.anonShmem) {
            throw new KernelError(Errno.EBADF);
        }
        try {
            return updateVma(mm, vma, prev, start, end, vma.flags, name);
        } catch (KernelError e) {
            throw e.errno == Errno.ENOMEM ? new KernelError(Errno.EAGAIN) : e;
        }
    }

    /** madvise_vma_behavior(): returns the new prev (null after MADV_REMOVE, as Linux does). */
    private static Vma visit(MmStruct mm, Vma vma, Vma prev, long start, long end, int behavior) {
        long flags = vma.flags;
        switch (behavior) {
            case Mman.MADV_REMOVE:
                if ((flags & VmFlags.VM_LOCKED) != 0 || vma.file == null) {
                    throw new KernelError(Errno.EINVAL);
                }
                if ((flags & (VmFlags.VM_SHARED | VmFlags.VM_MAYWRITE)) != (VmFlags.VM_SHARED | VmFlags.VM_MAYWRITE)) {
                    throw new KernelError(Errno.EACCES);
                }
                mm.queueAdvised(vma, start, end, behavior);
                return null;
            case Mman.MADV_WILLNEED:
                mm.queueAdvised(vma, start, end, behavior);
                return vma;
            case Mman.MADV_COLD:
            case Mman.MADV_PAGEOUT:
                if ((flags & (VmFlags.VM_LOCKED | VmFlags.VM_PFNMAP | VmFlags.VM_HUGETLB)) != 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                mm.queueAdvised(vma, start, end, behavior);
                return vma;
            case Mman.MADV_DONTNEED:
            case Mman.MADV_DONTNEED_LOCKED:
            case Mman.MADV_FREE: {
                long forbidden = VmFlags.VM_PFNMAP | (behavior == Mman.MADV_DONTNEED_LOCKED ? 0 : VmFlags.VM_LOCKED);
                if ((flags & forbidden) != 0 || behavior == Mman.MADV_FREE && !vma.isAnonymous()) {
                    throw new KernelError(Errno.EINVAL);
                }
                mm.queueAdvised(vma, start, end, behavior);
                return vma;
            }
            default:
                return updateVma(mm, vma, prev, start, end, newFlags(vma, behavior), vma.anonName);
        }
    }

    /** The vm_flags a flag-changing advice gives the VMA. */
    private static long newFlags(Vma vma, int behavior) {
        long f = vma.flags;
        switch (behavior) {
            case Mman.MADV_NORMAL:
                return f & ~(VmFlags.VM_RAND_READ | VmFlags.VM_SEQ_READ);
            case Mman.MADV_SEQUENTIAL:
                return (f & ~VmFlags.VM_RAND_READ) | VmFlags.VM_SEQ_READ;
            case Mman.MADV_RANDOM:
                return (f & ~VmFlags.VM_SEQ_READ) | VmFlags.VM_RAND_READ;
            case Mman.MADV_DONTFORK:
                return f | VmFlags.VM_DONTCOPY;
            case Mman.MADV_DOFORK:
                if ((f & VmFlags.VM_IO) != 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                return f & ~VmFlags.VM_DONTCOPY;
            case Mman.MADV_WIPEONFORK:
                if (vma.file != null || (f & VmFlags.VM_SHARED) != 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                return f | VmFlags.VM_WIPEONFORK;
            case Mman.MADV_KEEPONFORK:
                return f & ~VmFlags.VM_WIPEONFORK;
            case Mman.MADV_DONTDUMP:
                return f | VmFlags.VM_DONTDUMP;
            case Mman.MADV_DODUMP:
                if ((f & VmFlags.VM_SPECIAL) != 0 && (f & VmFlags.VM_HUGETLB) == 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                return f & ~VmFlags.VM_DONTDUMP;
            case Mman.MADV_MERGEABLE:
                // ksm_madvise(): incompatible mappings are silently left alone.
                if ((f & (VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE | VmFlags.VM_PFNMAP | VmFlags.VM_IO
                        | VmFlags.VM_DONTEXPAND | VmFlags.VM_HUGETLB | VmFlags.VM_MIXEDMAP)) != 0) {
                    return f;
                }
                return f | VmFlags.VM_MERGEABLE;
            case Mman.MADV_UNMERGEABLE:
                return f & ~VmFlags.VM_MERGEABLE;
            case Mman.MADV_HUGEPAGE:
                return (f & ~VmFlags.VM_NOHUGEPAGE) | VmFlags.VM_HUGEPAGE;
            case Mman.MADV_NOHUGEPAGE:
                return (f & ~VmFlags.VM_HUGEPAGE) | VmFlags.VM_NOHUGEPAGE;
            default:
                throw new AssertionError(behavior);
        }
    }

    /** madvise_update_vma(). */
    private static Vma updateVma(MmStruct mm, Vma vma, Vma prev, long start, long end, long newFlags,
            String newName) {
        long oldFlags = vma.flags;
        if (newFlags == oldFlags && Objects.equals(vma.anonName, newName)) {
            return vma;
        }
        VmaMerge.State g = VmaMerge.State.forExisting(prev, vma, start, end, newFlags);
        g.anonName = newName;
        Vma done = VmaMerge.modify(mm, g);
        mm.setFlags(done, newFlags);
        if (done.file == null || done.file.anonShmem) {
            mm.setAnonName(done, newName);
        }
        if (newFlags != oldFlags) {
            mm.queueFlagsChanged(done, start, end, oldFlags);
        }
        return done;
    }
}
