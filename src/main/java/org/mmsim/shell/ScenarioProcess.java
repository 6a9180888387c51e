/*
 * One of a running scenario's named tasks: the simulated Task, the addresses its names hold (copied
 * at fork, as the address space is), the errno of its last system call (0 after a success), and how
 * it ended, if it did. A line for a task that died while running (killed by a signal, or a failed
 * spawn or fork) prints a note on stderr and is skipped: the scenario goes on, as a shell script
 * would after a child died. No Linux counterpart beyond task_struct, which Task models.
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;
import org.mmsim.task.Task;

import java.util.HashMap;
import java.util.Map;

final class ScenarioProcess {
    final String name;
    /** Null when spawn or fork failed. */
    final Task task;
    final Map<String, Long> values;
    /** The errno of the last system call, null for 0. */
    Errno errno;
    /** Why the task is gone ("killed by SIGSEGV on line 7"), or null while it runs. */
    String gone;

    ScenarioProcess(String name, Task task, Map<String, Long> inherited) {
        this.name = name;
        this.task = task;
        this.values = new HashMap<>(inherited);
    }

    /**
     * The named task when it is running, made current for what the line does; otherwise prints
     * why it is not and returns null.
     */
    static ScenarioProcess running(Session session, String name) {
        ScenarioProcess p = session.processes.get(name);
        if (p.gone != null) {
            session.toolError("mmsim: " + name + ": no such process (" + p.gone + "); line skipped");
            return null;
        }
        session.kernel.setCurrentTask(p.task);
        return p;
    }

    /** The task leaves the process table. */
    void end(Session session, String why) {
        gone(session, why);
        session.kernel.processes.exit(task);
    }

    /** The task has left the process table (the OOM killer made it exit). */
    void gone(Session session, String why) {
        gone = session.line() == 0 ? why : why + " on line " + session.line();
    }
}
