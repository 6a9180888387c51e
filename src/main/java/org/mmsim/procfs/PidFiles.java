/*
 * The per-process directories /proc/PID (fs/proc/base.c tgid_base_stuff, proc_pid_lookup): looked
 * up in the live process table on every access, so a pid that has exited is ENOENT. Holds the
 * memory files (maps, smaps, smaps_rollup, status, stat, statm) plus comm, cmdline and
 * oom_score_adj. Leaves out every other entry, threads (task/), and /proc/self; cmdline is the
 * argv exec put between arg_start and arg_end, each string NUL-terminated; oom_score_adj is
 * read-only 0.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.task.Task;

import java.util.List;
import java.util.function.BiFunction;

final class PidFiles {
    /** The entries of one /proc/PID directory, in the order ls would sort them. */
    static final List<String> NAMES = List.of("cmdline", "comm", "maps", "oom_score_adj", "smaps", "smaps_rollup",
            "stat", "statm", "status");

    private PidFiles() {
    }

    /** The task a /proc/PID/... path names, or null when it names no live task. */
    static Task task(Kernel k, String path) {
        if (!path.startsWith("/proc/")) {
            return null;
        }
        int end = path.indexOf('/', 6);
        String pid = path.substring(6, end < 0 ? path.length() : end);
        if (pid.isEmpty() || pid.length() > 9 || !pid.chars().allMatch(Character::isDigit)
                || (pid.length() > 1 && pid.charAt(0) == '0')) {
            return null;
        }
        return k.processes.byPid(Integer.parseInt(pid));
    }

    /** The renderer for name in a task's directory, or null. */
    static BiFunction<Kernel, Task, String> file(String name) {
        switch (name) {
            case "maps":
                return (k, t) -> PidMaps.maps(t);
            case "smaps":
                return (k, t) -> PidMaps.smaps(k.user, t);
            case "smaps_rollup":
                return (k, t) -> PidMaps.smapsRollup(k.user, t);
            case "status":
                return PidStatus::render;
            case "stat":
                return (k, t) -> PidStat.stat(t, k.processes.randomizeVaSpace() != 0);
            case "statm":
                return (k, t) -> PidStat.statm(t);
            case "comm":
                return (k, t) -> t.comm + "\n";
            case "cmdline":
                return (k, t) -> t.argv().isEmpty() ? "" : String.join("\0", t.argv()) + "\0";
            case "oom_score_adj":
                return (k, t) -> "0\n";
            default:
                return null;
        }
    }
}
