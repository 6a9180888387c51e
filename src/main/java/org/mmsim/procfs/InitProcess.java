/*
 * /proc/1: init, the process scenario lines and shell commands run as (the one /proc/stat and
 * /proc/loadavg count), so that tools which look themselves up (ps, top: /proc/self, or
 * /proc/getpid() inside a pid namespace) find a process. It has no address space of its own, so its
 * files are those fs/proc/array.c prints for a task without an mm: no memory lines in status, zero
 * sizes in stat and statm, an empty cmdline, maps and numa_maps. Left out: init's program (a real init has an
 * mm and a command line), its children (scenario tasks name it as parent but it never reaps).
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;

final class InitProcess {
    static final int PID = 1;
    static final String COMM = "init";

    private InitProcess() {
    }

    static void register(ProcFs procfs, Kernel k) {
        String dir = "/proc/" + PID + "/";
        procfs.register(dir + "cmdline", () -> "");
        procfs.register(dir + "comm", () -> COMM + "\n");
        procfs.register(dir + "maps", () -> "");
        procfs.register(dir + "numa_maps", () -> "");
        procfs.register(dir + "oom_score_adj", () -> "0\n");
        procfs.register(dir + "stat", () -> PidStat.statWithoutMm(PID, COMM, 0, k.processes.randomizeVaSpace() != 0));
        procfs.register(dir + "statm", () -> "0 0 0 0 0 0 0\n");
        procfs.register(dir + "status", () -> PidStatus.render(k, COMM, PID, 0, null));
    }
}
