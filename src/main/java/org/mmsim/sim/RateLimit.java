/*
 * A printk rate limit (lib/ratelimit.c ___ratelimit with struct ratelimit_state) on the simulated
 * clock: at most `burst` messages per `interval`; the window starts at the first call and a call
 * after it ends opens a new one, first logging how many calls the old window suppressed.
 * Left out: RATELIMIT_MSG_ON_RELEASE (no user here sets it) and lock contention (single-threaded).
 */
package org.mmsim.sim;

public final class RateLimit {
    /** DEFAULT_RATELIMIT_INTERVAL (5 * HZ) and DEFAULT_RATELIMIT_BURST. */
    public static final long DEFAULT_INTERVAL_NS = 5_000_000_000L;
    public static final int DEFAULT_BURST = 10;

    private final String func;
    private final long intervalNs;
    private final int burst;
    private boolean started;
    private long beginNs;
    private int printed;
    private int missed;

    /** func names the caller in the "callbacks suppressed" line, as __func__ does. */
    public RateLimit(String func, long intervalNs, int burst) {
        this.func = func;
        this.intervalNs = intervalNs;
        this.burst = burst;
    }

    /** __ratelimit(): whether the caller may print now. */
    public boolean allow(SimClock clock, Printk printk) {
        if (intervalNs <= 0 || burst <= 0) {
            return true;
        }
        long now = clock.nanos();
        if (!started) {
            started = true;
            beginNs = now;
        }
        if (now > beginNs + intervalNs) {
            if (missed > 0) {
                printk.warn(func + ": " + missed + " callbacks suppressed");
            }
            beginNs = now;
            printed = 0;
            missed = 0;
        }
        if (printed < burst) {
            printed++;
            return true;
        }
        missed++;
        return false;
    }
}
