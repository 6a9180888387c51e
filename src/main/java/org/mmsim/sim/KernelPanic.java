/*
 * panic() (kernel/panic.c): the simulated machine stops. The message is logged at KERN_EMERG as
 * "Kernel panic - not syncing: MSG" and closed by "---[ end Kernel panic - not syncing: MSG ]---";
 * the scenario runner catches this and ends the run. Left out: the panic timeout and reboot, kdump,
 * and the other CPUs' backtraces.
 */
package org.mmsim.sim;

public final class KernelPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private KernelPanic(String message) {
        super(message, null, false, false);
    }

    /** Logs the panic and returns the exception for the caller to throw. */
    public static KernelPanic panic(Printk printk, String message) {
        printk.log(Printk.KERN_EMERG, "Kernel panic - not syncing: " + message);
        printk.log(Printk.KERN_EMERG, "---[ end Kernel panic - not syncing: " + message + " ]---");
        return new KernelPanic(message);
    }
}
