/*
 * What the OOM killer sees of a task (task_struct with its signal_struct and mm): pid, comm, the
 * address space and its page tables (rss_stat, pgtables_bytes), oom_score_adj, and whether it is
 * already a victim (tsk_is_oom_victim) or has exited (no mm). The process layer implements it.
 */
package org.mmsim.mm.oom;

import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.vma.MmStruct;

public interface OomTask {
    int pid();

    String comm();

    /** The task's mm, or null once it has exited. */
    MmStruct mm();

    PageTable pageTable();

    /** signal->oom_score_adj, -1000..1000. */
    int oomScoreAdj();

    /** tsk_is_oom_victim(): mark_oom_victim() ran for it. */
    boolean isOomVictim();
}
