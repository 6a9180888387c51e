/*
 * A validated scenario: the machine to boot, the line that described it, and the steps in order.
 * Running it boots the machine (a refusal, such as too little host heap, is a FILE:LINE error on the
 * machine line) and runs every step, even after a failed expect, so one run shows every failure.
 * A kernel panic (panic_on_oom, or an OOM with nothing left to kill) stops the run: the panic
 * message is the console's last output and the exit code is PANIC.
 */
package org.mmsim.shell;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.sim.KernelPanic;

import java.io.PrintStream;
import java.util.List;
import java.util.function.Consumer;

public final class Script {
    /** Exit codes of `mmsim run`. */
    public static final int OK = 0, EXPECT_FAILED = 1, INVALID = 2, PANIC = 4;

    /** One step and the line it came from. */
    public record Line(int number, Step step) {
    }

    public final String file;
    public final MachineSpec machine;
    public final int machineLine;
    public final List<Line> lines;

    Script(String file, MachineSpec machine, int machineLine, List<Line> lines) {
        this.file = file;
        this.machine = machine;
        this.machineLine = machineLine;
        this.lines = List.copyOf(lines);
    }

    public int run(long seed, PrintStream out, PrintStream err) {
        return run(seed, out, err, session -> { });
    }

    /** Runs the scenario, then hands the final state to atEnd (unless the machine failed to boot). */
    public int run(long seed, PrintStream out, PrintStream err, Consumer<Session> atEnd) {
        Kernel kernel;
        try {
            kernel = Kernel.boot(machine, seed);
        } catch (IllegalArgumentException e) {
            err.println(file + ":" + (machineLine == 0 ? "1" : machineLine) + ": " + e.getMessage());
            return INVALID;
        }
        Session session = new Session(kernel, file, out, err);
        for (Line l : lines) {
            session.atLine(l.number());
            try {
                l.step().run(session);
            } catch (KernelPanic e) {
                session.endStep();
                return PANIC;
            }
            session.endStep();
        }
        atEnd.accept(session);
        return session.failedExpects() == 0 ? OK : EXPECT_FAILED;
    }
}
