/*
 * The interpreter behind `mmsim shell`: the scenario language fed one line at a time, with one
 * long-lived ParseContext (so bindings and the machine carry from line to line) and one machine,
 * booted when the first line that needs it runs (so the prompt comes up without a boot). A line's
 * error prints `mmsim: message` and the shell goes on; a failed expect prints `mmsim: expect failed:
 * ...` and makes the exit status 1, as `mmsim run` would. Three built-ins a scenario file does not
 * have: `help [COMMAND]`, `exit` and `logout`. A scenario file given to the shell is validated whole
 * and run first, reporting as `mmsim run` does. Line numbers in messages count the scenario's lines,
 * then the lines typed. Simulated time moves only through commands.
 * Left out (no Linux-shell counterparts here): job control, shell variables, `exit N`, line
 * continuation; line editing, history and completion belong to the terminal front end.
 */
package org.mmsim.shell;

import org.mmsim.kernel.Kernel;
import org.mmsim.sim.KernelPanic;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.procfs.ProcFs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

public final class Shell {
    /** The prompt an interactive shell shows: root on the simulated machine, in its home directory. */
    public static final String PROMPT = "root@mmsim:~# ";
    /** Words the shell itself handles, not the scenario language. */
    public static final List<String> BUILTINS = List.of("exit", "help", "logout");

    private final Commands commands;
    private final Parser parser;
    private final long seed;
    private final PrintStream out;
    private final PrintStream err;
    private ParseContext context = new ParseContext();
    private String file = "mmsim";
    private Session session;
    private MachineSpec booted;
    private boolean stepRan;
    private int lineNo;

    public Shell(Commands commands, long seed, PrintStream out, PrintStream err) {
        this.commands = commands;
        this.parser = new Parser(commands);
        this.seed = seed;
        this.out = out;
        this.err = err;
    }

    /**
     * Validates a whole scenario, then boots its machine and runs it, as `mmsim run` does: an invalid
     * line or a machine that cannot boot is reported as FILE:LINE and nothing runs. Returns false
     * then (the shell should exit with Script.INVALID).
     */
    public boolean runScenario(String name, String text) {
        file = name;
        List<Script.Line> steps = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        int count = raw.length > 0 && raw[raw.length - 1].isEmpty() ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++) {
            String line = raw[i];
            lineNo++;
            try {
                Step step = parser.parseLine(context, line, lineNo);
                if (step != null) {
                    steps.add(new Script.Line(lineNo, step));
                }
            } catch (ScenarioError e) {
                err.println(name + ":" + lineNo + ": " + e.getMessage());
                return false;
            }
        }
        try {
            boot();
        } catch (IllegalArgumentException e) {
            int at = context.machineLine();
            err.println(name + ":" + (at == 0 ? 1 : at) + ": " + e.getMessage());
            return false;
        }
        for (Script.Line l : steps) {
            session.atLine(l.number());
            run(l.step());
            if (panicked) {
                break;
            }
        }
        return true;
    }

    /** Runs one line typed at the shell; returns false when it ends the shell (exit, logout). */
    public boolean runLine(String line) {
        lineNo++;
        List<Tokenizer.Token> tokens;
        Step step;
        try {
            tokens = Tokenizer.tokenize(line);
            if (!tokens.isEmpty() && builtin(tokens.get(0))) {
                return builtin(tokens);
            }
            step = parser.parseLine(context, line, lineNo);
        } catch (ScenarioError e) {
            error(e.getMessage());
            return true;
        }
        if (step == null) {
            return true;
        }
        if (session == null || (!stepRan && booted != context.machine())) {
            try {
                boot();
            } catch (IllegalArgumentException e) {
                error(e.getMessage());
                context = new ParseContext();
                return true;
            }
        }
        session.atShellLine();
        run(step);
        return !panicked;
    }

    /** 1 when an expect failed during the session (the scenario's or a typed one), else 0. */
    public int exitStatus() {
        if (panicked) {
            return Script.PANIC;
        }
        return session != null && session.failedExpects() > 0 ? Script.EXPECT_FAILED : Script.OK;
    }

    public Commands commands() {
        return commands;
    }

    /** The names bound now and live, for completion. */
    public SortedSet<String> boundNames() {
        return context.bindings.live();
    }

    /** The names a live task has bound (empty for an unknown task), for completion. */
    public SortedSet<String> boundNames(String task) {
        return context.tasks.live().contains(task) ? context.tasks.bindings(task).live() : new TreeSet<>();
    }

    /** The live task names, for completion. */
    public SortedSet<String> taskNames() {
        return context.tasks.live();
    }

    /**
     * The machine's /proc and /sys, for completion. Boots the machine described so far if nothing
     * has run yet; a `machine` line typed after that boots its own machine in its place.
     */
    public ProcFs procfs() {
        if (session == null) {
            boot();
        }
        return session.procfs;
    }

    /** The running kernel (booting it as procfs() does). */
    public Kernel kernel() {
        procfs();
        return session.kernel;
    }

    /** The simulated kernel panicked: the shell ends, as the machine would. */
    private boolean panicked;

    private void boot() {
        MachineSpec spec = context.machine();
        session = new Session(Kernel.boot(spec, seed), file, out, err);
        booted = spec;
    }

    private void run(Step step) {
        stepRan = true;
        try {
            step.run(session);
            session.endStep();
        } catch (KernelPanic e) {
            // The machine has stopped: nothing more can run on it.
            session.endStep();
            panicked = true;
        } catch (RuntimeException e) {
            session.endStep();
            error("internal error: " + e);
        }
    }

    private void error(String message) {
        out.flush();
        err.println("mmsim: " + message);
        err.flush();
    }

    private static boolean builtin(Tokenizer.Token first) {
        return !first.quoted() && !first.operator() && BUILTINS.contains(first.text());
    }

    private boolean builtin(List<Tokenizer.Token> tokens) {
        String name = tokens.get(0).text();
        if (name.equals("help")) {
            help(tokens.subList(1, tokens.size()));
            return true;
        }
        if (tokens.size() > 1) {
            error(name + ": takes no arguments (the exit status is 1 if an expect failed, else 0)");
            return true;
        }
        return false;
    }

    private void help(List<Tokenizer.Token> args) {
        if (args.isEmpty()) {
            out.println("The scenario language, one line at a time (see docs/user-guide.md):");
            for (CommandSpec c : commands.all()) {
                out.println("  " + c.usage());
            }
            out.println("Shell: help [COMMAND], exit, logout or Ctrl-D. Tab completes commands, paths,");
            out.println("sysctl names, bound names and gfp= flags; Up and Down recall earlier lines.");
        } else {
            for (Tokenizer.Token t : args) {
                CommandSpec c = commands.get(t.text());
                if (c != null) {
                    out.println(c.usage());
                } else if (BUILTINS.contains(t.text())) {
                    out.println(t.text().equals("help") ? "help [COMMAND]" : t.text());
                } else {
                    error("help: no command \"" + t.text() + "\"");
                }
            }
        }
        out.flush();
    }
}
