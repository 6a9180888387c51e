/**
 * What mm/memory.c, mm/mprotect.c and mm/mremap.c do to PTEs over a range, for the machine's
 * {@link org.mmsim.mm.memory.UserMemory} (allocator, table pages, rmap, zero page, events):
 * {@link org.mmsim.mm.memory.Zap} (zap, unmap_region/free_pgtables, exit_mmap),
 * {@link org.mmsim.mm.memory.CopyPageRange} (fork), {@link org.mmsim.mm.memory.ChangeProtection}
 * (mprotect), {@link org.mmsim.mm.memory.MoveTables} (mremap). Page bytes are not kept here: the
 * fault path calls {@link org.mmsim.mm.memory.FrameContents#copyPage}, the seam to the page-contents
 * store (new anonymous pages come cleared from the allocator's __GFP_ZERO).
 */
package org.mmsim.mm.memory;
