/*
 * /proc/loadavg (fs/proc/loadavg.c loadavg_proc_show): the 1, 5 and 15 minute load averages,
 * running/total tasks and the last pid handed out. The simulated CPUs never have runnable work
 * between events, so the averages are 0.00; the one task is the one scenario lines run as.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;

final class Loadavg {
    private Loadavg() {
    }

    static String render(Kernel k) {
        return "0.00 0.00 0.00 1/1 " + k.currentPid() + "\n";
    }
}
