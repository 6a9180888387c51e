/*
 * The OOM killer, mm/oom_kill.c: out_of_memory() (the GFP_NOFS bail-out, check_panic_on_oom,
 * oom_kill_allocating_task, select_bad_process over every process with oom_evaluate_task, "Out of
 * memory and no killable processes..." and the panic after it), oom_badness() (rss + swap entries
 * + page-table pages, plus oom_score_adj * totalpages / 1000; OOM_SCORE_ADJ_MIN tasks are never
 * chosen), the report (dump_header with the stack, __show_mem and dump_tasks; dump_oom_victim's
 * one-line summary; __oom_kill_process's "Killed process" line and the OOM_KILL event) and the OOM
 * reaper (__oom_reap_task_mm: private and anonymous mappings unmapped, "oom_reaper: reaped
 * process" logged). The sysctls vm.oom_kill_allocating_task, vm.panic_on_oom and vm.oom_dump_tasks.
 * Every allocation is unconstrained (CONSTRAINT_NONE: no cpusets, mempolicies or memcgs).
 * Deviations: a victim that is not the allocating task is reaped at once (Linux queues the reaper
 * OOM_REAPER_DELAY, 2 s, after the kill and reaps only a victim that has not exited by then) and
 * then exits; a GFP_NOFS allocation reports no progress instead of retrying forever; the
 * unreclaimable-slab dump and the oom notifier chain are left out.
 */
package org.mmsim.mm.oom;

import java.util.function.LongSupplier;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.memory.Zap;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.ShowMem;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.KernelPanic;
import org.mmsim.sim.Printk;
import org.mmsim.sim.RateLimit;
import org.mmsim.sim.SimClock;
import org.mmsim.sim.Sysctl;

public final class OomKiller {
    public static final int OOM_SCORE_ADJ_MIN = -1000;
    public static final int OOM_SCORE_ADJ_MAX = 1000;

    /** The process table as the OOM killer walks and acts on it. */
    public interface TaskList {
        /** for_each_process(), in the order the tasks were created. */
        Iterable<? extends OomTask> tasks();

        /** current, or null when the allocation runs in no task's context. */
        OomTask current();

        /** do_send_sig_info(SIGKILL) + mark_oom_victim(): the task will die on its way to user space. */
        void kill(OomTask victim);

        /** The killed task, woken by SIGKILL, runs do_exit() and leaves the process table. */
        void exit(OomTask victim);
    }

    private final Zones zones;
    private final UserMemory um;
    private final Printk printk;
    private final SimClock clock;
    private final long[] vmEvents;
    private final TaskList tasks;
    private final LongSupplier totalramPages;
    private LongSupplier totalSwapPages = () -> 0;
    /** oom_rs in oom_kill_process(): the report is rate-limited, the kill is not. */
    private final RateLimit reportLimit = new RateLimit("oom_kill_process", RateLimit.DEFAULT_INTERVAL_NS,
            RateLimit.DEFAULT_BURST);
    private int oomKillAllocatingTask;
    private int panicOnOom;
    private int oomDumpTasks = 1;

    public OomKiller(Zones zones, UserMemory um, Printk printk, SimClock clock, long[] vmEvents, TaskList tasks) {
        this.zones = zones;
        this.um = um;
        this.printk = printk;
        this.clock = clock;
        this.vmEvents = vmEvents;
        this.tasks = tasks;
        this.totalramPages = zones::totalramPages;
    }

    /** The swap layer's total_swap_pages. */
    public void setTotalSwapPages(LongSupplier pages) {
        totalSwapPages = pages;
    }

    public void registerSysctls(Sysctl sysctl) {
        sysctl.registerInt("vm.oom_kill_allocating_task", () -> oomKillAllocatingTask, Integer.MIN_VALUE,
                Integer.MAX_VALUE, v -> oomKillAllocatingTask = v);
        sysctl.registerInt("vm.panic_on_oom", () -> panicOnOom, 0, 2, v -> panicOnOom = v);
        sysctl.registerInt("vm.oom_dump_tasks", () -> oomDumpTasks, Integer.MIN_VALUE, Integer.MAX_VALUE,
                v -> oomDumpTasks = v);
    }

    /** totalram_pages() + total_swap_pages: what oom_badness and oom_score scale by. */
    public long totalPages() {
        return totalramPages.getAsLong() + totalSwapPages.getAsLong();
    }

