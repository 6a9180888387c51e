/*
 * /proc/PID/stat and statm (fs/proc/array.c do_task_stat, proc_pid_statm via task_statm): the 52
 * fields of a sleeping single-threaded process in its own session and process group with no
 * terminal, fault counts from the fault path, start time from the simulated clock in USER_HZ
 * ticks, vsize and rss from the mm, the layout exec set (start_code..env_end). Leaves out CPU
 * time (0) and the parent's fault counts.
 */
package org.mmsim.procfs;

import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.task.Task;

final class PidStat {
    /** PF_RANDOMIZE: the task's layout was randomized (randomize_va_space not 0). */
    private static final long PF_RANDOMIZE = 0x400000;
    private static final long NS_PER_TICK = 10_000_000L;

    private PidStat() {
    }

    /** A spawned task's parent is init. */
    static int ppid(Task t) {
        return t.parent == null ? 1 : t.parent.pid;
    }

    static String stat(Task t, boolean randomized) {
        MmStruct mm = t.mm();
        StringBuilder sb = new StringBuilder();
        sb.append(t.pid).append(" (").append(t.comm).append(") S ").append(ppid(t)).append(' ').append(t.pid)
                .append(' ').append(t.pid).append(" 0 -1 ").append(randomized ? PF_RANDOMIZE : 0).append(' ')
                .append(t.faults.minflt).append(" 0 ").append(t.faults.majflt).append(" 0")
                .append(" 0 0 0 0 20 0 1 0 ").append(t.startTimeNs / NS_PER_TICK).append(' ')
                .append(mm.totalVm() << 12).append(' ').append(t.rssPages()).append(" 18446744073709551615 ")
                .append(mm.startCode).append(' ').append(mm.endCode).append(' ').append(mm.startStack)
                .append(" 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 ").append(mm.startData).append(' ').append(mm.endData)
                .append(' ').append(mm.startBrk).append(' ').append(mm.argStart).append(' ').append(mm.argEnd)
                .append(' ').append(mm.envStart).append(' ').append(mm.envEnd).append(" 0\n");
        return sb.toString();
    }

    /** do_task_stat() for a task without an mm: sizes, addresses and the memory layout are 0. */
    static String statWithoutMm(int pid, String comm, int ppid, boolean randomized) {
        return pid + " (" + comm + ") S " + ppid + " " + pid + " " + pid + " 0 -1 " + (randomized ? PF_RANDOMIZE : 0)
                + " 0 0 0 0 0 0 0 0 20 0 1 0 0 0 0 18446744073709551615" + " 0".repeat(12) + " 17"
                + " 0".repeat(14) + "\n";
    }

    /** size resident shared text lib data dt, in pages (lib and dt are always 0). */
    static String statm(Task t) {
        MmStruct mm = t.mm();
        long shared = t.rss(PageTable.MM_FILEPAGES) + t.rss(PageTable.MM_SHMEMPAGES);
        long text = (((mm.endCode + 4095) & ~4095L) - (mm.startCode & ~4095L)) >> 12;
        long data = mm.dataVm() + mm.stackVm();
        return mm.totalVm() + " " + t.rssPages() + " " + shared + " " + text + " 0 " + data + " 0\n";
    }
}
