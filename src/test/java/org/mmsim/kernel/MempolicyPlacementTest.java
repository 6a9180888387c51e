package org.mmsim.kernel;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.task.ProgramImage;
import org.mmsim.task.Task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a task's anonymous pages land under each memory policy, on a two-node machine. */
class MempolicyPlacementTest {
    private static final long BOTH = 0b11;
    private final Kernel k = Kernel.boot(MachineSpec.uniform(512L << 20, 2, 2), 1);

    private Task spawn(String comm, int nid, int mode, long nodes) {
        return k.processes.spawn(comm, nid, Processes.DEFAULT_PROGRAM_DIR + comm, ProgramImage.DEFAULT,
                Mempolicy.create(mode, nodes, BOTH));
    }

    /** Maps and writes len bytes of anonymous memory; returns how many of its pages are on each node. */
    private long[] writeAnon(Task t, long len) {
        long a = Mmap.mmap(t.mm(), t.limits(), 0, len, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE, null, 0);
        assertEquals(-1, t.touch(a, len, Fault.WRITE));
        long[] perNode = new long[2];
        for (long off = 0; off < len; off += 4096) {
            perNode[k.zones.zoneOf(Pte.pfn(t.pageTable().walk(a + off))).node.id]++;
        }
        return perNode;
    }

    private long interleaveHits() {
        long n = 0;
        for (int nid = 0; nid < 2; nid++) {
            for (Zone z : k.zones.node(nid).zones) {
                n += z == null ? 0 : z.numaStats[NumaStat.NUMA_INTERLEAVE];
            }
        }
        return n;
    }

    @Test
    void interleaveSpreadsPagesEvenlyOverTheNodes() {
        Task t = spawn("db", 0, Mempolicy.MPOL_INTERLEAVE, BOTH);
        long hits = interleaveHits();
        long[] perNode = writeAnon(t, 8L << 20);
        assertEquals(1024, perNode[0]);
        assertEquals(1024, perNode[1]);
        assertEquals(2048, interleaveHits() - hits, "every page landed on its interleave node");
    }

    @Test
    void bindKeepsEveryPageInTheMaskThenFailsInsteadOfSpilling() {
        Task t = spawn("cache", 0, Mempolicy.MPOL_BIND, 0b10);
        long[] perNode = writeAnon(t, 16L << 20);
        assertEquals(0, perNode[0]);
        assertEquals(4096, perNode[1]);
        // more than node 1 holds: the task runs out of memory (reclaim, then the OOM killer) rather than use node 0
        long node0Free = k.zones.node(0).zones[ZoneType.NORMAL].freePages();
        Task big = spawn("big", 0, Mempolicy.MPOL_BIND, 0b10);
        long len = 300L << 20;
        long a = Mmap.mmap(big.mm(), big.limits(), 0, len, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE, null, 0);
        assertTrue(big.touch(a, len, Fault.WRITE) != -1, "a bound task cannot have more than its nodes hold");
        assertTrue(k.zones.node(0).zones[ZoneType.NORMAL].freePages() >= node0Free - 64,
                "node 0 was left alone");
    }

    @Test
    void preferredFallsBackWhenItsNodeIsFull() {
        Task t = spawn("batch", 0, Mempolicy.MPOL_PREFERRED, 0b10);
        long[] perNode = writeAnon(t, 64L << 20);
        assertEquals(0, perNode[0], "node 1 first");
        long[] more = writeAnon(t, 300L << 20);
        assertTrue(more[1] > 0 && more[0] > 0, "then node 0 once node 1 runs short: " + more[0] + "/" + more[1]);
    }

    @Test
    void forkInheritsAndExecKeepsThePolicy() {
        Task parent = spawn("web", 0, Mempolicy.MPOL_BIND, 0b10);
        Task child = k.processes.fork(parent);
        assertEquals("bind:1", child.mempolicy().toString());
        assertEquals(0, writeAnon(child, 1L << 20)[0]);
        k.processes.exec(child, Processes.DEFAULT_PROGRAM_DIR + "web", ProgramImage.DEFAULT);
        assertEquals("bind:1", child.mempolicy().toString());
        assertEquals(0, writeAnon(child, 1L << 20)[0]);
        Task plain = k.processes.spawn("plain", 0);
        assertEquals(0, writeAnon(plain, 1L << 20)[1], "the default policy stays on the task's node");
    }
}