    /**
     * oom_badness(): the task's points, or Long.MIN_VALUE when it may not be chosen (exited,
     * OOM_SCORE_ADJ_MIN, or already reaped).
     */
    public static long badness(OomTask t, long totalpages) {
        MmStruct mm = t.mm();
        if (mm == null) {
            return Long.MIN_VALUE;
        }
        long adj = t.oomScoreAdj();
        if (adj == OOM_SCORE_ADJ_MIN) {
            return Long.MIN_VALUE;
        }
        PageTable pt = t.pageTable();
        return badness(pt.rssPages(), pt.rss[PageTable.MM_SWAPENTS], pt.pgtablesBytes(), adj, totalpages);
    }

    /** oom_badness() of an eligible task: rss + swap entries + page-table pages, adj in totalpages/1000 units. */
    public static long badness(long rssPages, long swapents, long pgtablesBytes, long adj, long totalpages) {
        long points = rssPages + swapents + pgtablesBytes / 4096;
        return points + adj * (totalpages / 1000);
    }

    /** proc_oom_score(): badness scaled into 0..2000, 0 for an unkillable task. */
    public static long oomScore(OomTask t, long totalpages) {
        return oomScore(badness(t, totalpages), totalpages);
    }

    /** proc_oom_score() from a badness (Long.MIN_VALUE: not eligible, shown as 0). */
    public static long oomScore(long badness, long totalpages) {
        if (badness == Long.MIN_VALUE) {
            return 0;
        }
        return (1000 + badness * 1000 / totalpages) * 2 / 3;
    }

    /** __alloc_pages_may_oom() -> out_of_memory(): true when a task was killed to free memory. */
    public boolean outOfMemory(int gfp, int order) {
        OomTask current = tasks.current();
        // The OOM killer does not compensate for IO-less reclaim.
        if ((gfp & Gfp.__GFP_FS) == 0) {
            return false;
        }
        checkPanicOnOom(current, gfp, order);
        if (oomKillAllocatingTask != 0 && current != null && current.mm() != null
                && current.oomScoreAdj() != OOM_SCORE_ADJ_MIN) {
            oomKillProcess(current, current, gfp, order, "Out of memory (oom_kill_allocating_task)");
            return true;
        }
        OomTask chosen = null;
        long chosenPoints = Long.MIN_VALUE;
        long totalpages = totalPages();
        for (OomTask t : tasks.tasks()) {
            if (t.isOomVictim()) {
                // A victim still on its way out: wait for it rather than kill another.
                return false;
            }
            long points = badness(t, totalpages);
            if (points == Long.MIN_VALUE || points < chosenPoints) {
                continue;
            }
            chosen = t;
            chosenPoints = points;
        }
        if (chosen == null) {
            dumpHeader(current, gfp, order);
            printk.warn("Out of memory and no killable processes...");
            throw KernelPanic.panic(printk, "System is deadlocked on memory");
        }
        oomKillProcess(current, chosen, gfp, order, "Out of memory");
        return true;
    }

    private void checkPanicOnOom(OomTask current, int gfp, int order) {
        if (panicOnOom == 0) {
            return;
        }
        dumpHeader(current, gfp, order);
        throw KernelPanic.panic(printk, "Out of memory: " + (panicOnOom == 2 ? "compulsory" : "system-wide")
                + " panic_on_oom is enabled");
    }

    /** oom_kill_process() + __oom_kill_process(), then the reaper and the victim's exit. */
    private void oomKillProcess(OomTask current, OomTask victim, int gfp, int order, String message) {
        if (reportLimit.allow(clock, printk)) {
            dumpHeader(current, gfp, order);
            printk.info(String.format("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=%s,"
                    + "global_oom,task_memcg=/,task=%s,pid=%d,uid=0", memsAllowed(), victim.comm(), victim.pid()));
        }
        MmStruct mm = victim.mm();
        PageTable pt = victim.pageTable();
        vmEvents[VmEvent.OOM_KILL]++;
        tasks.kill(victim);
        printk.log(Printk.KERN_ERR, String.format("%s: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, "
                        + "file-rss:%dkB, shmem-rss:%dkB, UID:0 pgtables:%dkB oom_score_adj:%d", message, victim.pid(),
                victim.comm(), mm.totalVm() << 2, pt.rss[PageTable.MM_ANONPAGES] << 2,
                pt.rss[PageTable.MM_FILEPAGES] << 2, pt.rss[PageTable.MM_SHMEMPAGES] << 2, pt.pgtablesBytes() >> 10,
                victim.oomScoreAdj()));
        if (victim != current) {
            reap(victim);
            tasks.exit(victim);
        }
    }

