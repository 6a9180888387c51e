/*
 * Unmapping, mm/vma.c: do_vmi_munmap() argument checks and do_vmi_align_munmap() with
 * vms_gather_munmap_vmas() (split the edge VMAs, collect the covered ones, honour
 * vm.max_map_count) and vms_complete_munmap_vmas() (map_count, locked_vm and vm_stat_account
 * bookkeeping, vm_unacct_memory of the VM_ACCOUNT pages, then the page-table call-out). Leaves out
 * mseal (no VMA is sealed) and userfaultfd unmap events.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import java.util.ArrayList;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Munmap {
    private Munmap() {
    }

    /** munmap(2). */
    public static void munmap(MmStruct mm, long start, long len) {
        mm.begin();
        try {
            doMunmap(mm, start, len);
            mm.commit();
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    /** do_vmi_munmap(): inside a transaction. */
    static void doMunmap(MmStruct mm, long start, long len) {
        if ((start & (PAGE_SIZE - 1)) != 0 || Long.compareUnsigned(start, mm.taskSize()) > 0
                || Long.compareUnsigned(len, mm.taskSize() - start) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long end = start + pageAlign(len);
        if (end == start) {
            throw new KernelError(Errno.EINVAL);
        }
        alignedMunmap(mm, start, end);
    }

    /** do_vmi_align_munmap() on page-aligned [start, end); nothing mapped there is fine. */
    static void alignedMunmap(MmStruct mm, long start, long end) {
        Vma vma = mm.findVmaIntersection(start, end);
        if (vma == null) {
            return;
        }
        if (start > vma.start) {
            // Splitting one VMA in three must not leave map_count above the limit.
            if (end < vma.end && mm.mapCount() >= mm.maxMapCount()) {
                throw new KernelError(Errno.ENOMEM);
            }
            VmaMerge.splitVmaUnchecked(mm, vma, start, true);
        }
        ArrayList<Vma> gone = new ArrayList<>();
        for (Vma v = vma; v != null && v.start < end; v = mm.nextVma(v)) {
            if (v.end > end) {
                VmaMerge.splitVmaUnchecked(mm, v, end, false);
            }
            gone.add(v);
        }
        long nrAccounted = 0;
        for (int i = 0; i < gone.size(); i++) {
            Vma v = gone.get(i);
            mm.unlink(v);
            long pages = v.pages();
            if ((v.flags & VmFlags.VM_ACCOUNT) != 0) {
                nrAccounted += pages;
            }
            if ((v.flags & VmFlags.VM_LOCKED) != 0) {
                mm.addLockedVm(-pages);
            }
            mm.vmStatAccount(v.flags, -pages);
            mm.queueUnmapped(v);
        }
        if (nrAccounted != 0) {
            mm.vmAcctMemory(-nrAccounted);
        }
    }

    static long pageAlign(long len) {
        return (len + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
