/*
 * What a command's parser may consult and change while a scenario is validated: the machine being
 * described (to check node numbers and sizes against it), the bound names, the task names (each
 * with its own bound names), the current line, the task it runs in and the name it binds, if any.
 */
package org.mmsim.shell;

import org.mmsim.mm.init.MachineSpec;

public final class ParseContext {
    /** The machine that boots when a scenario has no `machine` line: 1G, 2 CPUs, 1 node. */
    public static final MachineSpec DEFAULT_MACHINE = MachineSpec.uniform(1L << 30, 2, 1);

    public final Bindings bindings = new Bindings();
    final TaskNames tasks = new TaskNames();
    private String task;
    private MachineSpec machine;
    private int machineLine;
    private boolean commandSeen;
    private int line;
    private String bindName;

    void startLine(int line, String bindName, String task) {
        this.line = line;
        this.bindName = bindName;
        this.task = task;
    }

    /** The task this line runs in (`TASK: command`), or null for the kernel. */
    String task() {
        return task;
    }

    /** The names this line's bindings live among: its task's, or the kernel's. */
    Bindings lineBindings() {
        return task == null ? bindings : tasks.bindings(task);
    }

    /** Called for every command but `machine`: from here on, the machine is fixed. */
    void commandSeen() {
        commandSeen = true;
        if (machine == null) {
            machine = DEFAULT_MACHINE;
        }
    }

    public void setMachine(MachineSpec spec) {
        if (machineLine != 0) {
            throw new ScenarioError("a second machine line (the machine was described on line " + machineLine + ")");
        }
        if (commandSeen) {
            throw new ScenarioError("machine must be the first command (a default 1G machine already booted)");
        }
        machine = spec;
        machineLine = line;
    }

    public MachineSpec machine() {
        return machine == null ? DEFAULT_MACHINE : machine;
    }

    /** The line of the `machine` command, 0 when the default machine boots. */
    public int machineLine() {
        return machineLine;
    }

    public int line() {
        return line;
    }

    /** The name this line binds with `NAME = ...`, or null. */
    public String bindName() {
        return bindName;
    }
}
