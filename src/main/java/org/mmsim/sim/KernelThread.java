/*
 * A kernel thread as a simulated task (kernel/kthread.c): named, with a pid, woken by mechanisms
 * and run by the event queue. kswapd, kcompactd, the flushers, khugepaged and ksmd subclass it.
 */
package org.mmsim.sim;

public abstract class KernelThread {
    private final String name;
    private final int pid;
    private final EventQueue events;
    private boolean wakeupPending;

    protected KernelThread(String name, int pid, EventQueue events) {
        this.name = name;
        this.pid = pid;
        this.events = events;
    }

    public String name() {
        return name;
    }

    public int pid() {
        return pid;
    }

    /** Wakes the thread: it runs once at the current simulated instant, however often it is woken. */
    public void wakeUp() {
        if (!wakeupPending) {
            wakeupPending = true;
            events.scheduleAfter(0, () -> {
                wakeupPending = false;
                run();
            });
        }
    }

    /** One pass of the thread's loop body. */
    protected abstract void run();
}
