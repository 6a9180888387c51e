/*
 * A running scenario: the booted kernel, its /proc, the values bound names hold, the console, and
 * the two output streams. Everything a Step prints goes through here so kernel console messages
 * and command output interleave in the order they happened, and stdout is flushed before anything
 * goes to stderr. In a pipeline, a command's output goes into the pipe instead (console messages and
 * stderr do not).
 */
package org.mmsim.shell;

import org.mmsim.kernel.Kernel;
import org.mmsim.procfs.ProcFs;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

public final class Session {
    public final Kernel kernel;
    public final ProcFs procfs;
    private final String file;
    private final PrintStream out;
    private final PrintStream err;
    private final Console console;
    private final Map<String, Object> values = new HashMap<>();
    /** The scenario's tasks by name, live or dead (ScenarioProcess says which). */
    final Map<String, ScenarioProcess> processes = new HashMap<>();
    /** PSI triggers whose file descriptors the scenario holds open, in the order they were opened. */
    final java.util.List<PressureCommands.Open> openTriggers = new java.util.ArrayList<>();
    private int line;
    private int failedExpects;
    /** Where print() goes while a pipeline stage runs; null when output goes to stdout. */
    private StringBuilder pipe;

    public Session(Kernel kernel, String file, PrintStream out, PrintStream err) {
        this.kernel = kernel;
        this.procfs = new ProcFs(kernel);
        this.file = file;
        this.out = out;
        this.err = err;
        this.console = new Console(kernel.printk);
    }

    /** The directory a relative file name in a command is taken from: the scenario's, or the current one. */
    java.nio.file.Path scenarioDir() {
        java.nio.file.Path dir = java.nio.file.Path.of(file).toAbsolutePath().getParent();
        return dir == null || !java.nio.file.Files.isRegularFile(java.nio.file.Path.of(file))
                ? java.nio.file.Path.of("").toAbsolutePath() : dir;
    }

    /** The line running now (0 at the shell prompt). */
    int line() {
        return line;
    }

    void atLine(int line) {
        this.line = line;
        kernel.setCurrentTask(null);
    }

    private static final java.util.regex.Pattern PROC_NAME =
            java.util.regex.Pattern.compile("/proc/([A-Za-z_][A-Za-z0-9_]*)(/.*)?");

    /** The pid of a live task the scenario named, or null. */
    Integer pidOf(String name) {
        ScenarioProcess p = processes.get(name);
        return p == null || p.task == null || p.gone != null ? null : p.task.pid;
    }

    /** `/proc/web/maps` → `/proc/1000/maps`: in paths a task's name stands for its pid, as in a scenario's prose. */
    String resolvePath(String path) {
        java.util.regex.Matcher m = PROC_NAME.matcher(path);
        if (m.matches()) {
            Integer pid = pidOf(m.group(1));
            if (pid != null) {
                return "/proc/" + pid + (m.group(2) == null ? "" : m.group(2));
            }
        }
        return path;
    }

    /** From here on, a failed expect is reported as `mmsim: expect failed: ...` (a line typed at the shell). */
    void atShellLine() {
        this.line = 0;
    }

    /** Output of a command, after any console messages the command caused; into the pipe in a pipeline. */
    public void print(String text) {
        console.flush(out);
        if (pipe != null) {
            pipe.append(text);
        } else {
            out.print(text);
        }
    }

    /** Runs the first stage of a pipeline and returns what it printed (its stdout, the pipe's content). */
    String capture(Step stage) {
        StringBuilder saved = pipe;
        pipe = new StringBuilder();
        try {
            stage.run(this);
            return pipe.toString();
        } finally {
            pipe = saved;
        }
    }

    public void println(String text) {
        print(text + "\n");
    }

    /** What a Linux tool prints to stderr (a refused write, a missing file); the run goes on. */
    public void toolError(String text) {
        console.flush(out);
        out.flush();
        err.println(text);
        err.flush();
    }

    /** A failed expect: reported as FILE:LINE and remembered for the exit code. */
    public void expectFailed(String message) {
        failedExpects++;
        toolError((line == 0 ? "mmsim" : file + ":" + line) + ": expect failed: " + message);
    }

    public int failedExpects() {
        return failedExpects;
    }

    /**
     * Ends a step: tasks the OOM killer chose die (strace's "+++ killed by SIGKILL +++"), open PSI
     * triggers that fired are reported, and
     * console messages the step caused appear even if it printed nothing.
     */
    void endStep() {
        reapOomVictims();
        for (PressureCommands.Open open : openTriggers) {
            if (kernel.psi.poll(open.trigger())) {
                println(open.name() + ": poll() = 1 (POLLPRI)");
            }
        }
        kernel.setCurrentTask(null);
        console.flush(out);
        out.flush();
    }

    private void reapOomVictims() {
        java.util.List<org.mmsim.task.Task> exited = kernel.processes.takeOomKilled();
        for (ScenarioProcess p : new java.util.TreeMap<>(processes).values()) {
            if (p.gone != null || p.task == null) {
                continue;
            }
            if (exited.contains(p.task)) {
                println(p.name + ": +++ killed by SIGKILL +++");
                p.gone(this, "killed by SIGKILL (out of memory)");
            } else if (p.task.isOomVictim()) {
                println(p.name + ": +++ killed by SIGKILL +++");
                p.end(this, "killed by SIGKILL (out of memory)");
            }
        }
    }

    public void setValue(String name, Object value) {
        values.put(name, value);
    }

    public Object value(String name) {
        return values.get(name);
    }
}
