/*
 * mremap(2): mm/mremap.c argument checks, shrinking in place, vma_to_resize(), growing in place
 * when vma_expandable() (vma_merge_extend, which may also absorb the next VMA), mremap_to() for
 * MREMAP_FIXED/MREMAP_DONTUNMAP, and move_vma() with copy_vma() (an unfaulted anonymous VMA takes
 * the pgoff of its new address so it can merge there), the VM_ACCOUNT concealment around the
 * source munmap, and MREMAP_DONTUNMAP clearing VM_LOCKED on the source. Page tables move through
 * the listener. A same-size MREMAP_FIXED move may span several VMAs and the gaps between them
 * (remap_move(), 6.17): each VMA moves on its own, keeping the gaps. A VM_ACCOUNT mapping is
 * charged its growth (the whole new length with MREMAP_DONTUNMAP) first, vrm_calc_charge(), and
 * the call fails with ENOMEM when the commit refuses it. Leaves out hugetlb, userfaultfd and sealing.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Mremap {
    private Mremap() {
    }

    /** mremap(addr, oldLen, newLen, flags, newAddr): returns the mapping's address afterwards. */
    public static long mremap(MmStruct mm, TaskLimits lim, long addr, long oldLen, long newLen, int flags,
            long newAddr) {
        if ((flags & ~(Mman.MREMAP_FIXED | Mman.MREMAP_MAYMOVE | Mman.MREMAP_DONTUNMAP)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & Mman.MREMAP_FIXED) != 0 && (flags & Mman.MREMAP_MAYMOVE) == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0 && ((flags & Mman.MREMAP_MAYMOVE) == 0 || oldLen != newLen)) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((addr & (PAGE_SIZE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        oldLen = Munmap.pageAlign(oldLen);
        newLen = Munmap.pageAlign(newLen);
        if (newLen == 0 || Long.compareUnsigned(newLen, mm.taskSize()) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        mm.begin();
        try {
            long result = apply(mm, lim, addr, oldLen, newLen, flags, newAddr);
            mm.commit();
            return result;
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    private static long apply(MmStruct mm, TaskLimits lim, long addr, long oldLen, long newLen, int flags,
            long newAddr) {
        if (mm.vmaLookup(addr) == null) {
            throw new KernelError(Errno.EFAULT);
        }
        if ((flags & Mman.MREMAP_FIXED) != 0 && oldLen == newLen) {
            return remapMove(mm, lim, addr, oldLen, newAddr, flags);
        }
        if ((flags & (Mman.MREMAP_FIXED | Mman.MREMAP_DONTUNMAP)) != 0) {
            return mremapTo(mm, lim, addr, oldLen, newAddr, newLen, flags);
        }
        if (Long.compareUnsigned(oldLen, newLen) >= 0) {
            if (oldLen != newLen) {
                Munmap.doMunmap(mm, addr + newLen, oldLen - newLen);
            }
            return addr;
        }
        Vma vma = vmaToResize(mm, lim, addr, oldLen, newLen, flags);
        if (oldLen == vma.end - addr && expandable(mm, vma, newLen - oldLen)) {
            long delta = newLen - oldLen;
            if ((vma.flags & VmFlags.VM_ACCOUNT) != 0 && !mm.vmEnoughMemory(delta >>> PAGE_SHIFT)) {
                throw new KernelError(Errno.ENOMEM);
            }
            VmaMerge.State g = VmaMerge.State.forNewRange(vma, mm.nextVma(vma), vma.end, vma.end + delta, vma.flags,
                    vma.pgoff + vma.pages(), vma.file, vma.anonVma, vma.anonName);
            Vma grown = VmaMerge.mergeNewRange(mm, g);
            if (grown == null) {
                throw new KernelError(Errno.ENOMEM);
            }
            long pages = delta >>> PAGE_SHIFT;
            mm.vmStatAccount(grown.flags, pages);
            if ((grown.flags & VmFlags.VM_LOCKED) != 0) {
                mm.addLockedVm(pages);
                mm.queuePopulate(addr + oldLen, addr + newLen);
            }
            return addr;
        }
        if ((flags & Mman.MREMAP_MAYMOVE) == 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        int mapFlags = (vma.flags & VmFlags.VM_MAYSHARE) != 0 ? Mman.MAP_SHARED : 0;
        long to = UnmappedArea.get(mm, lim, vma.file, 0, newLen, vma.pgoff + ((addr - vma.start) >>> PAGE_SHIFT),
                mapFlags, vma.flags);
        return moveVma(mm, vma, addr, oldLen, newLen, to, flags);
    }

    /** remap_move(): move every VMA of [addr, addr+len) to newAddr, keeping the gaps between them. */
    private static long remapMove(MmStruct mm, TaskLimits lim, long addr, long len, long newAddr, int flags) {
        if ((newAddr & (PAGE_SIZE - 1)) != 0 || Long.compareUnsigned(newAddr, mm.taskSize() - len) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long end = addr + len;
        if (Long.compareUnsigned(end, newAddr) > 0 && Long.compareUnsigned(newAddr + len, addr) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long result = newAddr;
        long target = newAddr;
        long lastEnd = 0;
        boolean seen = false;
        for (Vma v = mm.findVmaIntersection(addr, end); v != null; v = mm.findVmaIntersection(lastEnd, end)) {
            long from = Math.max(v.start, addr);
            long pieceLen = Math.min(end, v.end) - from;
            long offset = seen ? v.start - lastEnd : 0;
            lastEnd = v.end;
            long moved = mremapTo(mm, lim, from, pieceLen, target + offset, pieceLen, flags);
            if (!seen) {
                result = moved;
            }
            seen = true;
            target = moved + pieceLen;
        }
        return result;
    }

    /** mremap_to(): move to (or, with MREMAP_DONTUNMAP alone, near) newAddr. */
    private static long mremapTo(MmStruct mm, TaskLimits lim, long addr, long oldLen, long newAddr, long newLen,
            int flags) {
        if ((newAddr & (PAGE_SIZE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (Long.compareUnsigned(newAddr, mm.taskSize() - newLen) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (Long.compareUnsigned(addr + oldLen, newAddr) > 0 && Long.compareUnsigned(newAddr + newLen, addr) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & Mman.MREMAP_FIXED) != 0) {
            Munmap.doMunmap(mm, newAddr, newLen);
        }
        if (Long.compareUnsigned(oldLen, newLen) > 0) {
            Munmap.doMunmap(mm, addr + newLen, oldLen - newLen);
            oldLen = newLen;
        }
        Vma vma = vmaToResize(mm, lim, addr, oldLen, newLen, flags);
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0 && !mm.mayExpandVm(lim, vma.flags, oldLen >>> PAGE_SHIFT)) {
            throw new KernelError(Errno.ENOMEM);
        }
        int mapFlags = (flags & Mman.MREMAP_FIXED) != 0 ? Mman.MAP_FIXED : 0;
        if ((vma.flags & VmFlags.VM_MAYSHARE) != 0) {
            mapFlags |= Mman.MAP_SHARED;
        }
        long to = UnmappedArea.get(mm, lim, vma.file, newAddr, newLen, vma.pgoff + ((addr - vma.start) >>> PAGE_SHIFT),
                mapFlags, vma.flags);
        return moveVma(mm, vma, addr, oldLen, newLen, to, flags);
    }

    /** vma_to_resize(): the VMA at addr, if [addr, addr+oldLen) may become newLen long. */
    private static Vma vmaToResize(MmStruct mm, TaskLimits lim, long addr, long oldLen, long newLen, int flags) {
        Vma vma = mm.vmaLookup(addr);
        if (vma == null) {
            throw new KernelError(Errno.EFAULT);
        }
        if (oldLen == 0 && (vma.flags & (VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE)) == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & Mman.MREMAP_DONTUNMAP) != 0 && (vma.flags & (VmFlags.VM_DONTEXPAND | VmFlags.VM_PFNMAP)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (Long.compareUnsigned(oldLen, vma.end - addr) > 0) {
            throw new KernelError(Errno.EFAULT);
        }
        if (newLen == oldLen) {
            return vma;
        }
        long pgoff = vma.pgoff + ((addr - vma.start) >>> PAGE_SHIFT);
        if (Long.compareUnsigned(pgoff + (newLen >>> PAGE_SHIFT), pgoff) < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((vma.flags & (VmFlags.VM_DONTEXPAND | VmFlags.VM_PFNMAP)) != 0) {
            throw new KernelError(Errno.EFAULT);
        }
        if (!mm.mlockFutureOk(lim, vma.flags, newLen - oldLen)) {
            throw new KernelError(Errno.EAGAIN);
        }
        if (!mm.mayExpandVm(lim, vma.flags, (newLen - oldLen) >>> PAGE_SHIFT)) {
            throw new KernelError(Errno.ENOMEM);
        }
        return vma;
    }

    /** vma_expandable(): nothing mapped in the delta beyond vma and it stays below TASK_SIZE. */
    private static boolean expandable(MmStruct mm, Vma vma, long delta) {
        long end = vma.end + delta;
        if (Long.compareUnsigned(end, vma.end) < 0 || mm.findVmaIntersection(vma.end, end) != null) {
            return false;
        }
        return Long.compareUnsigned(end, mm.taskSize()) <= 0;
    }

    /** move_vma(): copy the VMA to newAddr, move its page tables, unmap the source. */
    private static long moveVma(MmStruct mm, Vma vma, long oldAddr, long oldLen, long newLen, long newAddr,
            int flags) {
        if (mm.mapCount() >= mm.maxMapCount() - 3) {
            throw new KernelError(Errno.ENOMEM);
        }
        boolean dontUnmap = (flags & Mman.MREMAP_DONTUNMAP) != 0;
        long vmFlags = vma.flags;
        if ((vmFlags & VmFlags.VM_ACCOUNT) != 0) {
            long charged = dontUnmap ? newLen : Math.max(0, newLen - oldLen);
            if (!mm.vmEnoughMemory(charged >>> PAGE_SHIFT)) {
                throw new KernelError(Errno.ENOMEM);
            }
        }
        long newPgoff = vma.pgoff + ((oldAddr - vma.start) >>> PAGE_SHIFT);
        Vma source = vma.copy();
        source.start = oldAddr;
        source.end = oldAddr + oldLen;
        source.pgoff = newPgoff;
        long vmaStart = vma.start;
        Vma newVma = copyVma(mm, vma, newAddr, newLen, newPgoff);
        if (vmaStart >= newVma.start && vmaStart < newVma.end) {
            vma = newVma;
        }
        mm.queueMoved(source, newAddr);
        boolean accountStart = false;
        boolean accountEnd = false;
        if ((vmFlags & VmFlags.VM_ACCOUNT) != 0 && !dontUnmap) {
            // Conceal VM_ACCOUNT so unmapping the source does not undo the moved reservation.
            mm.setFlags(vma, vma.flags & ~VmFlags.VM_ACCOUNT);
            accountStart = vma.start < oldAddr;
            accountEnd = vma.end > oldAddr + oldLen;
        }
        mm.vmStatAccount(vma.flags, newLen >>> PAGE_SHIFT);
        if (dontUnmap) {
            mm.setFlags(vma, vma.flags & ~VmFlags.VM_LOCKED_MASK);
            if (newVma != vma && vma.start == oldAddr && vma.end == oldAddr + oldLen) {
                mm.setAnonVma(vma, null);
            }
            return newAddr;
        }
        try {
            Munmap.doMunmap(mm, oldAddr, oldLen);
        } catch (KernelError e) {
            // Linux keeps the new copy and only fixes up accounting when the source cannot be split.
        }
        if ((vmFlags & VmFlags.VM_LOCKED) != 0) {
            mm.addLockedVm(newLen >>> PAGE_SHIFT);
            if (newLen > oldLen) {
                mm.queuePopulate(newAddr + oldLen, newAddr + newLen);
            }
        }
        if (accountStart) {
            Vma before = mm.findVmaPrev(oldAddr);
            mm.setFlags(before, before.flags | VmFlags.VM_ACCOUNT);
        }
        if (accountEnd) {
            Vma after = mm.findVma(oldAddr);
            mm.setFlags(after, after.flags | VmFlags.VM_ACCOUNT);
        }
        return newAddr;
    }

    /** copy_vma(): the destination VMA, merged with its new neighbours when possible. */
    private static Vma copyVma(MmStruct mm, Vma vma, long addr, long len, long pgoff) {
        if (vma.isAnonymous() && vma.anonVma == null) {
            pgoff = addr >>> PAGE_SHIFT;
        }
        VmaMerge.State g = VmaMerge.State.forNewRange(mm.findVmaPrev(addr), mm.findVma(addr), addr, addr + len,
                vma.flags, pgoff, vma.file, vma.anonVma, vma.anonName);
        Vma merged = VmaMerge.mergeNewRange(mm, g);
        if (merged != null) {
            return merged;
        }
        Vma created = new Vma(addr, addr + len, vma.flags, pgoff, vma.file, vma.anonVma, vma.specialName);
        created.anonName = vma.anonName;
        mm.link(created);
        return created;
    }
}
