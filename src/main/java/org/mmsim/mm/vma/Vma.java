/*
 * A vm_area_struct (include/linux/mm_types.h): the half-open range [start, end), vm_flags, vm_pgoff,
 * vm_file, anon_vma, anon_vma_name (prctl PR_SET_VMA_ANON_NAME) and a special mapping's name
 * ([vdso], from its vm_special_mapping).
 * Fields change only through MmStruct so that a refused call can be rolled back. Leaves out
 * vm_page_prot (derived from flags by the page-table layer), vm_ops, mempolicy and userfaultfd.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;

public final class Vma {
    long start;
    long end;
    long flags;
    long pgoff;
    final VmFile file;
    AnonVma anonVma;
    final String specialName;
    String anonName;

    Vma(long start, long end, long flags, long pgoff, VmFile file, AnonVma anonVma, String specialName) {
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.pgoff = pgoff;
        this.file = file;
        this.anonVma = anonVma;
        this.specialName = specialName;
    }

    /** vm_area_dup(): a detached copy. */
    Vma copy() {
        Vma v = new Vma(start, end, flags, pgoff, file, anonVma, specialName);
        v.anonName = anonName;
        return v;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    public long flags() {
        return flags;
    }

    public long pgoff() {
        return pgoff;
    }

    public VmFile file() {
        return file;
    }

    public AnonVma anonVma() {
        return anonVma;
    }

    public String specialName() {
        return specialName;
    }

    public String anonName() {
        return anonName;
    }

    public long pages() {
        return (end - start) >>> PAGE_SHIFT;
    }

    /** vma_is_anonymous(): no vm_ops, i.e. not file-backed, shared anonymous (shmem) or special. */
    public boolean isAnonymous() {
        return file == null && (flags & VmFlags.VM_SPECIAL) == 0;
    }

    /** vm_start_gap(): the start including the stack guard gap below a VM_GROWSDOWN mapping. */
    long startGap(long stackGuardGap) {
        if ((flags & VmFlags.VM_GROWSDOWN) == 0) {
            return start;
        }
        long gapStart = start - stackGuardGap;
        return Long.compareUnsigned(gapStart, start) > 0 ? 0 : gapStart;
    }

    @Override
    public String toString() {
        return String.format("%x-%x %s %08x %s", start, end, VmFlags.permString(flags), pgoff << PAGE_SHIFT,
                file != null ? file.path : specialName != null ? specialName : anonName != null ? anonName : "");
    }
}
