/*
 * Pins PageAlloc's exact behaviour (mm/page_alloc.c alloc_pages/__free_pages with the per-CPU lists,
 * fallback, highatomic reserves, boosting): a seeded sequence of allocations and frees over varied gfp
 * masks, orders and CPUs, hashing every pfn returned and then the whole machine state (frame table,
 * free lists, counters, per-CPU list state, vm events). The expected hashes come from the allocator
 * before any performance work, so optimisations must keep every decision identical. Reclaim is
 * detached: with nothing to reclaim the slow path's retries must leave the allocator's decisions as they were.
 */
package org.mmsim.mm.buddy;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.BootFingerprintTest;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.mm.zone.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AllocTraceFingerprintTest {
    private static final int[] GFPS = {
        Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_NOWAIT, Gfp.GFP_USER | Gfp.__GFP_RECLAIMABLE,
        Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_KERNEL | Gfp.GFP_DMA, Gfp.GFP_KERNEL | Gfp.GFP_DMA32,
        Gfp.GFP_ATOMIC | Gfp.__GFP_COMP, Gfp.GFP_KERNEL | Gfp.__GFP_THISNODE, Gfp.GFP_TRANSHUGE_LIGHT,
    };

    static long trace(long bytes, int nodes, long seed, int steps) {
        return trace(Kernel.boot(MachineSpec.uniform(bytes, 2, nodes), 0), nodes, seed, steps);
    }

    /** The hash of the pfns a seeded sequence on kernel k returns and of the state it leaves. */
    static long trace(Kernel k, int nodes, long seed, int steps) {
        PageAlloc a = k.pageAlloc;
        // The allocator alone: kswapd and direct reclaim (which only count events here, with no LRU
        // pages to reclaim) would change the state hashed.
        a.setReclaim(PageAlloc.Reclaim.NONE);
        SplittableRandom r = new SplittableRandom(seed);
        List<int[]> held = new ArrayList<>();
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < steps; i++) {
            int what = r.nextInt(100);
            if (what < 2) {
                a.drainAllPages();
            } else if (what < 5) {
                a.setCpu(r.nextInt(2));
            } else if (what < 55 || held.isEmpty()) {
                int order = r.nextInt(8) == 0 ? r.nextInt(11) : r.nextInt(4);
                int gfp = GFPS[r.nextInt(GFPS.length)] | Gfp.__GFP_NOWARN;
                int pfn = a.allocPages(gfp, order, r.nextInt(nodes));
                h = (h ^ pfn) * 0x100000001b3L;
                if (pfn >= 0) {
                    held.add(new int[] {pfn, order});
                }
            } else {
                int idx = r.nextInt(held.size());
                int[] b = held.get(idx);
                held.set(idx, held.get(held.size() - 1));
                held.remove(held.size() - 1);
                a.freePages(b[0], b[1]);
            }
        }
        h = (h ^ BootFingerprintTest.fingerprint(k)) * 0x100000001b3L;
        for (Zone z : k.zones.allZones()) {
            long[] s = {z.flags, z.watermarkBoost, z.nrReservedHighatomic, z.nrFreeHighatomic};
            for (long v : s) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (long v : z.numaStats) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (PerCpuPages p : z.pcp) {
                int[] pv = {p.count, p.high, p.batch, p.allocFactor, p.freeCount, p.flags};
                for (int v : pv) {
                    h = (h ^ v) * 0x100000001b3L;
                }
                for (int v : p.head) {
                    h = (h ^ v) * 0x100000001b3L;
                }
            }
        }
        for (long v : k.vmEvents) {
            h = (h ^ v) * 0x100000001b3L;
        }
        return h;
    }

    @Test
    void allocatorDecisionsAreUnchanged() {
        assertEquals(EXPECTED[0], trace(128L << 20, 1, 1, 200_000), "128M, 1 node");
        assertEquals(EXPECTED[1], trace(256L << 20, 2, 2, 200_000), "256M, 2 nodes");
        assertEquals(EXPECTED[2], trace(6L << 30, 2, 3, 300_000), "6G, 2 nodes");
    }

    // Re-recorded when boot began running kmem_cache_init (Slub, created at the end of the Kernel
    // constructor), which changes the state the trace starts from (slab pages, CPU 0's refill and
    // alloc_factor, one order-10 block claimed UNMOVABLE by __rmqueue_claim). With the Slub and Vmalloc
    // construction disabled the previous values (6892693138928840916, -4566999123285558322,
    // -8250243964073833866) are reproduced exactly, so the allocator's decisions did not change.
    // Re-recorded when the Vfs began allocating its caches and the mounts' root dentries and inodes
    // from slab at boot; with the Vfs construction disabled the previous values (2061793728525110151,
    // -3918342616900905753, -7477669356926230101) are reproduced exactly.
    private static final long[] EXPECTED = {2839901730842715516L, -8413701504514004626L, -6902477924392882773L};
}
