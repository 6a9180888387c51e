package org.mmsim.mm.slab;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmstat.NodeStat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlubPropertyTest {
    private static final int[] GFPS = {Gfp.GFP_KERNEL, Gfp.GFP_KERNEL_ACCOUNT, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE,
        Gfp.GFP_KERNEL | Gfp.__GFP_DMA};

    /** One step: op 0-3 kmalloc(size), 4-5 kfree(nth live), 6 cache alloc, 7 cache free, 8 switch CPU, 9 shrink. */
    record Op(int op, int size, int pick) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(1, 20000), Arbitraries.integers().between(0, 1 << 20)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(600);
    }

    @Property(tries = 60)
    void objectsNeverOverlapAndSlabPagesAreCountedOnce(@ForAll("ops") List<Op> ops) {
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 7);
        Slub s = k.slab;
        KmemCache[] user = {s.kmemCacheCreate("prop_a", 40, 0, 0),
            s.kmemCacheCreate("prop_b", 700, 0, SlabFlags.SLAB_RECLAIM_ACCOUNT),
            s.kmemCacheCreate("prop_c", 3000, 64, SlabFlags.SLAB_HWCACHE_ALIGN)};
        TreeMap<Long, Long> live = new TreeMap<>();
        List<long[]> handles = new ArrayList<>();
        for (Op o : ops) {
            switch (o.op()) {
                case 0, 1, 2, 3 -> {
                    long p = s.kmalloc(o.size(), GFPS[o.op()]);
                    long size = s.ksize(p);
                    assertTrue(size >= o.size());
                    addLive(live, p, size);
                    handles.add(new long[] {p, -1});
                }
                case 4, 5 -> {
                    if (!handles.isEmpty()) {
                        long[] h = handles.remove(o.pick() % handles.size());
                        live.remove(h[0]);
                        if (h[1] < 0) {
                            s.kfree(h[0]);
                        } else {
                            s.kmemCacheFree(user[(int) h[1]], h[0]);
                        }
                    }
                }
                case 6 -> {
                    int ci = o.pick() % user.length;
                    long p = s.kmemCacheAlloc(user[ci], Gfp.GFP_KERNEL);
                    addLive(live, p, user[ci].objectSize);
                    handles.add(new long[] {p, ci});
                }
                case 7 -> s.kfree(o.pick()); // an address that is no object: logged, nothing changes
                case 8 -> k.pageAlloc.setCpu(o.pick() % 2);
                default -> s.kmemCacheShrink(user[o.pick() % user.length]);
            }
        }
        checkSlabPages(k);
        for (KmemCache c : s.cachesNewestFirst()) {
            for (int cpu = 0; cpu < 2; cpu++) {
                assertTrue(c.cpuPartialSlabsOn(cpu) <= c.cpuPartialSlabs, c.name + " cpu partial list too long");
            }
            assertTrue(c.nodePartialSlabs(0) <= c.nrSlabs());
        }
        for (long[] h : handles) {
            if (h[1] < 0) {
                s.kfree(h[0]);
            } else {
                s.kmemCacheFree(user[(int) h[1]], h[0]);
            }
        }
        for (KmemCache c : user) {
            long kept = c.nrSlabs();
            // Kept empties: at most min_partial on the node plus what two CPUs hold.
            assertTrue(kept <= c.minPartial + 2L * (c.cpuPartialSlabs + 1), c.name + " kept " + kept);
            s.kmemCacheShrink(c);
            assertEquals(0, c.nrSlabs(), c.name);
            s.kmemCacheDestroy(c, "test+0x0/0x0");
        }
        checkSlabPages(k);
    }

    private static void addLive(TreeMap<Long, Long> live, long p, long size) {
        assertNotEquals(0, p);
        assertNull(live.get(p), "handed out twice");
        var below = live.floorEntry(p);
        assertTrue(below == null || below.getKey() + below.getValue() <= p, "overlaps the object below");
        var above = live.ceilingEntry(p);
        assertTrue(above == null || p + size <= above.getKey(), "overlaps the object above");
        live.put(p, size);
    }

    /** Every slab page is TYPE_SLAB, and the node counters equal the slab pages plus large kmallocs. */
    private static void checkSlabPages(Kernel k) {
        long[] pages = new long[2];
        k.slab.forEachSlab((cache, pfn, order, objects) -> {
            for (int p = pfn; p < pfn + (1 << order); p++) {
                assertEquals(PageFlags.TYPE_SLAB, k.zones.memMap.pageType(p));
            }
            pages[cache.reclaimable() ? 0 : 1] += 1L << order;
        });
        long large = 0;
        var mm = k.zones.memMap;
        for (int pfn = 0; pfn < mm.nrFrames; pfn++) {
            if (mm.pageType(pfn) == PageFlags.TYPE_LARGE_KMALLOC) {
                large += 1L << mm.priv[pfn];
            }
        }
        assertEquals(pages[0], k.zones.node(0).stats[NodeStat.NR_SLAB_RECLAIMABLE]);
        assertEquals(pages[1] + large, k.zones.node(0).stats[NodeStat.NR_SLAB_UNRECLAIMABLE]);
    }
}
