/*
 * /proc/stat (fs/proc/stat.c show_stat): the cpu line (all CPUs' time summed in nanoseconds, then
 * converted) and one line per CPU, in USER_HZ (100) ticks: user nice system idle iowait irq softirq
 * steal guest guest_nice; then intr (the total, then one count per IRQ number up to nr_irqs), ctxt,
 * btime, processes, procs_running, procs_blocked and softirq (the total, then the 10 softirqs).
 * System time is what the cost model charged to each CPU; the rest of each CPU's uptime is idle.
 * No interrupts, context switches or processes are simulated yet, so their counts are 0, except:
 * processes and procs_running are 1 (the task scenario lines run as), btime is 0 (the machine boots
 * at the epoch: it has no wall clock), and nr_irqs follows x86's arch_probe_nr_irqs() for the
 * reference host's interrupt hardware (24 IO-APIC pins, no legacy PIC): min(256 * cpus, 24 + 8 *
 * cpus + 24 * 16), 424 for its 2 CPUs.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;

final class Stat {
    private static final long NS_PER_TICK = 1_000_000_000L / 100;
    private static final int NR_VECTORS = 256, GSI_TOP = 24, NR_SOFTIRQS = 10;

    private Stat() {
    }

    static String render(Kernel k) {
        int cpus = k.zones.nrCpus();
        long now = k.clock.nanos();
        long sysSum = 0, idleSum = 0;
        StringBuilder perCpu = new StringBuilder();
        for (int c = 0; c < cpus; c++) {
            long sys = k.cpuTime.systemNs(c);
            long idle = Math.max(0, now - sys);
            sysSum += sys;
            idleSum += idle;
            cpuLine(perCpu, "cpu" + c, sys, idle);
        }
        StringBuilder sb = new StringBuilder();
        cpuLine(sb, "cpu ", sysSum, idleSum);
        sb.append(perCpu);
        sb.append("intr 0");
        sb.append(" 0".repeat(nrIrqs(cpus)));
        sb.append("\nctxt 0\nbtime 0\nprocesses 1\nprocs_running 1\nprocs_blocked 0\n");
        sb.append("softirq 0").append(" 0".repeat(NR_SOFTIRQS)).append('\n');
        return sb.toString();
    }

    private static void cpuLine(StringBuilder sb, String label, long systemNs, long idleNs) {
        sb.append(label).append(" 0 0 ").append(systemNs / NS_PER_TICK).append(' ').append(idleNs / NS_PER_TICK)
                .append(" 0 0 0 0 0 0\n");
    }

    /** arch_probe_nr_irqs() without a legacy PIC, capped at NR_VECTORS per CPU. */
    static int nrIrqs(int cpus) {
        return Math.min(NR_VECTORS * cpus, GSI_TOP + 8 * cpus + GSI_TOP * 16);
    }
}
