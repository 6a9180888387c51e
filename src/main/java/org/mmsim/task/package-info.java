/**
 * Tasks and the programs they run, above the mm mechanisms and below the assembled kernel:
 * {@link org.mmsim.task.Task#create} (a fresh address space), {@link org.mmsim.task.Task#access}
 * and {@link org.mmsim.task.Task#touch} (user accesses), {@link org.mmsim.task.Fork#fork} and
 * {@link org.mmsim.task.Exit#exit}. The mapping system calls run on {@code task.mm()} with
 * {@code task.limits()} (org.mmsim.mm.vma).
 */
package org.mmsim.task;
