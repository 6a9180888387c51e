package org.mmsim.mm.psi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.SimClock;

/** /proc/pressure/memory's averages and totals, and triggers, on the simulated clock. */
class PsiTest {
    private static final long MS = 1_000_000L;
    private static final Object TASK = new Object();

    @Test
    void anIdleMachineShowsZeros() {
        Psi psi = new Psi(new SimClock());
        assertEquals("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
                psi.showMemory());
        assertEquals(psi.showMemory(), Psi.showIdle());
    }

    @Test
    void oneSecondOfStallInTheFirstPeriod() {
        SimClock clock = new SimClock();
        Psi psi = new Psi(clock);
        clock.advance(500 * MS);
        psi.memstallEnter(TASK);
        psi.memstallEnter(TASK);
        clock.advance(1000 * MS);
        psi.memstallLeave(TASK);
        clock.advance(600 * MS);
        // 1 s of the 2.004 s period is 49% (integer percent); one calc_load step from 0 with EXP_10s
        // (1677/2048) rounds up: 49 * 2048 * 371 / 2048 + 2047 / 2048 -> 18179 = 8.87.
        assertEquals("some avg10=8.87 avg60=1.60 avg300=0.33 total=1000000\n"
                + "full avg10=8.87 avg60=1.60 avg300=0.33 total=1000000\n", psi.showMemory());
    }

    @Test
    void aLastingStallApproachesOneHundredPercent() {
        SimClock clock = new SimClock();
        Psi psi = new Psi(clock);
        psi.memstallEnter(TASK);
        clock.advance(600_000 * MS);
        String some = psi.showMemory().split("\n")[0];
        assertTrue(some.startsWith("some avg10=100.00 avg60=100.00 avg300=87."), some);
        assertTrue(some.endsWith(" total=600000000"), some);
        psi.memstallLeave(TASK);
        clock.advance(60_000 * MS);
        some = psi.showMemory().split("\n")[0];
        // After 60 s idle avg60 has fallen to about 1/e of its value, avg10 to about e^-6.
        assertTrue(some.startsWith("some avg10=0.26 avg60=37."), some);
    }

    @Test
    void aTriggerFiresOncePerWindowWhenGrowthCrossesItsThreshold() {
        SimClock clock = new SimClock();
        Psi psi = new Psi(clock);
        // Events are limited to one per window since the last (at 0): start well after boot.
        clock.advance(10_000 * MS);
        Psi.Trigger t = psi.createTrigger("some 150000 1000000\n", true);
        assertEquals("some 150000 1000000", t.spec());
        psi.memstallEnter(TASK);
        clock.advance(100 * MS);
        psi.memstallLeave(TASK);
        clock.advance(500 * MS);
        assertFalse(psi.poll(t), "100 ms of stall is below the 150 ms threshold");
        psi.memstallEnter(TASK);
        clock.advance(100 * MS);
        psi.memstallLeave(TASK);
        clock.advance(200 * MS);
        assertTrue(psi.poll(t), "200 ms within one second");
        assertFalse(psi.poll(t), "poll() consumed the event");
        psi.memstallEnter(TASK);
        clock.advance(300 * MS);
        psi.memstallLeave(TASK);
        assertFalse(psi.poll(t), "at most one event per window");
        clock.advance(1000 * MS);
        assertTrue(psi.poll(t), "the breach was kept pending until the window passed");
        psi.destroyTrigger(t);
        psi.memstallEnter(TASK);
        clock.advance(2000 * MS);
        assertFalse(psi.poll(t));
    }

    @Test
    void triggerTextIsCheckedAsPsiTriggerCreateChecksIt() {
        Psi psi = new Psi(new SimClock());
        for (String bad : new String[] {"", "some 0 1000000\n", "some 1000001 1000000\n", "some 100 10000001\n",
            "full 100 0\n", "none 1 2\n", "some 100\n", "some -1 1000000\n", "Some 1 2\n", "some x 2\n"}) {
            KernelError e = assertThrows(KernelError.class, () -> psi.createTrigger(bad, true), bad);
            assertEquals(Errno.EINVAL, e.errno, bad);
        }
        psi.createTrigger("full 10000000 10000000\n", true);
        psi.createTrigger("some 1 2 and more\n", true);
        psi.createTrigger("some    5   500000\n", false);
        psi.createTrigger("some5 500000\n", true);
    }
}
