/**
 * Tasks and the programs they run, above the mm mechanisms and below the assembled kernel:
 * {@link org.mmsim.task.Task#create} (a fresh address space), {@link org.mmsim.task.Exec#exec}
 * (a static ELF program's layout, {@link org.mmsim.task.ProgramImage}, with the vDSO),
 * {@link org.mmsim.task.Task#access} and {@link org.mmsim.task.Task#touch} (user accesses),
 * {@link org.mmsim.task.Fork#fork}, {@link org.mmsim.task.Fork#vfork} and
 * {@link org.mmsim.task.Exit#exit}. The mapping system calls run on {@code task.mm()} with
 * {@code task.limits()} (org.mmsim.mm.vma).
 */
package org.mmsim.task;
