/*
 * Pressure stall information for memory, kernel/sched/psi.c: the system group's stall time
 * (psi_memstall_enter/leave per task on the simulated clock; SOME while any task is in a memory
 * stall, FULL while no task makes progress beside them), the running averages updated every
 * PSI_FREQ (2 s + 1 tick at HZ=250) by update_averages()/calc_avgs() with the fixed-point
 * EXP_10s/EXP_60s/EXP_300s decay and missed-period catch-up, totals in microseconds as psi_show()
 * prints them, and triggers (psi_trigger_create's parsing and EINVAL rules, the privileged rtpoll
 * aggregator updating every window/10 while stalls change, window_update()'s growth tracking with
 * linear interpolation of the previous window, at most one event per window).
 * The simulation runs one task at a time, so a stalled task leaves nothing productive: FULL time
 * equals SOME time. The averaging work runs every period from boot (Linux stops it while the
 * system is idle and catches up on the next change); cpu and io pressure are not modelled and print
 * zeros. Periodic work is evaluated lazily, exactly, when a stall changes or the files are read.
 */
package org.mmsim.mm.psi;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.SimClock;

public final class Psi {
    /** include/linux/sched/loadavg.h: FSHIFT bits of fixed point. */
    static final int FSHIFT = 11;
    static final long FIXED_1 = 1L << FSHIFT;
    /** 1/exp(2s/10s), 1/exp(2s/60s), 1/exp(2s/300s) in fixed point. */
    static final long EXP_10S = 1677, EXP_60S = 1981, EXP_300S = 2034;
    /** PSI_FREQ = 2*HZ+1 jiffies at CONFIG_HZ=250 (the reference host's), in ns. */
    public static final long PSI_PERIOD_NS = (2 * 250 + 1) * 4_000_000L;
    static final long WINDOW_MAX_US = 10_000_000;
    static final int UPDATES_PER_WINDOW = 10;
    /** The states of the memory resource. */
    static final int SOME = 0, FULL = 1;

    /** One open trigger: a file descriptor that wrote "some|full THRESHOLD_US WINDOW_US". */
    public static final class Trigger {
        final int state;
        final long thresholdNs;
        final long windowNs;
        long winStartTime;
        long winStartValue;
        long winPrevGrowth;
        long lastEventTime;
        boolean pendingEvent;
        boolean event;
        final String spec;

        Trigger(int state, long thresholdNs, long windowNs, String spec) {
            this.state = state;
            this.thresholdNs = thresholdNs;
            this.windowNs = windowNs;
            this.spec = spec;
        }

        /** The "some 150000 1000000" this trigger was created from. */
        public String spec() {
            return spec;
        }
    }

    private final SimClock clock;
    private final IdentityHashMap<Object, Boolean> stalled = new IdentityHashMap<>();
    private final List<Trigger> triggers = new ArrayList<>();
    /** group->total[state] up to lastChange, in ns. */
    private final long[] total = new long[2];
    private long lastChange;
    /** update_averages() state. */
    private final long[][] avg = new long[2][3];
    private final long[] avgTotal = new long[2];
    private long avgLastUpdate;
    private long avgNextUpdate;
    /** rtpoll state: the next update, the end of polling, and the totals the triggers saw last. */
    private long rtpollNextUpdate = Long.MAX_VALUE;
    private long rtpollUntil = Long.MIN_VALUE;
    private final long[] rtpollTotal = new long[2];

    public Psi(SimClock clock) {
        this.clock = clock;
        avgLastUpdate = clock.nanos();
        avgNextUpdate = avgLastUpdate + PSI_PERIOD_NS;
    }

    /** psi_memstall_enter(): task (any identity) starts waiting on memory; nesting is ignored (PF_MEMSTALL). */
    public void memstallEnter(Object task) {
        if (stalled.containsKey(task)) {
            return;
        }
        catchUp(clock.nanos());
        stalled.put(task, Boolean.TRUE);
        stateChanged();
    }

    /** psi_memstall_leave(). */
    public void memstallLeave(Object task) {
        if (!stalled.containsKey(task)) {
            return;
        }
        catchUp(clock.nanos());
        stalled.remove(task);
        stateChanged();
    }

    /** A task in a memory stall exits or is forgotten: its stall ends. */
    public void forget(Object task) {
        memstallLeave(task);
    }

    /** psi_group_change() on the rtpoll side: a change starts (or extends) polling for one window. */
    private void stateChanged() {
        if (triggers.isEmpty()) {
            return;
        }
        long now = clock.nanos();
        long minPeriod = rtpollMinPeriod();
        if (now >= rtpollUntil) {
            // init_rtpoll_triggers(): entering polling mode resets every window.
            for (Trigger t : triggers) {
                windowReset(t, now, total[t.state], 0);
            }
            System.arraycopy(total, 0, rtpollTotal, 0, 2);
            rtpollNextUpdate = now + minPeriod;
        }
        rtpollUntil = now + minPeriod * UPDATES_PER_WINDOW;
    }

