/*
 * msync(2), mm/msync.c: argument checks (EINVAL), the VMA walk that skips holes but reports them
 * as ENOMEM at the end (at once for plain MS_ASYNC), EBUSY for MS_INVALIDATE on a locked VMA, and
 * for MS_SYNC on a shared file mapping vfs_fsync_range() of the file range it maps, through the
 * caller's Fsync. MS_ASYNC and MS_INVALIDATE do nothing else, as in Linux.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Msync {
    public static final int MS_ASYNC = 1;
    public static final int MS_INVALIDATE = 2;
    public static final int MS_SYNC = 4;

    /** vfs_fsync_range(): write back the bytes [start, end] of the file. */
    public interface Fsync {
        void fsyncRange(VmFile file, long start, long end);
    }

    private Msync() {
    }

    public static void msync(MmStruct mm, long start, long len, int flags, Fsync fsync) {
        if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0 || (start & (PAGE_SIZE - 1)) != 0
                || ((flags & MS_ASYNC) != 0 && (flags & MS_SYNC) != 0)) {
            throw new KernelError(Errno.EINVAL);
        }
        len = (len + PAGE_SIZE - 1) & -PAGE_SIZE;
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        if (end == start) {
            return;
        }
        boolean unmapped = false;
        Vma vma = mm.findVma(start);
        while (true) {
            if (vma == null) {
                throw new KernelError(Errno.ENOMEM);
            }
            if (start < vma.start) {
                if (flags == MS_ASYNC) {
                    throw new KernelError(Errno.ENOMEM);
                }
                start = vma.start;
                if (start >= end) {
                    throw new KernelError(Errno.ENOMEM);
                }
                unmapped = true;
            }
            if ((flags & MS_INVALIDATE) != 0 && (vma.flags & VmFlags.VM_LOCKED) != 0) {
                throw new KernelError(Errno.EBUSY);
            }
            long fstart = (start - vma.start) + (vma.pgoff << PAGE_SHIFT);
            long fend = fstart + (Math.min(end, vma.end) - start) - 1;
            start = vma.end;
            if ((flags & MS_SYNC) != 0 && vma.file != null && (vma.flags & VmFlags.VM_SHARED) != 0) {
                fsync.fsyncRange(vma.file, fstart, fend);
            }
            if (start >= end) {
                break;
            }
            vma = mm.findVma(start);
        }
        if (unmapped) {
            throw new KernelError(Errno.ENOMEM);
        }
    }
}
