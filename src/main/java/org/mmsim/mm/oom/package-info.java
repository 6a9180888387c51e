/**
 * mm/oom_kill.c: the OOM killer (out_of_memory, oom_badness, the kernel log report, the OOM
 * reaper) over the process layer's tasks, seen through {@link org.mmsim.mm.oom.OomTask}.
 */
package org.mmsim.mm.oom;
