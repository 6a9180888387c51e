/*
 * Property tests of the buddy allocator (PageAlloc, modelling mm/page_alloc.c alloc_pages/__free_pages,
 * the per-CPU lists and fallback) on random sequences of allocations and frees of orders 0..10 with
 * varied gfp masks on small one- and two-node machines, including running memory out. After every
 * step BuddyInvariants walks all lists; each allocation is checked against what its gfp allows.
 *
 * Why the end state compares nr_free per order and not per (order, migratetype): Linux never gives a
 * pageblock its old migratetype back when its pages are freed (fallback claims, steals and highatomic
 * reserves persist), so the per-type lists after a full free legitimately differ from boot. What must
 * come back is the coalescing: with every page free and the per-CPU lists drained, __free_one_page
 * merges each free range into its maximal aligned blocks, and each block sits on the list of its
 * pageblock's current type (checked by the walk). Only a highatomic pageblock may stay apart from a
 * free buddy (it is not migratetype_is_mergeable), so where a zone has none, nr_free per order must
 * equal the baseline; the total free must equal the baseline's everywhere. The baseline is the state
 * after boot with the per-CPU lists drained: memblock_free_all's layout minus the slab pages
 * kmem_cache_init allocated, which stay allocated (counted as such, never handed out).
 */
package org.mmsim.mm.buddy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuddyPropertiesTest {
    static final int[] BASE_GFP = {
        Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_NOWAIT, Gfp.GFP_USER, Gfp.GFP_HIGHUSER_MOVABLE, Gfp.GFP_DMA,
        Gfp.GFP_DMA32, Gfp.GFP_KERNEL | Gfp.GFP_DMA, Gfp.GFP_KERNEL | Gfp.GFP_DMA32, Gfp.GFP_ATOMIC | Gfp.GFP_DMA32,
    };
    static final int[] MODIFIERS = {Gfp.__GFP_COMP, Gfp.__GFP_HIGH, Gfp.__GFP_THISNODE};
    static final int ALLOC = 0, FREE = 1, FILL = 2, FREE_EVERY_KTH = 3, DRAIN = 4, SWITCH_CPU = 5;

    /** An op: kind, gfp index, modifier bits, order, node, selector. */
    @Provide
    Arbitrary<List<int[]>> ops() {
        Arbitrary<int[]> op = Combinators.combine(
                Arbitraries.frequency(
                        jqwikPair(40, ALLOC), jqwikPair(30, FREE), jqwikPair(6, FILL), jqwikPair(6, FREE_EVERY_KTH),
                        jqwikPair(3, DRAIN), jqwikPair(5, SWITCH_CPU)),
                Arbitraries.integers().between(0, BASE_GFP.length - 1),
                Arbitraries.integers().between(0, (1 << MODIFIERS.length) - 1),
                Arbitraries.integers().between(0, 10),
                Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 1 << 20))
                .as((kind, g, mods, order, nid, sel) -> new int[] {kind, g, mods, order, nid, sel});
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    private static net.jqwik.api.Tuple.Tuple2<Integer, Integer> jqwikPair(int weight, int value) {
        return net.jqwik.api.Tuple.of(weight, value);
    }

    @Property(tries = 300)
    void allocatorKeepsItsInvariants(@ForAll("ops") List<int[]> ops,
                                     @ForAll @IntRange(min = 32, max = 128) int twoMegs,
                                     @ForAll @IntRange(min = 1, max = 2) int nodes) {
        Kernel k = Kernel.boot(MachineSpec.uniform((long) twoMegs << 21, 2, nodes), 1);
        Run run = new Run(k);
        run.execute(ops);
        Statistics.label("nodes").collect(nodes);
        Statistics.label("ran out of memory").collect(run.failures > 0);
    }

    /** One sequence against one machine, with the caller-side bookkeeping the checks need. */
    static final class Run {
        final Kernel k;
        final PageAlloc alloc;
        final Zones zones;
        final MemMap m;
        final BitSet bootReserved = new BitSet();
        final BitSet owned = new BitSet();
        /** What the kernel holds after boot (kmem_cache_init's slab pages): allocated, never handed out. */
        final BitSet kernelHeld;
        final List<int[]> held = new ArrayList<>();
        final long[] allocatedPerZone;
        final long[][] bootNrFree;
        final long[] bootFreePages;
        int failures;

        Run(Kernel k) {
            this.k = k;
            this.alloc = k.pageAlloc;
            this.zones = k.zones;
            this.m = zones.memMap;
            // Boot runs kmem_cache_init, which leaves slab pages allocated and a refill on CPU 0's list.
            // Drain that list and take the state after it as the baseline: the pages the kernel holds
            // then count as allocated, and the end state must come back to this, not to boot's.
            alloc.drainAllPages();
            kernelHeld = BuddyInvariants.kernelHeld(zones);
            owned.or(kernelHeld);
            for (int pfn = 0; pfn < m.nrFrames; pfn++) {
                if (m.isReserved(pfn)) {
                    bootReserved.set(pfn);
                }
            }
            Zone[] all = zones.allZones();
            allocatedPerZone = BuddyInvariants.heldPerZone(zones, kernelHeld);
            bootNrFree = new long[all.length][];
            bootFreePages = new long[all.length];
            for (Zone z : all) {
                bootNrFree[z.id] = z.nrFree.clone();
                bootFreePages[z.id] = z.stats[ZoneStat.NR_FREE_PAGES];
            }
            BuddyInvariants.check(zones, allocatedPerZone, owned);
        }

        void execute(List<int[]> ops) {
            for (int[] op : ops) {
                int gfp = BASE_GFP[op[1]];
                for (int i = 0; i < MODIFIERS.length; i++) {
                    if ((op[2] & (1 << i)) != 0) {
                        gfp |= MODIFIERS[i];
                    }
                }
                int nid = op[4] % zones.nrNodes();
                switch (op[0]) {
                    case ALLOC:
                        allocate(gfp, op[3], nid);
                        break;
                    case FREE:
                        if (!held.isEmpty()) {
                            free(op[5] % held.size());
                        }
                        break;
                    case FILL:
                        // Run memory out at this order and gfp (bounded, in case a zone never fills).
                        for (int n = 0; n < (1 << 17) && allocate(gfp | Gfp.__GFP_NOWARN, op[3], nid); n++) {
                            continue;
                        }
                        break;
                    case FREE_EVERY_KTH:
                        int kth = 1 + op[5] % 4;
                        for (int i = held.size() - 1; i >= 0; i--) {
                            if (i % kth == 0) {
                                free(i);
                            }
                        }
                        break;
                    case DRAIN:
                        alloc.drainAllPages();
                        break;
                    default:
                        alloc.setCpu(op[5] % zones.nrCpus());
                        break;
                }
                BuddyInvariants.check(zones, allocatedPerZone, owned);
            }
            while (!held.isEmpty()) {
                free(held.size() - 1);
            }
            alloc.drainAllPages();
            BuddyInvariants.check(zones, allocatedPerZone, owned);
            BuddyInvariants.checkFullyCoalesced(zones);
            for (Zone z : zones.allZones()) {
                if (z.nrReservedHighatomic == 0) {
                    // Without unmergeable (highatomic) pageblocks the coalescing is exactly boot's.
                    assertArrayEquals(bootNrFree[z.id], z.nrFree,
                            () -> z.name() + ": nr_free per order after freeing all");
                }
                assertEquals(bootFreePages[z.id], z.stats[ZoneStat.NR_FREE_PAGES], z.name() + ": free pages");
                assertEquals(0, z.pcpPages(), z.name() + ": per-CPU pages after drain");
            }
        }

        /** alloc_pages_node() and every check an allocation must pass; false if it failed. */
        boolean allocate(int gfp, int order, int nid) {
            int pfn = alloc.allocPages(gfp, order, nid);
            if (pfn == MemMap.NIL) {
                failures++;
                return false;
            }
            int n = 1 << order;
            String what = Gfp.format(gfp) + " order " + order + " node " + nid + " -> pfn " + pfn;
            assertTrue(pfn >= 0 && pfn + n <= m.nrFrames && (pfn & (n - 1)) == 0, what + ": bad range");
            int kern = kernelHeld.get(pfn, pfn + n).nextSetBit(0);
            assertEquals(-1, kern, () -> what + ": pfn " + (pfn + kern) + " held by the kernel since boot handed out");
            int clash = owned.get(pfn, pfn + n).nextSetBit(0);
            assertEquals(-1, clash, () -> what + ": pfn " + (pfn + clash) + " handed out twice");
            int res = bootReserved.get(pfn, pfn + n).nextSetBit(0);
            assertEquals(-1, res, () -> what + ": reserved or hole pfn " + (pfn + res) + " handed out");
            Zone z = zones.zoneOf(pfn);
            assertTrue(z != null && zones.zoneOf(pfn + n - 1) == z, what + ": range crosses zones");
            assertTrue(z.type <= Gfp.zone(gfp), () -> what + ": zone " + z.name() + " not allowed");
            if ((gfp & Gfp.__GFP_THISNODE) != 0) {
                assertEquals(nid, z.node.id, what + ": __GFP_THISNODE allocation on another node");
            }
            assertEquals(1, m.refcount[pfn], what + ": refcount");
            owned.set(pfn, pfn + n);
            held.add(new int[] {pfn, order, z.id});
            allocatedPerZone[z.id] += n;
            return true;
        }

        void free(int index) {
            int[] h = held.get(index);
            held.set(index, held.get(held.size() - 1));
            held.remove(held.size() - 1);
            alloc.freePages(h[0], h[1]);
            owned.clear(h[0], h[0] + (1 << h[1]));
            allocatedPerZone[h[2]] -= 1L << h[1];
        }
    }

}
