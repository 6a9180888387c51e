/*
 * The simulated clock: nanoseconds since boot, advanced only by the simulation (never wall time).
 * Models the kernel's monotonic clock (ktime_get) as seen by printk timestamps, /proc/uptime and PSI.
 */
package org.mmsim.sim;

public final class SimClock {
    private long nowNs;

    public long nanos() {
        return nowNs;
    }

    /** Moves time forward by a non-negative amount. */
    public void advance(long deltaNs) {
        if (deltaNs < 0) {
            throw new IllegalArgumentException("time cannot run backwards: " + deltaNs);
        }
        nowNs += deltaNs;
    }

    /** Moves time forward to an absolute instant, if it is later than now. */
    public void advanceTo(long instantNs) {
        if (instantNs > nowNs) {
            nowNs = instantNs;
        }
    }
}
