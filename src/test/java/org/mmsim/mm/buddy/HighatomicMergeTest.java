/*
 * Regression test for __free_one_page(): at pageblock order and above, a free block only merges with a
 * buddy of another migratetype when both types are mergeable (migratetype_is_mergeable(): the three
 * per-CPU types). A MIGRATE_HIGHATOMIC pageblock therefore keeps its free pages to itself, so the
 * highatomic accounting (nr_free_highatomic, nr_reserved_highatomic) stays true.
 */
package org.mmsim.mm.buddy;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.mm.zone.Zones;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class HighatomicMergeTest {
    @Test
    void freedHighatomicPageblockDoesNotMergeWithItsNeighbour() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 0);
        PageAlloc a = k.pageAlloc;
        Zone dma32 = k.zones.node(0).zones[ZoneType.DMA32];
        // Boot's kmem_cache_init holds slab pages (and left a refill on CPU 0's list): drain, and count
        // what the kernel holds as allocated in the final check.
        a.drainAllPages();
        BitSet kernelHeld = BuddyInvariants.kernelHeld(k.zones);
        long[] kernelHeldPerZone = BuddyInvariants.heldPerZone(k.zones, kernelHeld);
        BuddyInvariants.check(k.zones, kernelHeldPerZone, kernelHeld);
        List<int[]> held = new ArrayList<>();
        for (int pfn; (pfn = a.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 0, 0)) != MemMap.NIL; ) {
            held.add(new int[] {pfn, 0});
        }
        int atomic = a.allocPages(Gfp.GFP_ATOMIC, 2, 0);
        assertNotEquals(MemMap.NIL, atomic);
        held.add(new int[] {atomic, 2});
        int block = atomic & ~(Zones.PAGEBLOCK_NR_PAGES - 1);
        assertEquals(MigrateType.HIGHATOMIC, k.zones.migratetypeOf(block));

        for (int[] h : held) {
            a.freePages(h[0], h[1]);
        }
        a.drainAllPages();
        BuddyInvariants.check(k.zones, kernelHeldPerZone, kernelHeld);
        assertEquals(MigrateType.HIGHATOMIC, k.zones.migratetypeOf(block), "the reserve keeps its type");
        assertEquals(Zones.PAGEBLOCK_NR_PAGES, dma32.nrReservedHighatomic);
        assertEquals(Zones.PAGEBLOCK_NR_PAGES, dma32.nrFreeHighatomic, "all of the reserved block is free");
        assertEquals(1, dma32.freeListLength[Zone.freeList(Zones.PAGEBLOCK_ORDER, MigrateType.HIGHATOMIC)],
                "one free order-9 block on the HIGHATOMIC list");
        assertEquals(Zones.PAGEBLOCK_ORDER, k.zones.memMap.priv[block]);
    }
}
