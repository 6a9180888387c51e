package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.mmu.TlbStats;
import org.mmsim.sim.CostModel.Op;

/** Faults and page walks charge the cost model's fault.minor, fault.zero, fault.cow and tlb.walk. */
class FaultCostTest {
    @Test
    void firstTouchReadCowAndWalksAreCharged() {
        TaskFixture f = new TaskFixture();
        Task t = f.task();
        long a = TaskFixture.mmap(t, 4096, TaskFixture.RW, TaskFixture.ANON);
        long minor = f.k.cost.ns(Op.FAULT_MINOR);
        long walk = f.k.cost.ns(Op.TLB_WALK);

        long t0 = f.k.clock.nanos();
        long w0 = f.k.mmu.stats().sum(TlbStats.WALK);
        assertEquals(Fault.MINOR, t.access(a, Fault.WRITE, (byte) 9));
        long walks = f.k.mmu.stats().sum(TlbStats.WALK) - w0;
        assertEquals(minor + f.k.cost.ns(Op.FAULT_ZERO) + walks * walk, f.k.clock.nanos() - t0);

        Task c = f.fork(t);
        t0 = f.k.clock.nanos();
        w0 = f.k.mmu.stats().sum(TlbStats.WALK);
        assertEquals(Fault.MINOR, c.access(a, Fault.WRITE, (byte) 10));
        walks = f.k.mmu.stats().sum(TlbStats.WALK) - w0;
        assertEquals(minor + f.k.cost.ns(Op.FAULT_COW) + walks * walk, f.k.clock.nanos() - t0);

        t0 = f.k.clock.nanos();
        assertEquals(Fault.NOFAULT, c.access(a, Fault.READ, (byte) 0));
        assertEquals(10, c.lastByte());
        assertEquals(0, f.k.clock.nanos() - t0, "a TLB hit costs nothing extra");
    }
}
