/*
 * The per-process directories /proc/PID (fs/proc/base.c tgid_base_stuff, proc_pid_lookup): looked
 * up in the live process table on every access, so a pid that has exited is ENOENT. Holds the
 * memory files (maps, numa_maps, smaps, smaps_rollup, status, stat, statm) plus comm, cmdline and the OOM
 * files: oom_score (proc_oom_score), oom_score_adj and the legacy oom_adj, both writable as
 * oom_score_adj_write()/oom_adj_write() parse and convert them (kstrtoint with base 0; oom_adj's
 * OOM_DISABLE -17 and OOM_ADJUST_MAX 15 map to -1000 and 1000). Leaves out every other entry,
 * threads (task/), and /proc/self; cmdline is the argv exec put between arg_start and arg_end,
 * each string NUL-terminated; the writer is root, so CAP_SYS_RESOURCE checks pass and oom_adj's
 * one-time deprecation warning names the writing task as "mmsim".
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.oom.OomKiller;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import java.util.List;
import java.util.function.BiFunction;

final class PidFiles {
    /** The entries of one /proc/PID directory, in the order ls would sort them. */
    static final List<String> NAMES = List.of("cmdline", "comm", "maps", "numa_maps", "oom_adj", "oom_score", "oom_score_adj",
            "smaps", "smaps_rollup", "stat", "statm", "status");
    /** include/uapi/linux/oom.h: the legacy oom_adj range and its "never kill" value. */
    static final int OOM_DISABLE = -17, OOM_ADJUST_MIN = -16, OOM_ADJUST_MAX = 15;

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
            case "numa_maps":
                return (k, t) -> NumaMaps.render(k.user, k.zones, t);
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
                return (k, t) -> t.oomScoreAdj() + "\n";
            case "oom_adj":
                return (k, t) -> oomAdj(t.oomScoreAdj()) + "\n";
            case "oom_score":
                return (k, t) -> OomKiller.oomScore(t, k.oomKiller.totalPages()) + "\n";
            default:
                return null;
        }
    }

    /** The writer for name in a task's directory, or null when the file is read-only. */
    static Writer writer(String name) {
        switch (name) {
            case "oom_score_adj":
                return (k, t, text) -> {
                    int v = kstrtoint(text);
                    if (v < OomKiller.OOM_SCORE_ADJ_MIN || v > OomKiller.OOM_SCORE_ADJ_MAX) {
                        throw new KernelError(Errno.EINVAL);
                    }
                    t.setOomScoreAdj(v);
                };
            case "oom_adj":
                return (k, t, text) -> {
                    int v = kstrtoint(text);
                    if ((v < OOM_ADJUST_MIN || v > OOM_ADJUST_MAX) && v != OOM_DISABLE) {
                        throw new KernelError(Errno.EINVAL);
                    }
                    // Scaled so that the maximum is always reachable.
                    int adj = v == OOM_ADJUST_MAX ? OomKiller.OOM_SCORE_ADJ_MAX
                            : v * OomKiller.OOM_SCORE_ADJ_MAX / -OOM_DISABLE;
                    if (!k.warnedOomAdj) {
                        k.warnedOomAdj = true;
                        k.printk.warn(String.format("%s (%d): /proc/%d/oom_adj is deprecated, please use "
                                + "/proc/%d/oom_score_adj instead.", k.currentComm(), k.currentPid(), t.pid, t.pid));
                    }
                    t.setOomScoreAdj(adj);
                };
            default:
                return null;
        }
    }

    /** A write to a /proc/PID file. */
    interface Writer {
        void write(Kernel k, Task t, String text);
    }

    /** oom_adj_read(): oom_score_adj scaled back to -17..15, OOM_SCORE_ADJ_MAX showing as 15. */
    static int oomAdj(int oomScoreAdj) {
        if (oomScoreAdj == OomKiller.OOM_SCORE_ADJ_MAX) {
            return OOM_ADJUST_MAX;
        }
        return oomScoreAdj * -OOM_DISABLE / OomKiller.OOM_SCORE_ADJ_MAX;
    }

    /**
     * kstrtoint(strstrip(buf), 0): optional sign, then decimal, 0x hex or 0 octal, one trailing
     * newline allowed; EINVAL for anything else, ERANGE beyond int.
     */
    static int kstrtoint(String text) {
        // The writers copy at most sizeof(buffer) - 1 bytes (PROC_NUMBUF 13): the rest is cut off.
        String t = (text.length() > 12 ? text.substring(0, 12) : text).strip();
        boolean negative = t.startsWith("-");
        String digits = negative || t.startsWith("+") ? t.substring(1) : t;
        int radix = 10;
        if (digits.length() > 1 && (digits.startsWith("0x") || digits.startsWith("0X"))) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || Character.digit(digits.charAt(0), radix) < 0 || digits.startsWith("+")
                || digits.startsWith("-")) {
            throw new KernelError(Errno.EINVAL);
        }
        long v;
        try {
            v = Long.parseLong(digits, radix);
        } catch (NumberFormatException e) {
            for (int i = 0; i < digits.length(); i++) {
                if (Character.digit(digits.charAt(i), radix) < 0) {
                    throw new KernelError(Errno.EINVAL);
                }
            }
            throw new KernelError(Errno.ERANGE);
        }
        v = negative ? -v : v;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new KernelError(Errno.ERANGE);
        }
        return (int) v;
    }
}
