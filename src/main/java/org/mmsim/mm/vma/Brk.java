/*
 * brk(2): mm/mmap.c SYSCALL_DEFINE1(brk) and do_brk_flags(): requests below start_brk or over
 * RLIMIT_DATA are ignored, shrinking unmaps, growth that would touch the next mapping (or its
 * stack guard gap) fails silently; every failure returns the unchanged break. Growth extends the
 * heap VMA when it ends at the old break, charging the growth to the commit (VM_ACCOUNT; a refusal
 * also returns the old break). Leaves out CONFIG_COMPAT_BRK.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.sim.KernelError;

public final class Brk {
    private Brk() {
    }

    /** brk(newBrk): returns the program break after the call. */
    public static long brk(MmStruct mm, TaskLimits lim, long newBrk) {
        long origBrk = mm.brk;
        mm.begin();
        try {
            if (!apply(mm, lim, newBrk)) {
                mm.abort();
                return origBrk;
            }
            mm.commit();
            return newBrk;
        } catch (KernelError e) {
            mm.abort();
            return origBrk;
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    /**
     * vm_brk_flags(): an anonymous brk-style mapping of [addr, addr+len) outside brk(2), as the ELF
     * loader maps a segment's bss; exec adds VM_EXEC when the segment is executable. Anything
     * mapped there before is unmapped first. Throws ENOMEM when it does not fit the limits.
     */
    public static void vmBrkFlags(MmStruct mm, TaskLimits lim, long addr, long len, boolean exec) {
        long end = Munmap.pageAlign(addr + len);
        if (end == addr) {
            return;
        }
        mm.begin();
        try {
            Munmap.alignedMunmap(mm, addr, end);
            Vma prev = mm.findVmaPrev(addr);
            doBrkFlags(mm, lim, prev, addr, end - addr, exec ? VmFlags.VM_EXEC : 0);
            mm.commit();
        } catch (RuntimeException e) {
            mm.abort();
            throw e;
        }
    }

    private static boolean apply(MmStruct mm, TaskLimits lim, long brk) {
        if (Long.compareUnsigned(brk, mm.startBrk) < 0) {
            return false;
        }
        if (lim.rlimitData != TaskLimits.RLIM_INFINITY && Long.compareUnsigned(
                (brk - mm.startBrk) + (mm.endData - mm.startData), lim.rlimitData) > 0) {
            return false;
        }
        long newEnd = Munmap.pageAlign(brk);
        long oldEnd = Munmap.pageAlign(mm.brk);
        if (oldEnd == newEnd) {
            mm.brk = brk;
            return true;
        }
        if (Long.compareUnsigned(brk, mm.brk) <= 0) {
            Vma heap = mm.findVmaIntersection(newEnd, oldEnd);
            if (heap == null) {
                return false;
            }
            mm.brk = brk;
            Munmap.alignedMunmap(mm, newEnd, oldEnd);
            return true;
        }
        Vma next = mm.findVmaIntersection(oldEnd, newEnd + PAGE_SIZE + mm.stackGuardGap());
        if (next != null && newEnd + PAGE_SIZE > next.startGap(mm.stackGuardGap())) {
            return false;
        }
        Vma heap = mm.findVmaPrev(oldEnd);
        if (heap != null && heap.end <= mm.startBrk) {
            heap = null;
        }
        doBrkFlags(mm, lim, heap, oldEnd, newEnd - oldEnd, 0);
        mm.brk = brk;
        if ((mm.defFlags() & VmFlags.VM_LOCKED) != 0) {
            mm.queuePopulate(oldEnd, newEnd);
        }
        return true;
    }

    /** do_brk_flags(): extend the heap VMA or create one for [addr, addr+len). */
    private static void doBrkFlags(MmStruct mm, TaskLimits lim, Vma heap, long addr, long len, long extra) {
        long flags = VmFlags.VM_DATA_DEFAULT_FLAGS | VmFlags.VM_ACCOUNT | mm.defFlags() | extra;
        long pages = len >>> PAGE_SHIFT;
        if (!mm.mayExpandVm(lim, flags, pages) || mm.mapCount() > mm.maxMapCount() || !mm.vmEnoughMemory(pages)) {
            throw new KernelError(org.mmsim.sim.Errno.ENOMEM);
        }
        Vma vma = null;
        if (heap != null && heap.end == addr) {
            VmaMerge.State g = VmaMerge.State.forNewRange(heap, null, addr, addr + len, flags, addr >>> PAGE_SHIFT,
                    null, null, null);
            g.justExpand = true;
            vma = VmaMerge.mergeNewRange(mm, g);
        }
        if (vma == null) {
            vma = new Vma(addr, addr + len, flags, addr >>> PAGE_SHIFT, null, null, null);
            mm.link(vma);
        }
        mm.vmStatAccount(flags, pages);
        if ((flags & VmFlags.VM_LOCKED) != 0) {
            mm.addLockedVm(pages);
        }
        mm.setFlags(vma, vma.flags | VmFlags.VM_SOFTDIRTY);
    }
}
