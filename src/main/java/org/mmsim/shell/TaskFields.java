/*
 * The per-task numbers `expect TASK.FIELD OP VALUE` tests: pid, minflt and majflt (the task's
 * min_flt/maj_flt, as /proc/PID/stat shows them), rss, rss_anon, rss_file and rss_shmem in bytes
 * (get_mm_counter(), VmRSS/RssAnon/RssFile/RssShmem of /proc/PID/status), vm (total_vm in bytes,
 * VmSize), errno (of the task's last system call: 0 or a name such as ENOMEM), oom_score and
 * oom_score_adj (as /proc/PID shows them), and killed: 1 once the OOM killer (or another SIGKILL)
 * ended the task, else 0, the one field a gone task still has. A task that is gone at run time
 * fails any other check, saying why.
 */
package org.mmsim.shell;

import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.sim.Errno;
import org.mmsim.task.Task;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongBiFunction;
import org.mmsim.mm.oom.OomKiller;

final class TaskFields {
    static final List<String> NAMES = List.of("pid", "minflt", "majflt", "rss", "rss_anon", "rss_file", "rss_shmem",
            "vm", "errno", "oom_score", "oom_score_adj", "killed");

    /** One task's field: where it is read, and whether values are sizes (else counts, or errno names). */
    record Field(String task, String name, ToLongBiFunction<Session, ScenarioProcess> read) {
        boolean bytes() {
            return name.startsWith("rss") || name.equals("vm");
        }

        /** The value to compare, or null when the task is gone. */
        Long value(Session session) {
            ScenarioProcess p = session.processes.get(task);
            if (p.gone != null && !name.equals("killed")) {
                return null;
            }
            return read.applyAsLong(session, p);
        }

        String shown(long v) {
            if (name.equals("errno")) {
                return v == 0 ? "0" : errnoName(v);
            }
            return Long.toString(v);
        }
    }

    private TaskFields() {
    }

    /** TASK.FIELD for a task started before this line and not exited; a ScenarioError otherwise. */
    static Field parse(String task, String field, ParseContext context) {
        context.tasks.bindings(task);
        ToLongBiFunction<Session, ScenarioProcess> read;
        switch (field) {
            case "pid": read = (s, p) -> p.task.pid; break;
            case "minflt": read = (s, p) -> p.task.faults.minflt; break;
            case "majflt": read = (s, p) -> p.task.faults.majflt; break;
            case "rss": read = (s, p) -> p.task.rssPages() << 12; break;
            case "rss_anon": read = (s, p) -> counter(p.task, PageTable.MM_ANONPAGES); break;
            case "rss_file": read = (s, p) -> counter(p.task, PageTable.MM_FILEPAGES); break;
            case "rss_shmem": read = (s, p) -> counter(p.task, PageTable.MM_SHMEMPAGES); break;
            case "vm": read = (s, p) -> p.task.mm().totalVm() << 12; break;
            case "errno": read = (s, p) -> p.errno == null ? 0 : p.errno.code; break;
            case "oom_score_adj": read = (s, p) -> p.task.oomScoreAdj(); break;
            case "oom_score": read = (s, p) -> OomKiller.oomScore(p.task, s.kernel.oomKiller.totalPages()); break;
            case "killed": read = (s, p) -> p.gone != null && p.gone.startsWith("killed by SIGKILL") ? 1 : 0; break;
            default:
                throw new ScenarioError("expect: " + task + " has no field \"" + field + "\" (one of "
                        + String.join(", ", NAMES) + ")");
        }
        return new Field(task, field, read);
    }

    private static long counter(Task t, int counter) {
        return t.rss(counter) << 12;
    }

    /** The value an errno field is compared with: 0 or an errno name. */
    static long errno(String text) {
        if (text.equals("0")) {
            return 0;
        }
        try {
            return Errno.valueOf(text.toUpperCase(Locale.ROOT)).code;
        } catch (IllegalArgumentException e) {
            throw new ScenarioError("expect: \"" + text + "\" is not an errno name (ENOMEM, EINVAL, ...) or 0");
        }
    }

    private static String errnoName(long code) {
        for (Errno e : Errno.values()) {
            if (e.code == code) {
                return e.name();
            }
        }
        return Long.toString(code);
    }
}
