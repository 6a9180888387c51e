/*
 * The seam between the VMA layer and the page-table/fault layer: what mm/vma.c, mprotect.c,
 * mremap.c, madvise.c and mlock.c ask of page tables (unmap_vmas/free_pgtables,
 * change_protection, move_page_tables, zap_page_range/madvise_free/readahead,
 * populate_vma_page_range, mlock_vma_pages_range). Calls arrive only once a system call has
 * succeeded, in the order the kernel would make them; each Vma argument is a detached snapshot of
 * the affected part, taken when the kernel would have made the call.
 */
package org.mmsim.mm.vma;

public interface MappingListener {
    /** The range of {@code gone} was unmapped: zap its PTEs, free its pages and page tables. */
    void unmapped(MmStruct mm, Vma gone);

    /** vm_flags of [start, end) changed from oldFlags to now.flags() (mprotect, mlock, madvise). */
    void flagsChanged(MmStruct mm, Vma now, long start, long end, long oldFlags);

    /** mremap moved the page tables of {@code from} to start at newStart. */
    void moved(MmStruct mm, Vma from, long newStart);

    /** A page-level madvise (MADV_DONTNEED, FREE, WILLNEED, COLD, PAGEOUT, REMOVE, POPULATE_*). */
    void advised(MmStruct mm, Vma vma, long start, long end, int advice);

    /**
     * mm_populate(): fault in the VMAs of [start, end) (MAP_POPULATE, MAP_LOCKED, mlock, mlockall,
     * growing a locked brk or mremap), skipping VM_LOCKONFAULT, VM_IO/VM_PFNMAP and inaccessible
     * VMAs as populate_vma_page_range() does; a failure to populate is not reported back.
     */
    void populate(MmStruct mm, long start, long end);
}
