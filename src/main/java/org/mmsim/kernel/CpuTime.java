/*
 * Per-CPU time accounting (kernel/sched/cputime.c's kcpustat in spirit): the nanoseconds each CPU
 * spent in the kernel, charged by the kernel API from the cost model; everything else a CPU does is
 * idle, since nothing else runs on the simulated CPUs. Left out: user, nice, iowait, irq, softirq,
 * steal and guest time (no processes, interrupts or virtualisation yet).
 */
package org.mmsim.kernel;

public final class CpuTime {
    private final long[] systemNs;

    CpuTime(int nrCpus) {
        systemNs = new long[nrCpus];
    }

    void chargeSystem(int cpu, long ns) {
        systemNs[cpu] += ns;
    }

    /** Nanoseconds CPU `cpu` has spent in the kernel since boot. */
    public long systemNs(int cpu) {
        return systemNs[cpu];
    }
}
