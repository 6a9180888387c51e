/*
 * The task names a scenario gives its processes (`spawn web`, `web: fork worker`), tracked while
 * parsing so a line for a task never spawned, or one that already exited, is a FILE:LINE error
 * before anything runs. Each task has its own bound names (its address space's mappings); a forked
 * child starts with a copy of its parent's, as it starts with a copy of its address space. A task
 * killed while running (SIGSEGV) is known only at run time: ScenarioProcess notes it there.
 */
package org.mmsim.shell;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

final class TaskNames {
    /** The line a task was spawned or forked on, the line it exited on (0 while live), its names. */
    private static final class Entry {
        final int startedAt;
        int exitedAt;
        final Bindings bindings;
        /** The vfork child this task waits for, or null. */
        String vforkChild;
        /** The parent waiting in vfork() for this task, or null. */
        String vforkParent;

        Entry(int startedAt, Bindings bindings) {
            this.startedAt = startedAt;
            this.bindings = bindings;
        }
    }

    private final Map<String, Entry> tasks = new HashMap<>();

    /** A new task (spawn) or a child (fork, with its parent's names copied). */
    void start(String name, int line, Bindings inherited) {
        Bindings.checkName(name);
        Entry e = tasks.get(name);
        if (e != null && e.exitedAt == 0) {
            throw new ScenarioError("task " + name + " already exists (line " + e.startedAt + ")");
        }
        tasks.put(name, new Entry(line, inherited == null ? new Bindings() : inherited.copy()));
    }

    /** The live task's bound names; a task never started or already exited is an error. */
    Bindings bindings(String name) {
        return live(name).bindings;
    }

    /** vfork: the child (whose names are its parent's) runs; the parent waits until it execs or exits. */
    void vfork(String parent, String child, int line) {
        start(child, line, bindings(parent));
        live(parent).vforkChild = child;
        live(child).vforkParent = parent;
    }

    /** A line of this task may run: it is live and not suspended in vfork(). */
    void checkRunnable(String name) {
        Entry e = live(name);
        if (e.vforkChild != null) {
            throw new ScenarioError(name + " is suspended in vfork() until " + e.vforkChild + " execs or exits");
        }
    }

    /** exec: the task goes on with a new address space and none of its names; a vfork parent resumes. */
    void exec(String name) {
        Entry e = live(name);
        release(e);
        tasks.put(name, new Entry(e.startedAt, new Bindings()));
    }

    void exit(String name, int line) {
        Entry e = live(name);
        release(e);
        e.exitedAt = line;
    }

    private void release(Entry child) {
        if (child.vforkParent != null) {
            tasks.get(child.vforkParent).vforkChild = null;
            child.vforkParent = null;
        }
    }

    /** Live task names, sorted. */
    SortedSet<String> live() {
        SortedSet<String> out = new TreeSet<>();
        tasks.forEach((n, e) -> {
            if (e.exitedAt == 0) {
                out.add(n);
            }
        });
        return out;
    }

    private Entry live(String name) {
        Entry e = tasks.get(name);
        if (e == null) {
            throw new ScenarioError("no task named " + name + " (start one with `spawn " + name + "` or `TASK: fork "
                    + name + "`)");
        }
        if (e.exitedAt != 0) {
            throw new ScenarioError("task " + name + " exited on line " + e.exitedAt);
        }
        return e;
    }
}
