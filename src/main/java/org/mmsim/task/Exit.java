/*
 * The memory part of do_exit(): kernel/exit.c exit_mm() -> mmput() -> mm/mmap.c exit_mmap():
 * every VMA unmapped (their VM_ACCOUNT pages given back to the commit), every page-table page and
 * the PGD freed, then every VMA's file reference dropped (remove_vma's fput: a file's last one may
 * free an unlinked file or a shared anonymous object) once the mm has left its rmap family.
 * A vfork child only gives its parent's mm back (mm_release, which would wake the parent).
 * Leaves out the OOM reaper, exit of threads sharing the mm, and the task's own kernel stack.
 */
package org.mmsim.task;

import org.mmsim.mm.memory.Zap;

public final class Exit {
    private Exit() {
    }

    /** exit_mm(): the task keeps its counters (for the parent's wait) but no longer has an mm. */
    public static void exit(Task t) {
        if (t.mm == null) {
            throw new IllegalStateException(t + " has already exited");
        }
        if (t.vforkParent != null) {
            t.vforkParent = null;
            t.mm = null;
            return;
        }
        t.mm.commitCharge().vmAcctMemory(-t.mm.accountedPages());
        Zap.exitMmap(t.um, t.mm, t.pt);
        t.um.rmap.leave(t.pt.family(), t.member);
        t.mm.dropFileMappings();
        t.mm = null;
    }
}
