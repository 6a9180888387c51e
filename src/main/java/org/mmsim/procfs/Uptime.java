/*
 * /proc/uptime (fs/proc/uptime.c uptime_proc_show): seconds since boot and the CPUs' summed idle
 * time, both with hundredths. Nothing runs on the simulated CPUs between events, so every CPU
 * counts as idle all the time: idle = uptime * nr_cpus.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;

final class Uptime {
    private static final long NS_PER_CENTISECOND = 10_000_000L;

    private Uptime() {
    }

    static String render(Kernel k) {
        long up = k.clock.nanos() / NS_PER_CENTISECOND;
        long idle = k.clock.nanos() * k.zones.nrCpus() / NS_PER_CENTISECOND;
        return String.format("%d.%02d %d.%02d\n", up / 100, up % 100, idle / 100, idle % 100);
    }
}
