/*
 * Stack growth on a fault below a VM_GROWSDOWN VMA: mm/mmap.c expand_stack()/expand_downwards()
 * and acct_stack_growth() (RLIMIT_AS/DATA via may_expand_vm, RLIMIT_STACK, RLIMIT_MEMLOCK, the
 * stack_guard_gap to an accessible VMA below, pgoff underflow). The fault layer calls it with the
 * faulting address; it is not a system call, so a refusal is a null result. The growth is charged
 * to the commit (security_vm_enough_memory_mm) last. Leaves out VM_GROWSUP and hugetlb-only ranges.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

public final class StackExpand {
    private StackExpand() {
    }

    /**
     * expand_stack(): the VMA that now covers addr, grown downwards if needed, or null when addr is
     * not below a stack or the stack may not grow that far.
     */
    public static Vma expandStack(MmStruct mm, TaskLimits lim, long addr) {
        Vma vma = mm.findVma(addr);
        if (vma == null) {
            return null;
        }
        if (vma.start <= addr) {
            return vma;
        }
        if ((vma.flags & VmFlags.VM_GROWSDOWN) == 0 || Long.compareUnsigned(addr, mm.mmapMinAddr()) < 0) {
            return null;
        }
        long address = addr & -PAGE_SIZE;
        Vma prev = mm.prevVma(vma);
        if (prev != null && (prev.flags & VmFlags.VM_GROWSDOWN) == 0 && (prev.flags & VmFlags.VM_ACCESS_FLAGS) != 0
                && address - prev.end < mm.stackGuardGap()) {
            return null;
        }
        mm.anonVmaPrepare(vma);
        long size = vma.end - address;
        long grow = (vma.start - address) >>> PAGE_SHIFT;
        if (grow > vma.pgoff || !mm.mayExpandVm(lim, vma.flags, grow)
                || Long.compareUnsigned(size, lim.rlimitStack) > 0
                || !mm.mlockFutureOk(lim, vma.flags, grow << PAGE_SHIFT) || !mm.vmEnoughMemory(grow)) {
            return null;
        }
        if ((vma.flags & VmFlags.VM_LOCKED) != 0) {
            mm.addLockedVm(grow);
        }
        mm.vmStatAccount(vma.flags, grow);
        mm.setRange(vma, address, vma.end, vma.pgoff - grow);
        return vma;
    }
}
