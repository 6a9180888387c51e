/*
 * The vDSO exec maps into every 64-bit process: arch/x86/entry/vdso/vma.c map_vdso() for
 * vdso_image_64 as Linux 6.18 lays it out (the generic vDSO data store): one get_unmapped_area()
 * for the data pages plus the image, [vvar] (the 4 pages of vdso_k_time/rng/arch data) and
 * [vvar_vclock] (2 pages: the pvclock and Hyper-V clock pages) VM_PFNMAP|VM_IO|VM_DONTDUMP
 * read-only, then [vdso] (this host's 2-page image) read+exec. They are special mappings
 * (VM_DONTEXPAND): never merged, moved or grown. The page size figures are this host's.
 * Leaves out the pages' contents (no vDSO code runs), vm_special_mapping fault handlers (a touch
 * faults as anonymous memory would) and vdso=0; [vsyscall] is the gate area procfs prints, not a VMA.
 */
package org.mmsim.task;

import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.mm.vma.UnmappedArea;
import org.mmsim.mm.vma.VmFlags;

final class Vdso {
    /** VDSO_NR_PAGES of the generic data store (time, rng and arch data pages). */
    static final long VVAR_PAGES = 4;
    /** VDSO_NR_VCLOCK_PAGES: pvclock and hvclock. */
    static final long VCLOCK_PAGES = 2;
    /** vdso_image_64.size on this host. */
    static final long IMAGE_PAGES = 2;

    private static final long SPECIAL_DATA = VmFlags.VM_READ | VmFlags.VM_MAYREAD | VmFlags.VM_IO
            | VmFlags.VM_DONTDUMP | VmFlags.VM_PFNMAP;
    private static final long TEXT = VmFlags.VM_READ | VmFlags.VM_EXEC | VmFlags.VM_MAYREAD | VmFlags.VM_MAYWRITE
            | VmFlags.VM_MAYEXEC;

    private Vdso() {
    }

    /** map_vdso(image, 0): returns the [vdso] text address (mm->context.vdso). Throws ENOMEM. */
    static long map(MmStruct mm, TaskLimits lim) {
        long data = (VVAR_PAGES + VCLOCK_PAGES) << 12;
        long addr = UnmappedArea.get(mm, lim, null, 0, data + (IMAGE_PAGES << 12), 0, 0, 0);
        long text = addr + data;
        mm.installSpecialMapping(text, IMAGE_PAGES << 12, TEXT, "[vdso]");
        mm.installSpecialMapping(addr, VVAR_PAGES << 12, SPECIAL_DATA, "[vvar]");
        mm.installSpecialMapping(addr + (VVAR_PAGES << 12), VCLOCK_PAGES << 12, SPECIAL_DATA, "[vvar_vclock]");
        return text;
    }
}