    private long rtpollMinPeriod() {
        long min = Long.MAX_VALUE;
        for (Trigger t : triggers) {
            min = Math.min(min, t.windowNs / UPDATES_PER_WINDOW);
        }
        return min;
    }

    private boolean some() {
        return !stalled.isEmpty();
    }

    /** group->total[state] at time t (no later than the next change). */
    private long totalAt(int state, long t) {
        return total[state] + (some() ? t - lastChange : 0);
    }

    /** Runs the periodic averaging and rtpoll work due up to now, in time order, then accrues stall time. */
    private void catchUp(long now) {
        while (true) {
            long next = Math.min(avgNextUpdate, rtpollNextUpdate <= rtpollUntil ? rtpollNextUpdate : Long.MAX_VALUE);
            if (next > now) {
                break;
            }
            if (next == avgNextUpdate) {
                avgNextUpdate = updateAverages(next);
            } else {
                updateTriggers(next);
                rtpollNextUpdate = next + rtpollMinPeriod();
            }
        }
        if (some()) {
            total[SOME] += now - lastChange;
            total[FULL] += now - lastChange;
        }
        lastChange = now;
    }

    /** update_averages() at time now; returns the next update time. */
    private long updateAverages(long now) {
        long missedPeriods = 0;
        long expires = avgNextUpdate;
        if (now - expires >= PSI_PERIOD_NS) {
            missedPeriods = (now - expires) / PSI_PERIOD_NS;
        }
        long next = expires + (1 + missedPeriods) * PSI_PERIOD_NS;
        long period = now - (avgLastUpdate + missedPeriods * PSI_PERIOD_NS);
        avgLastUpdate = now;
        for (int s = 0; s < 2; s++) {
            long sample = totalAt(s, now) - avgTotal[s];
            if (sample > period) {
                sample = period;
            }
            avgTotal[s] += sample;
            calcAvgs(avg[s], missedPeriods, sample, period);
        }
        return next;
    }

    static void calcAvgs(long[] a, long missedPeriods, long time, long period) {
        if (missedPeriods != 0) {
            a[0] = calcLoadN(a[0], EXP_10S, 0, missedPeriods);
            a[1] = calcLoadN(a[1], EXP_60S, 0, missedPeriods);
            a[2] = calcLoadN(a[2], EXP_300S, 0, missedPeriods);
        }
        long pct = time * 100 / period;
        pct *= FIXED_1;
        a[0] = calcLoad(a[0], EXP_10S, pct);
        a[1] = calcLoad(a[1], EXP_60S, pct);
        a[2] = calcLoad(a[2], EXP_300S, pct);
    }

    /** calc_load(): one step of the exponential moving average, rounding up while rising. */
    static long calcLoad(long load, long exp, long active) {
        long newload = load * exp + active * (FIXED_1 - exp);
        if (active >= load) {
            newload += FIXED_1 - 1;
        }
        return newload / FIXED_1;
    }

    static long calcLoadN(long load, long exp, long active, long n) {
        return calcLoad(load, fixedPowerInt(exp, FSHIFT, n), active);
    }

    /** fixed_power_int(): x^n in fixed point with frac_bits fraction bits, rounding each step. */
    static long fixedPowerInt(long x, int fracBits, long n) {
        long result = 1L << fracBits;
        if (n != 0) {
            while (true) {
                if ((n & 1) != 0) {
                    result *= x;
                    result += 1L << (fracBits - 1);
                    result >>>= fracBits;
                }
                n >>>= 1;
                if (n == 0) {
                    break;
                }
                x *= x;
                x += 1L << (fracBits - 1);
                x >>>= fracBits;
            }
        }
        return result;
    }

    /** update_triggers() for the rtpoll aggregator at time now. */
    private void updateTriggers(long now) {
        for (Trigger t : triggers) {
            long value = totalAt(t.state, now);
            boolean newStall = rtpollTotal[t.state] != value;
            if (!newStall && !t.pendingEvent) {
                continue;
            }
            if (newStall) {
                long growth = windowUpdate(t, now, value);
                if (!t.pendingEvent) {
                    if (growth < t.thresholdNs) {
                        continue;
                    }
                    t.pendingEvent = true;
                }
            }
            if (now < t.lastEventTime + t.windowNs) {
                continue;
            }
            t.event = true;
            t.lastEventTime = now;
            t.pendingEvent = false;
        }
        for (int s = 0; s < 2; s++) {
            rtpollTotal[s] = totalAt(s, now);
        }
    }

