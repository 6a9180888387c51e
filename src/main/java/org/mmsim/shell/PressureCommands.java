/*
 * Memory-pressure commands: `NAME = psi_trigger RESOURCE "some|full THRESHOLD_US WINDOW_US"` opens
 * /proc/pressure/RESOURCE (memory, cpu or io), writes the trigger and keeps the file descriptor
 * open, as a monitor's poll() loop does; whenever the trigger fires, the end of the line that made
 * it fire prints `NAME: poll() = 1 (POLLPRI)` (Session.endStep). `psi_close NAME` closes the
 * descriptor, destroying the trigger. A trigger the kernel refuses prints bash's write error and
 * binds nothing usable. `oom_score_adj TASK VALUE` writes VALUE to /proc/TASK/oom_score_adj, as
 * `echo VALUE > /proc/PID/oom_score_adj` does. No Linux counterpart beyond the files themselves.
 */
package org.mmsim.shell;

import org.mmsim.mm.psi.Psi;
import org.mmsim.sim.KernelError;

import java.util.List;
import java.util.Set;

final class PressureCommands {
    static final String TRIGGER_USAGE = "NAME = psi_trigger memory|cpu|io \"some|full THRESHOLD_US WINDOW_US\"";
    static final String CLOSE_USAGE = "psi_close NAME";
    static final String OOM_SCORE_ADJ_USAGE = "oom_score_adj TASK VALUE   (-1000 to 1000)";
    static final String TRIGGER = "a PSI trigger from psi_trigger";
    private static final Set<String> RESOURCES = Set.of("memory", "cpu", "io");

    /** An open trigger: its name, and the kernel's trigger (null when the write was refused). */
    record Open(String name, Psi.Trigger trigger) {
    }

    private PressureCommands() {
    }

    static Step trigger(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("psi_trigger", TRIGGER_USAGE, tokens, 2, 2);
        String resource = args.positional(0);
        if (!RESOURCES.contains(resource)) {
            throw new ScenarioError("psi_trigger: no pressure file \"" + resource + "\" (memory, cpu or io)");
        }
        String name = context.bindName();
        if (name == null) {
            throw new ScenarioError("psi_trigger: bind the open file to a name (usage: " + TRIGGER_USAGE + ")");
        }
        String text = args.positional(1) + "\n";
        return session -> {
            Psi.Trigger t = null;
            try {
                t = session.kernel.psi.createTrigger(text, resource.equals("memory"));
                session.println(name + ": trigger on /proc/pressure/" + resource + ": " + t.spec());
            } catch (KernelError e) {
                session.toolError("bash: echo: write error: " + e.errno.message());
            }
            Open open = new Open(name, t);
            session.setValue(name, open);
            if (t != null) {
                session.openTriggers.add(open);
            }
        };
    }

    static Step close(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("psi_close", CLOSE_USAGE, tokens, 1, 1);
        String name = args.positional(0);
        context.bindings.release("psi_close", name, TRIGGER, context.line());
        return session -> {
            Open open = (Open) session.value(name);
            if (open.trigger() != null) {
                session.kernel.psi.destroyTrigger(open.trigger());
                session.openTriggers.remove(open);
            }
        };
    }

    static Step oomScoreAdj(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("oom_score_adj", OOM_SCORE_ADJ_USAGE, tokens, 2, 2);
        String task = args.positional(0);
        context.tasks.bindings(task);
        String value = args.positional(1);
        return session -> {
            String path = "/proc/" + task + "/oom_score_adj";
            try {
                session.procfs.write(session.resolvePath(path), value + "\n");
            } catch (KernelError e) {
                session.toolError("bash: echo: write error: " + e.errno.message());
            }
        };
    }
}
