/*
 * /proc/stat (fs/proc/stat.c show_stat): CPU time in USER_HZ ticks for all CPUs and each one, then
 * the interrupt, context-switch, boot-time, fork and run-queue counters, then softirqs. Nothing runs
 * on the simulated CPUs between events, so every CPU is idle all the time (as /proc/uptime says) and
 * every other time column is 0. Left out: the per-IRQ and per-softirq counts (no interrupts are
 * simulated, so intr and softirq print their total, 0, and one 0 per softirq); btime is 0 (the
 * simulated machine boots at the epoch); the one task is the scenario's (processes 1, running 1).
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;

final class Stat {
    /** USER_HZ: /proc/stat counts in 1/100 s. */
    static final long NS_PER_TICK = 10_000_000L;
    private static final int NR_SOFTIRQS = 10;

    private Stat() {
    }

    static String render(Kernel k) {
        long idlePerCpu = k.clock.nanos() / NS_PER_TICK;
        int cpus = k.zones.nrCpus();
        StringBuilder sb = new StringBuilder();
        cpuLine(sb, "cpu ", idlePerCpu * cpus);
        for (int c = 0; c < cpus; c++) {
            cpuLine(sb, "cpu" + c, idlePerCpu);
        }
        sb.append("intr 0\n");
        sb.append("ctxt 0\n");
        sb.append("btime 0\n");
        sb.append("processes 1\n");
        sb.append("procs_running 1\n");
        sb.append("procs_blocked 0\n");
        sb.append("softirq 0").append(" 0".repeat(NR_SOFTIRQS)).append('\n');
        return sb.toString();
    }

    /** user nice system idle iowait irq softirq steal guest guest_nice. */
    private static void cpuLine(StringBuilder sb, String label, long idle) {
        sb.append(label).append(" 0 0 0 ").append(idle).append(" 0 0 0 0 0 0\n");
    }
}
