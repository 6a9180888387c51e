/*
 * Processes in a scenario: `spawn NAME [node=N]` starts a task with an empty address space
 * (Processes.spawn: what exec leaves before loading a program); `TASK: fork NAME` is fork(2), the
 * child named NAME sharing its parent's pages copy-on-write and starting with its parent's bound
 * names; `TASK: exit` is exit_group(0), tearing the address space down. Each prints a line in
 * strace's style. Left out: exec of a real program, wait(2) and zombies (an exited task leaves the
 * table at once), threads.
 */
package org.mmsim.shell;

import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import java.util.List;
import java.util.Map;

final class ProcessCommands {
    static final String SPAWN_USAGE = "spawn NAME [node=N]";
    static final String FORK_USAGE = "TASK: fork NAME";
    static final String EXIT_USAGE = "TASK: exit";

    private ProcessCommands() {
    }

    static Step spawn(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("spawn", SPAWN_USAGE, tokens, 1, 1, "node");
        String name = args.positional(0);
        int nid = Sizes.integer("spawn: node", args.get("node", "0"), 0, context.machine().nodes() - 1);
        context.tasks.start(name, context.line(), null);
        return session -> {
            Task t = null;
            String result;
            try {
                t = session.kernel.processes.spawn(name, nid);
                result = "pid " + t.pid;
            } catch (KernelError e) {
                result = Strace.error(e.errno);
            }
            ScenarioProcess p = new ScenarioProcess(name, t, Map.of());
            if (t == null) {
                p.gone = "spawn failed";
            }
            session.processes.put(name, p);
            session.println("spawn " + name + ": " + result);
        };
    }

    static Step fork(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("fork", FORK_USAGE, tokens, 1, 1);
        String parent = context.task();
        String child = args.positional(0);
        context.tasks.start(child, context.line(), context.tasks.bindings(parent));
        return session -> {
            ScenarioProcess p = ScenarioProcess.running(session, parent);
            if (p == null) {
                session.processes.put(child, gone(child, parent + " was not running"));
                return;
            }
            try {
                Task t = session.kernel.processes.fork(p.task);
                ScenarioProcess c = new ScenarioProcess(child, t, p.values);
                session.processes.put(child, c);
                p.errno = null;
                session.println(parent + ": fork() = " + t.pid + "   (" + child + ")");
            } catch (KernelError e) {
                p.errno = e.errno;
                session.processes.put(child, gone(child, "fork failed"));
                session.println(parent + ": fork() = " + Strace.error(e.errno));
            }
        };
    }

    private static ScenarioProcess gone(String name, String why) {
        ScenarioProcess p = new ScenarioProcess(name, null, Map.of());
        p.gone = why;
        return p;
    }

    static Step exit(List<Tokenizer.Token> tokens, ParseContext context) {
        new Args("exit", EXIT_USAGE, tokens, 0, 0);
        String name = context.task();
        context.tasks.exit(name, context.line());
        return session -> {
            ScenarioProcess p = ScenarioProcess.running(session, name);
            if (p == null) {
                return;
            }
            p.end(session, "exited");
            session.println(name + ": exit_group(0) = ?");
            session.println(name + ": +++ exited with 0 +++");
        };
    }
}
