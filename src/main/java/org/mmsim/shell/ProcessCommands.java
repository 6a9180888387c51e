/*
 * Processes in a scenario: `spawn NAME [node=N] [program=PATH] [text=SIZE rodata=SIZE data=SIZE
 * bss=SIZE]` starts a task as init's fork and an execve() of a static program would
 * (Processes.spawn: /usr/bin/NAME, the default image unless sizes are given); `TASK: exec ...` is
 * execve(2) of such a program in a running task, its old address space and names gone (a failure
 * past the point of no return kills it with SIGSEGV); `TASK: fork NAME` is fork(2), the
 * child named NAME sharing its parent's pages copy-on-write and starting with its parent's bound
 * names; `TASK: vfork NAME` is vfork(2): the child runs in its parent's address space and the
 * parent's lines are refused until the child execs or exits; `TASK: exit` is exit_group(0), tearing the address space down. Each prints a line in
 * strace's style. Left out: argument and environment lists, wait(2) and zombies (an exited task leaves the
 * table at once), threads.
 */
package org.mmsim.shell;

import org.mmsim.kernel.Processes;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Exec;
import org.mmsim.task.ProgramImage;
import org.mmsim.task.Task;

import java.util.List;
import java.util.Map;

final class ProcessCommands {
    static final String SPAWN_USAGE = "spawn NAME [node=N] [program=PATH] [text=SIZE] [rodata=SIZE] [data=SIZE] "
            + "[bss=SIZE]";
    static final String EXEC_USAGE = "TASK: exec [program=PATH] [text=SIZE] [rodata=SIZE] [data=SIZE] [bss=SIZE]";
    private static final String[] IMAGE_KEYS = {"program", "text", "rodata", "data", "bss"};
    static final String FORK_USAGE = "TASK: fork NAME";
    static final String VFORK_USAGE = "TASK: vfork NAME   (TASK waits until NAME execs or exits)";
    static final String EXIT_USAGE = "TASK: exit";

    private ProcessCommands() {
    }

    static Step spawn(List<Tokenizer.Token> tokens, ParseContext context) {
        return spawn(tokens, context, Mempolicy.DEFAULT, -1);
    }

    /**
     * spawn under a memory policy (numactl): the child sets the policy before it execs the program;
     * cpuNode, unless -1, is the node the task runs on, as node=N would give.
     */
    static Step spawn(List<Tokenizer.Token> tokens, ParseContext context, Mempolicy policy, int cpuNode) {
        Args args = new Args("spawn", SPAWN_USAGE, tokens, 1, 1, "node", "program", "text", "rodata", "data", "bss");
        String name = args.positional(0);
        if (cpuNode >= 0 && args.get("node", null) != null) {
            throw new ScenarioError("numactl: --cpunodebind and spawn's node= both choose the node; give one");
        }
        int nid = cpuNode >= 0 ? cpuNode
                : Sizes.integer("spawn: node", args.get("node", "0"), 0, context.machine().nodes() - 1);
        String path = program(args, name);
        ProgramImage image = image(args);
        context.tasks.start(name, context.line(), null);
        return session -> {
            Task t = null;
            String result;
            try {
                // each spawn gets its own copy: il_prev is per task
                t = session.kernel.processes.spawn(Exec.comm(path), nid, path, image, policy.dup());
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

    /** program=PATH, absolute; /usr/bin/NAME when not given. */
    private static String program(Args args, String name) {
        String path = args.get("program", Processes.DEFAULT_PROGRAM_DIR + name);
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new ScenarioError("program= wants an absolute file path, not \"" + path + "\"");
        }
        return path;
    }

    /** The default program, or one with the given section sizes (the default's for those not given). */
    private static ProgramImage image(Args args) {
        if (args.get("text", null) == null && args.get("rodata", null) == null && args.get("data", null) == null
                && args.get("bss", null) == null) {
            return ProgramImage.DEFAULT;
        }
        long text = size(args, "text", ProgramImage.DEFAULT_TEXT);
        long rodata = size(args, "rodata", ProgramImage.DEFAULT_RODATA);
        long data = size(args, "data", ProgramImage.DEFAULT_DATA);
        long bss = size(args, "bss", ProgramImage.DEFAULT_BSS);
        if (text + rodata + data + bss > MAX_IMAGE) {
            throw new ScenarioError("program sizes add up to more than 1G");
        }
        return ProgramImage.ofSizes(text, rodata, data, bss);
    }

    /** Keeps the segments clear of mmap_base and the stack. */
    private static final long MAX_IMAGE = 1L << 30;

    private static long size(Args args, String key, long dflt) {
        String v = args.get(key, null);
        return v == null ? dflt : Sizes.parse(v);
    }

    static Step exec(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("exec", EXEC_USAGE, tokens, 0, 0, IMAGE_KEYS);
        String name = context.task();
        String path = program(args, name);
        ProgramImage image = image(args);
        context.tasks.exec(name);
        return session -> {
            ScenarioProcess p = ScenarioProcess.running(session, name);
            if (p == null) {
                return;
            }
            String call = name + ": execve(\"" + path + "\", [\"" + path + "\"], [] /* 0 vars */) = ";
            try {
                session.kernel.processes.exec(p.task, path, image);
                p.values.clear();
                p.errno = null;
                session.println(call + "0");
            } catch (KernelError e) {
                p.errno = e.errno;
                session.println(call + Strace.error(e.errno));
                if (p.task.mm() == null) {
                    p.gone = "killed by SIGSEGV on line " + session.line();
                    session.println(name + ": +++ killed by SIGSEGV +++");
                }
            }
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

    static Step vfork(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("vfork", VFORK_USAGE, tokens, 1, 1);
        String parent = context.task();
        String child = args.positional(0);
        context.tasks.vfork(parent, child, context.line());
        return session -> {
            ScenarioProcess p = ScenarioProcess.running(session, parent);
            if (p == null) {
                session.processes.put(child, gone(child, parent + " was not running"));
                return;
            }
            Task t = session.kernel.processes.vfork(p.task);
            session.processes.put(child, new ScenarioProcess(child, t, p.values));
            p.errno = null;
            session.println(parent + ": vfork() = " + t.pid + "   (" + child + ")");
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
