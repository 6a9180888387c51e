/*
 * The per-task numbers `expect TASK.FIELD OP VALUE` tests: pid, minflt and majflt (the task's
 * min_flt/maj_flt, as /proc/PID/stat shows them), rss, rss_anon, rss_file and rss_shmem in bytes
 * (get_mm_counter(), VmRSS/RssAnon/RssFile/RssShmem of /proc/PID/status), vm (total_vm in bytes,
 * VmSize) and errno (of the task's last system call: 0 or a name such as ENOMEM). A task that is
 * gone at run time fails the check, saying why.
 */
package org.mmsim.shell;

import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.sim.Errno;
import org.mmsim.task.Task;

import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

final class TaskFields {
    static final List<String> NAMES = List.of("pid", "minflt", "majflt", "rss", "rss_anon", "rss_file", "rss_shmem",
            "vm", "errno");

    /** One task's field: where it is read, and whether values are sizes (else counts, or errno names). */
    record Field(String task, String name, ToLongFunction<ScenarioProcess> read) {
        boolean bytes() {
            return name.startsWith("rss") || name.equals("vm");
        }

        /** The value to compare, or null when the task is gone. */
        Long value(Session session) {
            ScenarioProcess p = session.processes.get(task);
            if (p.gone != null) {
                return null;
            }
            return read.applyAsLong(p);
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
        ToLongFunction<ScenarioProcess> read;
        switch (field) {
            case "pid": read = p -> p.task.pid; break;
            case "minflt": read = p -> p.task.faults.minflt; break;
            case "majflt": read = p -> p.task.faults.majflt; break;
            case "rss": read = p -> p.task.rssPages() << 12; break;
            case "rss_anon": read = p -> counter(p.task, PageTable.MM_ANONPAGES); break;
            case "rss_file": read = p -> counter(p.task, PageTable.MM_FILEPAGES); break;
            case "rss_shmem": read = p -> counter(p.task, PageTable.MM_SHMEMPAGES); break;
            case "vm": read = p -> p.task.mm().totalVm() << 12; break;
            case "errno": read = p -> p.errno == null ? 0 : p.errno.code; break;
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
