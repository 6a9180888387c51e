package org.mmsim.mm.buddy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.mm.zone.Zone;

/**
 * rmqueue_bulk's carved order-0 refill against page-by-page __rmqueue: the same seeded sequence of
 * allocations (orders 0..10, varied gfp), frees, drains and CPU switches on two identical machines,
 * one carving, one not, must return the same pfns and leave the same frame table, free lists,
 * pageblock migratetypes, counters and per-CPU lists (AllocTraceFingerprintTest's hash), and the
 * same nr_free and per-CPU list contents.
 */
class CarvedRefillPropertyTest {
    @Property(tries = 40)
    void carvingLeavesTheAllocatorAsPageByPage(@ForAll long seed, @ForAll @IntRange(min = 32, max = 128) int twoMegs,
            @ForAll @IntRange(min = 1, max = 2) int nodes, @ForAll @IntRange(min = 1, max = 4000) int steps) {
        long bytes = (long) twoMegs << 21;
        Kernel carved = Kernel.boot(MachineSpec.uniform(bytes, 2, nodes), 0);
        Kernel paged = Kernel.boot(MachineSpec.uniform(bytes, 2, nodes), 0);
        paged.pageAlloc.carveBatches = false;
        assertEquals(AllocTraceFingerprintTest.trace(paged, nodes, seed, steps),
                AllocTraceFingerprintTest.trace(carved, nodes, seed, steps));
        Zone[] a = carved.zones.allZones();
        Zone[] b = paged.zones.allZones();
        for (int z = 0; z < a.length; z++) {
            assertArrayEquals(b[z].nrFree, a[z].nrFree, a[z].name());
            for (int c = 0; c < a[z].pcp.length; c++) {
                PerCpuPages p = a[z].pcp[c];
                PerCpuPages q = b[z].pcp[c];
                assertArrayEquals(q.head, p.head);
                assertArrayEquals(q.tail, p.tail);
            }
        }
    }
}
