/*
 * Faulting a range in without a user access: mm/gup.c populate_vma_page_range()/__mm_populate()
 * (MAP_POPULATE, MAP_LOCKED, mlock) and faultin_page_range() (MADV_POPULATE_READ/WRITE): for each
 * page, follow the PTE and call handle_mm_fault() only when it does not allow the access; each
 * such fault counts like a user fault (PGFAULT, the current task's min_flt). A writable private
 * mapping is populated with write faults (FOLL_WRITE), as populate_vma_page_range() does.
 * Leaves out FOLL_FORCE on read-only private mappings, THP and file mappings (see Fault).
 */
package org.mmsim.mm.fault;

import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;

public final class Populate {
    private Populate() {
    }

    /** __mm_populate(start, len): every populatable VMA of [start, end). */
    public static void mmPopulate(UserMemory um, MmStruct mm, PageTable pt, FaultCounts acct, long start, long end) {
        long addr = start;
        while (addr < end) {
            Vma vma = mm.findVma(addr);
            if (vma == null || vma.start() >= end) {
                return;
            }
            long s = Math.max(addr, vma.start());
            long e = Math.min(end, vma.end());
            long f = vma.flags();
            boolean skip = (f & (VmFlags.VM_IO | VmFlags.VM_PFNMAP | VmFlags.VM_LOCKONFAULT)) != 0
                    || (f & VmFlags.VM_ACCESS_FLAGS) == 0;
            if (!skip) {
                boolean write = (f & (VmFlags.VM_WRITE | VmFlags.VM_SHARED)) == VmFlags.VM_WRITE;
                if (!range(um, mm, pt, vma, acct, s, e, write ? Fault.WRITE : Fault.READ)) {
                    return;
                }
            }
            addr = e;
        }
    }

    /**
     * faultin_page_range() / the per-VMA loop of __get_user_pages(): false when a fault failed (OOM),
     * which stops population as GUP does.
     */
    public static boolean range(UserMemory um, MmStruct mm, PageTable pt, Vma vma, FaultCounts acct, long start,
            long end, int kind) {
        for (long a = start; a < end; a += 4096) {
            if (Fault.permits(pt.walk(a), kind)) {
                continue;
            }
            int r = Fault.handleMmFault(um, mm, pt, vma, acct, a, kind);
            if (r != Fault.MINOR && r != Fault.MAJOR) {
                return false;
            }
        }
        return true;
    }
}