    /** __oom_reap_task_mm(): unmap what can be freed without I/O, private and anonymous memory. */
    private void reap(OomTask victim) {
        MmStruct mm = victim.mm();
        PageTable pt = victim.pageTable();
        for (Vma v : mm.vmas()) {
            if ((v.flags() & (VmFlags.VM_HUGETLB | VmFlags.VM_PFNMAP)) != 0) {
                continue;
            }
            if (v.isAnonymous() || (v.flags() & VmFlags.VM_SHARED) == 0) {
                if ((v.flags() & VmFlags.VM_LOCKED) != 0) {
                    um.mlock.applyRange(pt, v.start(), v.end(), false);
                }
                Zap.zapRange(um, pt, v.start(), v.end());
            }
        }
        printk.info(String.format("oom_reaper: reaped process %d (%s), now anon-rss:%dkB, file-rss:%dkB, "
                        + "shmem-rss:%dkB", victim.pid(), victim.comm(), pt.rss[PageTable.MM_ANONPAGES] << 2,
                pt.rss[PageTable.MM_FILEPAGES] << 2, pt.rss[PageTable.MM_SHMEMPAGES] << 2));
    }

    /** dump_header(): who invoked the killer, the stack, Mem-Info and (oom_dump_tasks) the task table. */
    private void dumpHeader(OomTask current, int gfp, int order) {
        // Outside any task the report names the kernel context scenario lines run in, mmsim (pid 1).
        String comm = current == null ? "mmsim" : current.comm();
        int pid = current == null ? 1 : current.pid();
        int cpu = um.cpu();
        printk.warn(String.format("%s invoked oom-killer: gfp_mask=%#x(%s), order=%d, oom_score_adj=%d", comm, gfp,
                Gfp.format(gfp), order, current == null ? 0 : current.oomScoreAdj()));
        printk.warn(String.format("CPU: %d UID: 0 PID: %d Comm: %s Not tainted 6.18.0-mmsim #1 PREEMPT(voluntary)",
                cpu, pid, comm));
        printk.warn("Hardware name: mmsim simulated machine");
        printk.warn("Call Trace:\n <TASK>\n dump_stack_lvl+0x5d/0x80\n dump_header+0x43/0x1b0\n"
                + " oom_kill_process+0x116/0x270\n out_of_memory+0x102/0x340\n"
                + " __alloc_pages_slowpath.constprop.0+0xc3a/0xe40\n __alloc_frozen_pages_noprof+0x2c0/0x300\n"
                + " alloc_pages_mpol+0x7e/0x180\n </TASK>");
        long allNodes = zones.nrNodes() >= 64 ? -1L : (1L << zones.nrNodes()) - 1;
        ShowMem.show(zones, printk, ShowMem.SHOW_MEM_FILTER_NODES, allNodes, Gfp.zone(gfp), cpu);
        if (oomDumpTasks != 0) {
            dumpTasks();
        }
    }

    /** dump_tasks(): one line per process with an mm, values in pages. */
    private void dumpTasks() {
        printk.info("Tasks state (memory values in pages):");
        printk.info("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes swapents "
                + "oom_score_adj name");
        for (OomTask t : tasks.tasks()) {
            MmStruct mm = t.mm();
            if (mm == null) {
                continue;
            }
            PageTable pt = t.pageTable();
            printk.info(String.format("[%7d] %5d %5d %8d %8d %8d %8d %9d %8d %8d         %5d %s", t.pid(), 0, t.pid(),
                    mm.totalVm(), pt.rssPages(), pt.rss[PageTable.MM_ANONPAGES], pt.rss[PageTable.MM_FILEPAGES],
                    pt.rss[PageTable.MM_SHMEMPAGES], pt.pgtablesBytes(), pt.rss[PageTable.MM_SWAPENTS],
                    t.oomScoreAdj(), t.comm()));
        }
    }

    private String memsAllowed() {
        return zones.nrNodes() == 1 ? "0" : "0-" + (zones.nrNodes() - 1);
    }
}