    private static long windowUpdate(Trigger t, long now, long value) {
        long elapsed = now - t.winStartTime;
        long growth = value - t.winStartValue;
        if (elapsed > t.windowNs) {
            windowReset(t, now, value, growth);
        } else {
            long remaining = t.windowNs - elapsed;
            growth += t.winPrevGrowth * remaining / t.windowNs;
        }
        return growth;
    }

    private static void windowReset(Trigger t, long now, long value, long prevGrowth) {
        t.winStartTime = now;
        t.winStartValue = value;
        t.winPrevGrowth = prevGrowth;
    }

    /** psi_show() for /proc/pressure/memory. */
    public String showMemory() {
        long now = clock.nanos();
        catchUp(now);
        StringBuilder sb = new StringBuilder();
        for (int s = 0; s < 2; s++) {
            long[] a = avg[s];
            sb.append(s == SOME ? "some" : "full").append(String.format(" avg10=%s avg60=%s avg300=%s total=%d\n",
                    load(a[0]), load(a[1]), load(a[2]), total[s] / 1000));
        }
        return sb.toString();
    }

    /** psi_show() of a resource nothing stalls on (cpu, io). */
    public static String showIdle() {
        return "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    }

    /** LOAD_INT.LOAD_FRAC. */
    private static String load(long x) {
        return String.format("%d.%02d", x >> FSHIFT, ((x & (FIXED_1 - 1)) * 100) >> FSHIFT);
    }

    /**
     * psi_write() + psi_trigger_create() for a root writer (privileged: the rtpoll aggregator, any
     * window): the trigger, or KernelError (EINVAL for text it refuses). memory says whether the
     * file is /proc/pressure/memory; triggers on cpu and io are checked the same way but never fire.
     */
    public Trigger createTrigger(String written, boolean memory) {
        if (written.isEmpty()) {
            throw new KernelError(Errno.EINVAL);
        }
        // buf[min(nbytes, 32) - 1] = '\0': the last byte copied is dropped.
        String buf = written.substring(0, Math.min(written.length(), 32) - 1);
        int nul = buf.indexOf('\0');
        if (nul >= 0) {
            buf = buf.substring(0, nul);
        }
        int state;
        long[] values;
        if ((values = scan(buf, "some")) != null) {
            state = SOME;
        } else if ((values = scan(buf, "full")) != null) {
            state = FULL;
        } else {
            throw new KernelError(Errno.EINVAL);
        }
        long thresholdUs = values[0];
        long windowUs = values[1];
        if (windowUs == 0 || windowUs > WINDOW_MAX_US) {
            throw new KernelError(Errno.EINVAL);
        }
        if (thresholdUs == 0 || thresholdUs > windowUs) {
            throw new KernelError(Errno.EINVAL);
        }
        Trigger t = new Trigger(state, thresholdUs * 1000, windowUs * 1000,
                (state == SOME ? "some " : "full ") + thresholdUs + " " + windowUs);
        long now = clock.nanos();
        catchUp(now);
        windowReset(t, now, total[state], 0);
        if (memory) {
            triggers.add(t);
            if (now < rtpollUntil) {
                // Already polling: the new trigger's rtpoll period may be shorter.
                rtpollNextUpdate = Math.min(rtpollNextUpdate, now + rtpollMinPeriod());
            }
        }
        return t;
    }

    /** psi_trigger_destroy(): the file descriptor was closed. */
    public void destroyTrigger(Trigger t) {
        triggers.remove(t);
    }

    /** psi_trigger_poll(): whether an event is pending (EPOLLPRI), clearing it. */
    public boolean poll(Trigger t) {
        catchUp(clock.nanos());
        boolean e = t.event;
        t.event = false;
        return e;
    }

    /** sscanf(buf, "KEY %u %u") == 2: the two unsigned values, or null. */
    private static long[] scan(String buf, String key) {
        if (!buf.startsWith(key)) {
            return null;
        }
        int[] pos = {key.length()};
        long a = scanUnsigned(buf, pos);
        if (a < 0) {
            return null;
        }
        long b = scanUnsigned(buf, pos);
        if (b < 0) {
            return null;
        }
        return new long[] {a, b};
    }

    /**
     * One %u conversion: skip whitespace, an optional sign, decimal digits; the value as a 32-bit
     * unsigned int (a minus sign wraps, as the kernel's simple_strtoul does), or -1 with no digits.
     */
    private static long scanUnsigned(String s, int[] pos) {
        int i = pos[0];
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        int start = i;
        long v = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == start) {
            return -1;
        }
        pos[0] = i;
        return (negative ? -v : v) & 0xffffffffL;
    }
}
