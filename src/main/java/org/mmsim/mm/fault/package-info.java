/**
 * The fault path (arch/x86/mm/fault.c, mm/memory.c handle_mm_fault, mm/gup.c population):
 * {@link org.mmsim.mm.fault.Fault#access} is a user access (MMU check, then the fault),
 * {@link org.mmsim.mm.fault.Populate} faults ranges in for MAP_POPULATE, mlock and
 * MADV_POPULATE_*, and {@link org.mmsim.mm.fault.PageTableListener} is the page-table side of the
 * VMA layer's {@link org.mmsim.mm.vma.MappingListener}. File and shmem faults ({@code FileFault})
 * run over the page cache (org.mmsim.mm.filemap). {@link org.mmsim.mm.fault.AnonFaultRun} takes a
 * run of first-touch anonymous write faults at once (a simulator shortcut with the per-page state).
 */
package org.mmsim.mm.fault;
