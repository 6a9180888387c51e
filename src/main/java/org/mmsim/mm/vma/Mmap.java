/*
 * mmap(2): arch/x86/kernel/sys_x86_64.c sys_mmap (offset alignment), mm/mmap.c ksys_mmap_pgoff,
 * do_mmap (argument, rlimit and file-mode checks, calc_vm_prot_bits/calc_vm_flag_bits) and
 * mm/vma.c __mmap_region (MAP_FIXED unmapping, may_expand_vm, VM_ACCOUNT, merge with neighbours or
 * a new VMA, vm_stat_account, locked_vm) followed by mm_populate for MAP_POPULATE/MAP_LOCKED.
 * Private writable mappings are charged to the commit (accountable_mapping, VM_ACCOUNT) less what
 * a MAP_FIXED mapping replaces; MAP_NORESERVE is honoured unless overcommit_memory is 2.
 * Leaves out hugetlbfs (MAP_HUGETLB fails with ENOMEM as with an empty hugepage pool), DAX (files
 * refuse MAP_SYNC with EOPNOTSUPP, as non-DAX filesystems do), MAP_DROPPABLE, protection keys,
 * READ_IMPLIES_EXEC and the other LSM hooks. A shared anonymous mapping's object is charged by
 * shmem (shmem_acct_size) unless VM_NORESERVE, and given back when its last VMA goes.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Mmap {
    private Mmap() {
    }

    /**
     * mmap(addr, len, prot, flags, fd, offset): file is the open file behind fd, or null for
     * MAP_ANONYMOUS (a null file without MAP_ANONYMOUS is a bad descriptor). Returns the address.
     */
    public static long mmap(MmStruct mm, TaskLimits lim, long addr, long len, int prot, int flags, VmFile file,
            long offset) {
        if ((offset & (PAGE_SIZE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & Mman.MAP_ANONYMOUS) != 0) {
            file = null;
            if ((flags & Mman.MAP_HUGETLB) != 0) {
                throw new KernelError(Errno.ENOMEM);
            }
        } else if (file == null) {
            throw new KernelError(Errno.EBADF);
        }
        mm.begin();
        try {
            long result = doMmap(mm, lim, file, addr, len, prot, flags, offset >>> PAGE_SHIFT);
            mm.commit();
            return result;
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    /** round_hint_to_min(): a hint below mmap_min_addr moves up to it. */
    private static long roundHintToMin(MmStruct mm, long hint) {
        hint &= -PAGE_SIZE;
        if (hint != 0 && Long.compareUnsigned(hint, mm.mmapMinAddr()) < 0) {
            return Munmap.pageAlign(mm.mmapMinAddr());
        }
        return hint;
    }

    private static long calcVmFlagBits(int flags) {
        long f = 0;
        if ((flags & Mman.MAP_GROWSDOWN) != 0) {
            f |= VmFlags.VM_GROWSDOWN;
        }
        if ((flags & Mman.MAP_LOCKED) != 0) {
            f |= VmFlags.VM_LOCKED;
        }
        if ((flags & Mman.MAP_STACK) != 0) {
            f |= VmFlags.VM_NOHUGEPAGE;
        }
        return f;
    }

    private static long doMmap(MmStruct mm, TaskLimits lim, VmFile file, long addr, long len, int prot, int flags,
            long pgoff) {
        if (len == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((flags & Mman.MAP_FIXED_NOREPLACE) != 0) {
            flags |= Mman.MAP_FIXED;
        }
        if ((flags & Mman.MAP_FIXED) == 0) {
            addr = roundHintToMin(mm, addr);
        }
        len = Munmap.pageAlign(len);
        if (len == 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        if (Long.compareUnsigned(pgoff + (len >>> PAGE_SHIFT), pgoff) < 0) {
            throw new KernelError(Errno.EOVERFLOW);
        }
        if (mm.mapCount() > mm.maxMapCount()) {
            throw new KernelError(Errno.ENOMEM);
        }
        addr = UnmappedArea.get(mm, lim, file, addr, len, pgoff, flags, 0);
        if ((flags & Mman.MAP_FIXED_NOREPLACE) != 0 && mm.findVmaIntersection(addr, addr + len) != null) {
            throw new KernelError(Errno.EEXIST);
        }
        long vmFlags = VmFlags.calcVmProtBits(prot) | calcVmFlagBits(flags) | mm.defFlags()
                | VmFlags.VM_MAYREAD | VmFlags.VM_MAYWRITE | VmFlags.VM_MAYEXEC;
        if ((flags & Mman.MAP_LOCKED) != 0 && !lim.canDoMlock()) {
            throw new KernelError(Errno.EPERM);
        }
        if (!mm.mlockFutureOk(lim, vmFlags, len)) {
            throw new KernelError(Errno.EAGAIN);
        }
        if (file != null) {
            vmFlags = fileMappingFlags(file, prot, flags, vmFlags);
        } else {
            switch (flags & Mman.MAP_TYPE) {
                case Mman.MAP_SHARED:
                    if ((vmFlags & VmFlags.VM_GROWSDOWN) != 0) {
                        throw new KernelError(Errno.EINVAL);
                    }
                    pgoff = 0;
                    vmFlags |= VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE;
                    break;
                case Mman.MAP_PRIVATE:
                    pgoff = addr >>> PAGE_SHIFT;
                    break;
                default:
                    throw new KernelError(Errno.EINVAL);
            }
        }
        // We honor MAP_NORESERVE if allowed to overcommit.
        if ((flags & Mman.MAP_NORESERVE) != 0 && !mm.commitCharge().neverOvercommit()) {
            vmFlags |= VmFlags.VM_NORESERVE;
        }
        mmapRegion(mm, lim, file, addr, len, vmFlags, pgoff);
        if ((vmFlags & VmFlags.VM_LOCKED) != 0
                || (flags & (Mman.MAP_POPULATE | Mman.MAP_NONBLOCK)) == Mman.MAP_POPULATE) {
            mm.queuePopulate(addr, addr + len);
        }
        return addr;
    }

    /** The file half of do_mmap's MAP_TYPE switch: file-mode checks and the sharing bits. */
    private static long fileMappingFlags(VmFile file, int prot, int flags, long vmFlags) {
        boolean sync = (flags & Mman.MAP_SYNC) != 0;
        int type = flags & Mman.MAP_TYPE;
        if (type == Mman.MAP_SHARED) {
            flags &= Mman.LEGACY_MAP_MASK;
            type = Mman.MAP_SHARED_VALIDATE;
        }
        if (type == Mman.MAP_SHARED_VALIDATE) {
            if ((flags & ~Mman.LEGACY_MAP_MASK) != 0) {
                throw new KernelError(Errno.EOPNOTSUPP);
            }
            if ((prot & Mman.PROT_WRITE) != 0 && !file.writable) {
                throw new KernelError(Errno.EACCES);
            }
            vmFlags |= VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE;
            if (!file.writable) {
                vmFlags &= ~(VmFlags.VM_MAYWRITE | VmFlags.VM_SHARED);
            }
        } else if (type != Mman.MAP_PRIVATE) {
            throw new KernelError(Errno.EINVAL);
        }
        if (!file.readable) {
            throw new KernelError(Errno.EACCES);
        }
        if (file.noexec) {
            if ((vmFlags & VmFlags.VM_EXEC) != 0) {
                throw new KernelError(Errno.EPERM);
            }
            vmFlags &= ~VmFlags.VM_MAYEXEC;
        }
        if ((vmFlags & VmFlags.VM_GROWSDOWN) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        // MAP_SYNC became VM_SYNC, which only a DAX filesystem's ->mmap accepts.
        if (sync) {
            throw new KernelError(Errno.EOPNOTSUPP);
        }
        return vmFlags;
    }

    /** Pages of existing VMAs inside [start, end): what a MAP_FIXED mapping replaces. */
    static long overlapPages(MmStruct mm, long start, long end) {
        long pages = 0;
        for (Vma v = mm.findVmaIntersection(start, end); v != null && v.start < end; v = mm.nextVma(v)) {
            pages += (Math.min(v.end, end) - Math.max(v.start, start)) >>> PAGE_SHIFT;
        }
        return pages;
    }

    /** Pages of VM_ACCOUNT VMAs inside [start, end): the charge a MAP_FIXED mapping takes over. */
    private static long overlapAccounted(MmStruct mm, long start, long end) {
        long pages = 0;
        for (Vma v = mm.findVmaIntersection(start, end); v != null && v.start < end; v = mm.nextVma(v)) {
            if ((v.flags & VmFlags.VM_ACCOUNT) != 0) {
                pages += (Math.min(v.end, end) - Math.max(v.start, start)) >>> PAGE_SHIFT;
            }
        }
        return pages;
    }

    /** __mmap_region(): replace whatever is at [addr, addr+len) with the new mapping. */
    static Vma mmapRegion(MmStruct mm, TaskLimits lim, VmFile file, long addr, long len, long vmFlags, long pgoff) {
        long end = addr + len;
        long pglen = len >>> PAGE_SHIFT;
        if (!mm.mayExpandVm(lim, vmFlags, pglen - overlapPages(mm, addr, end))) {
            throw new KernelError(Errno.ENOMEM);
        }
        // accountable_mapping(): private writable memory is charged, less the replaced VMAs' charge.
        boolean accountable = (vmFlags & (VmFlags.VM_NORESERVE | VmFlags.VM_SHARED | VmFlags.VM_WRITE))
                == VmFlags.VM_WRITE;
        long replacedCharge = overlapAccounted(mm, addr, end);
        if (accountable) {
            long charged = pglen - replacedCharge;
            if (charged != 0 && !mm.vmEnoughMemory(charged)) {
                throw new KernelError(Errno.ENOMEM);
            }
            vmFlags |= VmFlags.VM_ACCOUNT;
        }
        Munmap.alignedMunmap(mm, addr, end);
        if (accountable) {
            // The new mapping keeps the replaced VMAs' charge (vms.nr_accounted = 0): munmap gave it back.
            mm.vmAcctMemory(replacedCharge);
        }
        VmaMerge.State g = VmaMerge.State.forNewRange(mm.findVmaPrev(addr), mm.findVma(addr), addr, end, vmFlags,
                pgoff, file, null, null);
        Vma vma = VmaMerge.mergeNewRange(mm, g);
        if (vma == null) {
            VmFile backing = file;
            if (backing == null && (vmFlags & VmFlags.VM_SHARED) != 0) {
                backing = mm.newShmemFile();
                // shmem_zero_setup() -> shmem_acct_size(): the object is charged unless VM_NORESERVE.
                if ((vmFlags & VmFlags.VM_NORESERVE) == 0) {
                    if (!mm.vmEnoughMemory(pglen)) {
                        throw new KernelError(Errno.ENOMEM);
                    }
                    backing.shmemCharged = pglen;
                }
            }
            vma = new Vma(addr, end, vmFlags, pgoff, backing, null, null);
            mm.link(vma);
        }
        mm.vmStatAccount(vmFlags, pglen);
        long finalFlags = vma.flags;
        if ((vmFlags & VmFlags.VM_LOCKED) != 0) {
            if ((vmFlags & VmFlags.VM_SPECIAL) != 0) {
                finalFlags &= ~VmFlags.VM_LOCKED_MASK;
            } else {
                mm.addLockedVm(pglen);
            }
        }
        mm.setFlags(vma, finalFlags | VmFlags.VM_SOFTDIRTY);
        return vma;
    }
}
