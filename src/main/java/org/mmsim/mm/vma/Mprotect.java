/*
 * mprotect(2): mm/mprotect.c do_mprotect_pkey() (argument checks, PROT_GROWSDOWN, the per-VMA walk
 * with the VM_MAY* EACCES rule) and mprotect_fixup() (may_expand_vm, VM_ACCOUNT charge/uncharge
 * to the commit: making a private mapping writable is charged and may fail with ENOMEM,
 * vma_modify_flags merge-or-split, vm_stat_account, COW-populate of locked private mappings).
 * Deviation: Linux keeps the changes made to VMAs before the one that fails (a hole, EACCES);
 * here a failing call changes nothing. Leaves out pkeys, READ_IMPLIES_EXEC, PROT_GROWSUP (no
 * VM_GROWSUP on x86), MDWE, sealing and the other LSM hooks.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Mprotect {
    private static final int VALID_PROT = Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC | Mman.PROT_SEM;

    private Mprotect() {
    }

    /** mprotect(start, len, prot). */
    public static void mprotect(MmStruct mm, TaskLimits lim, long start, long len, int prot) {
        int grows = prot & (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP);
        prot &= ~grows;
        if (grows == (Mman.PROT_GROWSDOWN | Mman.PROT_GROWSUP)) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((start & (PAGE_SIZE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (len == 0) {
            return;
        }
        len = Munmap.pageAlign(len);
        long end = start + len;
        if (Long.compareUnsigned(end, start) <= 0) {
            throw new KernelError(Errno.ENOMEM);
        }
        if ((prot & ~VALID_PROT) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        mm.begin();
        try {
            apply(mm, lim, start, end, prot, grows);
            mm.commit();
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    private static void apply(MmStruct mm, TaskLimits lim, long start, long end, int prot, int grows) {
        Vma vma = mm.findVmaIntersection(start, end);
        if (vma == null) {
            throw new KernelError(Errno.ENOMEM);
        }
        if ((grows & Mman.PROT_GROWSDOWN) != 0) {
            start = vma.start;
            if ((vma.flags & VmFlags.VM_GROWSDOWN) == 0) {
                throw new KernelError(Errno.EINVAL);
            }
        } else if (vma.start > start) {
            throw new KernelError(Errno.ENOMEM);
        }
        if (grows != 0 && (grows & Mman.PROT_GROWSDOWN) == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        Vma prev = start > vma.start ? vma : mm.prevVma(vma);
        long nstart = start;
        long tmp = vma.start;
        for (Vma v = vma; v != null && v.start < end; ) {
            if (v.start != tmp) {
                throw new KernelError(Errno.ENOMEM);
            }
            long newFlags = VmFlags.calcVmProtBits(prot) | (v.flags & ~VmFlags.VM_ACCESS_FLAGS);
            // VM_MAY* sit four bits above VM_*: asking for an access the mapping may never have.
            if ((newFlags & ~(newFlags >>> 4) & VmFlags.VM_ACCESS_FLAGS) != 0) {
                throw new KernelError(Errno.EACCES);
            }
            tmp = Math.min(v.end, end);
            Vma done = fixup(mm, lim, v, prev, nstart, tmp, newFlags);
            prev = done;
            tmp = done.end;
            nstart = tmp;
            v = mm.nextVma(done);
        }
        if (tmp < end) {
            throw new KernelError(Errno.ENOMEM);
        }
    }

    /** mprotect_fixup(): give [start, end) of vma newFlags; returns the VMA now covering it. */
    private static Vma fixup(MmStruct mm, TaskLimits lim, Vma vma, Vma prev, long start, long end, long newFlags) {
        long oldFlags = vma.flags;
        long pages = (end - start) >>> PAGE_SHIFT;
        if (newFlags == oldFlags) {
            return vma;
        }
        if ((newFlags & VmFlags.VM_WRITE) != 0) {
            if (!mm.mayExpandVm(lim, newFlags, pages) && mm.mayExpandVm(lim, oldFlags, pages)) {
                throw new KernelError(Errno.ENOMEM);
            }
            if ((oldFlags & (VmFlags.VM_ACCOUNT | VmFlags.VM_WRITE | VmFlags.VM_HUGETLB | VmFlags.VM_SHARED
                    | VmFlags.VM_NORESERVE)) == 0) {
                if (!mm.vmEnoughMemory(pages)) {
                    throw new KernelError(Errno.ENOMEM);
                }
                newFlags |= VmFlags.VM_ACCOUNT;
            }
        } else if ((oldFlags & VmFlags.VM_ACCOUNT) != 0 && vma.isAnonymous() && vma.anonVma == null) {
            // Never written, so nothing to keep charged.
            newFlags &= ~VmFlags.VM_ACCOUNT;
        }
        if ((oldFlags & VmFlags.VM_ACCOUNT) != 0 && (newFlags & VmFlags.VM_ACCOUNT) == 0) {
            mm.vmAcctMemory(-pages);
        }
        Vma done = VmaMerge.modify(mm, VmaMerge.State.forExisting(prev, vma, start, end, newFlags));
        mm.setFlags(done, newFlags);
        mm.queueFlagsChanged(done, start, end, oldFlags);
        if ((oldFlags & (VmFlags.VM_WRITE | VmFlags.VM_SHARED | VmFlags.VM_LOCKED)) == VmFlags.VM_LOCKED
                && (newFlags & VmFlags.VM_WRITE) != 0) {
            mm.queuePopulate(start, end);
        }
        mm.vmStatAccount(oldFlags, -pages);
        mm.vmStatAccount(newFlags, pages);
        return done;
    }
}
