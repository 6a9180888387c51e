/*
 * The memory-stall seam of pressure stall information (kernel/sched/psi.c psi_memstall_enter/
 * psi_memstall_leave): reclaim brackets the simulated time the current task spends stalled on
 * memory (direct reclaim) with these calls; the PSI work implements them on the clock.
 */
package org.mmsim.sim;

public interface MemStall {
    void enter();

    void leave();

    /** No PSI accounting. */
    MemStall NONE = new MemStall() {
        @Override
        public void enter() {
        }

        @Override
        public void leave() {
        }
    };
}
