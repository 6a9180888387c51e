/**
 * The address-space layer (mm/vma.c, mm/mmap.c, mm/mprotect.c, mm/mremap.c, mm/madvise.c,
 * mm/mlock.c, arch/x86/mm/mmap.c): VMAs of an {@link org.mmsim.mm.vma.MmStruct} and the mapping
 * system calls, independent of page tables.
 *
 * <p>API for the process and fault layers:
 * <ul>
 * <li>Create an address space: {@code new MmStruct(listener, maxMapCount,
 * MmapLayout.pick(rlimitStack, legacyVaLayout, randomizeVaSpace, random.stream("mmap")))}; the
 * exec loader then sets start_code..start_stack and adds segments, the stack and [vdso]/[vvar]
 * with {@code insertMapping}/{@code installSpecialMapping}.</li>
 * <li>System calls, each with the caller's {@link org.mmsim.mm.vma.TaskLimits}: {@code Mmap.mmap},
 * {@code Munmap.munmap}, {@code Mprotect.mprotect}, {@code Mremap.mremap}, {@code Brk.brk},
 * {@code Madvise.madvise}, {@code Mlock.mlock/mlock2/munlock/mlockall/munlockall}. A refusal
 * throws {@code KernelError} and leaves the mm unchanged (madvise over a hole: applied, then
 * ENOMEM, as Linux).</li>
 * <li>Fault path: {@code MmStruct.findVma/vmaLookup/findVmaPrev/findVmaIntersection},
 * {@code StackExpand.expandStack} below a VM_GROWSDOWN VMA, {@code MmStruct.anonVmaPrepare} on
 * the first anonymous fault.</li>
 * <li>Overcommit hooks in through {@link org.mmsim.mm.vma.CommitCharge}
 * ({@code MmStruct.setCommitCharge}; fork copies it): VM_ACCOUNT mappings are charged and given
 * back there, and a refused charge fails the call with ENOMEM.</li>
 * <li>Page tables hook in through {@link org.mmsim.mm.vma.MappingListener}, called after a call
 * succeeds: unmapped, flagsChanged, moved, advised, populate.</li>
 * <li>procfs: {@code MmStruct.vmas()} in address order, {@code mapsName}, the counters
 * (total_vm, locked_vm, data_vm, exec_vm, stack_vm, map_count) and {@code VmFlags.permString}.</li>
 * </ul>
 */
package org.mmsim.mm.vma;
