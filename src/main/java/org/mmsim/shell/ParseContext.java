/*
 * What a command's parser may consult and change while a scenario is validated: the machine being
 * described (to check node numbers and sizes against it), the bound names, the current line and the
 * name this line binds, if any.
 */
package org.mmsim.shell;

import org.mmsim.mm.init.MachineSpec;

public final class ParseContext {
    /** The machine that boots when a scenario has no `machine` line: 1G, 2 CPUs, 1 node. */
    public static final MachineSpec DEFAULT_MACHINE = MachineSpec.uniform(1L << 30, 2, 1);

    public final Bindings bindings = new Bindings();
    private MachineSpec machine;
    private int machineLine;
    private boolean commandSeen;
    private int line;
    private String bindName;

    void startLine(int line, String bindName) {
        this.line = line;
        this.bindName = bindName;
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
