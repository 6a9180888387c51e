/*
 * /proc/uptime (fs/proc/uptime.c uptime_proc_show): seconds since boot and the CPUs' summed idle
 * time, both with hundredths. A CPU is idle whenever it is not doing the kernel work the cost model
 * charged to it (nothing else runs on the simulated CPUs): idle = sum over CPUs of uptime - system.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;

final class Uptime {
    private static final long NS_PER_CENTISECOND = 10_000_000L;

    private Uptime() {
    }

    static String render(Kernel k) {
        long up = k.clock.nanos() / NS_PER_CENTISECOND;
        long idleNs = 0;
        for (int c = 0; c < k.zones.nrCpus(); c++) {
            idleNs += Math.max(0, k.clock.nanos() - k.cpuTime.systemNs(c));
        }
        long idle = idleNs / NS_PER_CENTISECOND;
        return String.format("%d.%02d %d.%02d\n", up / 100, up % 100, idle / 100, idle % 100);
    }
}
