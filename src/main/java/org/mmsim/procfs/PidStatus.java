/*
 * /proc/PID/status (fs/proc/array.c proc_pid_status with task_mem from fs/proc/task_mmu.c): the
 * memory lines from the mm's vm_stat_account counters and rss_stat, the rest as a plain
 * single-threaded root process with no signals pending, full capabilities, every CPU and node
 * allowed. Leaves out hiwater_vm (VmPeak shows VmSize), pinned and hugetlb pages, swap entries,
 * context switches (0) and SigQ's count (0; its limit is RLIMIT_SIGPENDING's default,
 * max_threads / 2).
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.task.Task;

final class PidStatus {
    /** MAX_NUMNODES of a distribution kernel (CONFIG_NODES_SHIFT=10): the width of Mems_allowed. */
    private static final int MAX_NUMNODES = 1024;

    private PidStatus() {
    }

    static String render(Kernel k, Task t) {
        return render(k, t.comm, t.pid, PidStat.ppid(t), t);
    }

    /** The status of a task; t is null for one without an address space (init), which has no memory lines. */
    static String render(Kernel k, String comm, int pid, int ppid, Task t) {
        StringBuilder sb = new StringBuilder();
        sb.append("Name:\t").append(comm).append('\n');
        sb.append("Umask:\t0022\n");
        sb.append("State:\tS (sleeping)\n");
        sb.append("Tgid:\t").append(pid).append('\n');
        sb.append("Ngid:\t0\n");
        sb.append("Pid:\t").append(pid).append('\n');
        sb.append("PPid:\t").append(ppid).append('\n');
        sb.append("TracerPid:\t0\n");
        sb.append("Uid:\t0\t0\t0\t0\n");
        sb.append("Gid:\t0\t0\t0\t0\n");
        sb.append("FDSize:\t64\n");
        sb.append("Groups:\t \n");
        sb.append("NStgid:\t").append(pid).append('\n');
        sb.append("NSpid:\t").append(pid).append('\n');
        sb.append("NSpgid:\t").append(pid).append('\n');
        sb.append("NSsid:\t").append(pid).append('\n');
        sb.append("Kthread:\t0\n");
        if (t != null) {
            memoryLines(sb, t);
        }
        sb.append("Threads:\t1\n");
        statusTail(k, sb);
        return sb.toString();
    }

    /** task_mem() and the lines proc_pid_status prints only for a task with an mm. */
    private static void memoryLines(StringBuilder sb, Task t) {
        MmStruct mm = t.mm();
        long text = Math.min(textBytes(mm), mm.execVm() << 12);
        long lib = (mm.execVm() << 12) - text;
        long anon = t.rss(PageTable.MM_ANONPAGES);
        long file = t.rss(PageTable.MM_FILEPAGES);
        long shmem = t.rss(PageTable.MM_SHMEMPAGES);
        long rss = anon + file + shmem;
        kb(sb, "VmPeak:", mm.totalVm() << 2);
        kb(sb, "VmSize:", mm.totalVm() << 2);
        kb(sb, "VmLck:", mm.lockedVm() << 2);
        kb(sb, "VmPin:", 0);
        kb(sb, "VmHWM:", Math.max(t.hiwaterRss(), rss) << 2);
        kb(sb, "VmRSS:", rss << 2);
        kb(sb, "RssAnon:", anon << 2);
        kb(sb, "RssFile:", file << 2);
        kb(sb, "RssShmem:", shmem << 2);
        kb(sb, "VmData:", mm.dataVm() << 2);
        kb(sb, "VmStk:", mm.stackVm() << 2);
        kb(sb, "VmExe:", text >> 10);
        kb(sb, "VmLib:", lib >> 10);
        kb(sb, "VmPTE:", t.vmPte() >> 10);
        kb(sb, "VmSwap:", t.rss(PageTable.MM_SWAPENTS) << 2);
        kb(sb, "HugetlbPages:", 0);
        sb.append("CoreDumping:\t0\n");
        sb.append("THP_enabled:\t1\n");
        sb.append("untag_mask:\t0xffffffffffffffff\n");
    }

    private static void statusTail(Kernel k, StringBuilder sb) {
        sb.append("SigQ:\t0/").append(k.zones.totalramPages() / 64).append('\n');
        for (String s : new String[] {"SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"}) {
            sb.append(s).append(":\t0000000000000000\n");
        }
        sb.append("CapInh:\t0000000000000000\n");
        for (String s : new String[] {"CapPrm", "CapEff", "CapBnd"}) {
            sb.append(s).append(":\t000001ffffffffff\n");
        }
        sb.append("CapAmb:\t0000000000000000\n");
        sb.append("NoNewPrivs:\t0\n");
        sb.append("Seccomp:\t0\n");
        sb.append("Seccomp_filters:\t0\n");
        sb.append("Speculation_Store_Bypass:\tthread vulnerable\n");
        sb.append("SpeculationIndirectBranch:\tconditional enabled\n");
        boolean[] cpus = new boolean[k.zones.nrCpus()];
        java.util.Arrays.fill(cpus, true);
        sb.append("Cpus_allowed:\t").append(Bitmaps.hexMask(cpus)).append('\n');
        sb.append("Cpus_allowed_list:\t").append(Bitmaps.rangeList(cpus)).append('\n');
        boolean[] nodes = new boolean[MAX_NUMNODES];
        for (org.mmsim.mm.zone.Node n : k.zones.nodes()) {
            nodes[n.id] = true;
        }
        sb.append("Mems_allowed:\t").append(Bitmaps.hexMask(nodes)).append('\n');
        sb.append("Mems_allowed_list:\t").append(Bitmaps.rangeList(nodes)).append('\n');
        sb.append("voluntary_ctxt_switches:\t0\n");
        sb.append("nonvoluntary_ctxt_switches:\t0\n");
    }

    /** task_mem()'s text: PAGE_ALIGN(end_code) - (start_code & PAGE_MASK). */
    private static long textBytes(MmStruct mm) {
        return ((mm.endCode + 4095) & ~4095L) - (mm.startCode & ~4095L);
    }

    /** SEQ_PUT_DEC with the kB value right-aligned in 8 columns after a tab. */
    private static void kb(StringBuilder sb, String label, long kb) {
        sb.append(label).append('\t').append(String.format("%8d", kb)).append(" kB\n");
    }
}
