/*
 * Test utility: checks the buddy allocator's data structures (mm/page_alloc.c free_area[] and
 * per_cpu_pages, as modelled by PageAlloc) against a walk of the lists themselves, the way
 * /proc/buddyinfo, /proc/pagetypeinfo and /proc/zoneinfo derive their numbers, plus the
 * bookkeeping a caller can see (the pages it holds).
 */
package org.mmsim.mm.buddy;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;

import java.util.BitSet;

final class BuddyInvariants {
    private BuddyInvariants() {
    }

    /** What a walk of one zone's lists found. */
    static final class Walk {
        final long[] nrFree = new long[Zone.NR_PAGE_ORDERS];
        final long[] listLength = new long[Zone.NR_PAGE_ORDERS * MigrateType.MIGRATE_TYPES];
        long freePages;
        long freeBlockPages;
        long freeHighatomic;
        long pcpPages;
    }

    /**
     * Walks every free list and per-CPU list of every zone and checks them against the zone's
     * counters; also that every TYPE_BUDDY frame heads exactly one free-list entry of its order.
     * allocatedPerZone[zone.id] is what the caller holds; free + allocated + per-CPU == managed.
     * The frames in `owned` (the caller's allocations) must be on no list.
     */
    static void check(Zones zones, long[] allocatedPerZone, BitSet owned) {
        MemMap m = zones.memMap;
        BitSet listed = new BitSet(m.nrFrames);
        long buddyEntries = 0;
        for (Zone z : zones.allZones()) {
            Walk w = walk(zones, z, listed);
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                require(w.nrFree[o] == z.nrFree[o], z, "nr_free[%d] %d, walked %d", o, z.nrFree[o], w.nrFree[o]);
                buddyEntries += w.nrFree[o];
                for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                    int l = Zone.freeList(o, mt);
                    require(w.listLength[l] == z.freeListLength[l], z, "freeListLength[%d][%s] %d, walked %d", o,
                            MigrateType.NAMES[mt], z.freeListLength[l], w.listLength[l]);
                }
            }
            require(w.freePages == z.stats[ZoneStat.NR_FREE_PAGES], z, "NR_FREE_PAGES %d, walked %d",
                    z.stats[ZoneStat.NR_FREE_PAGES], w.freePages);
            require(w.freeBlockPages == z.stats[ZoneStat.NR_FREE_PAGES_BLOCKS], z,
                    "NR_FREE_PAGES_BLOCKS %d, walked %d", z.stats[ZoneStat.NR_FREE_PAGES_BLOCKS], w.freeBlockPages);
            require(w.freeHighatomic == z.nrFreeHighatomic, z, "nr_free_highatomic %d, walked %d",
                    z.nrFreeHighatomic, w.freeHighatomic);
            require(w.pcpPages == z.pcpPages(), z, "pcp count %d, walked %d", z.pcpPages(), w.pcpPages);
            long held = allocatedPerZone == null ? 0 : allocatedPerZone[z.id];
            require(w.freePages + w.pcpPages + held == z.managedPages, z,
                    "free %d + pcp %d + allocated %d != managed %d", w.freePages, w.pcpPages, held, z.managedPages);
        }
        if (owned != null && listed.intersects(owned)) {
            BitSet both = (BitSet) listed.clone();
            both.and(owned);
            throw new AssertionError("allocated pfn " + both.nextSetBit(0) + " is also on a free or per-CPU list");
        }
        long buddyFrames = 0;
        for (int pfn = 0; pfn < m.nrFrames; pfn++) {
            if (m.isBuddy(pfn)) {
                buddyFrames++;
                if (!listed.get(pfn)) {
                    throw new AssertionError("pfn " + pfn + " is TYPE_BUDDY but on no free list");
                }
            }
        }
        if (buddyFrames != buddyEntries) {
            throw new AssertionError("TYPE_BUDDY frames " + buddyFrames + ", free-list entries " + buddyEntries);
        }
    }

    /**
     * The pages the kernel itself holds, e.g. after boot: with the per-CPU lists drained, every frame of
     * a zone that is neither PG_reserved (memblock reservations, holes) nor inside a free block. Since
     * boot runs kmem_cache_init these are the slab pages (compound tails included) it allocated.
     * Callers count them as allocated (heldPerZone) and must never see them handed out.
     */
    static BitSet kernelHeld(Zones zones) {
        MemMap m = zones.memMap;
        BitSet free = new BitSet(m.nrFrames);
        for (Zone z : zones.allZones()) {
            if (z.pcpPages() != 0) {
                throw new AssertionError(z.name() + ": drain the per-CPU lists before taking the baseline");
            }
            for (int l = 0; l < z.freeHead.length; l++) {
                for (int pfn = z.freeHead[l]; pfn != MemMap.NIL; pfn = m.next[pfn]) {
                    free.set(pfn, pfn + (1 << m.priv[pfn]));
                }
            }
        }
        BitSet held = new BitSet(m.nrFrames);
        for (int pfn = 0; pfn < m.nrFrames; pfn++) {
            if (zones.zoneOf(pfn) != null && !m.isReserved(pfn) && !free.get(pfn)) {
                held.set(pfn);
            }
        }
        return held;
    }

    /** The frames of `frames` per zone id, for check()'s allocatedPerZone. */
    static long[] heldPerZone(Zones zones, BitSet frames) {
        long[] n = new long[zones.allZones().length];
        for (int pfn = frames.nextSetBit(0); pfn >= 0; pfn = frames.nextSetBit(pfn + 1)) {
            n[zones.zoneIdOf(pfn)]++;
        }
        return n;
    }

    /**
     * With every page free and the per-CPU lists drained, __free_one_page must have merged every
     * free block with its buddy, except at pageblock order and above where the two blocks' types
     * differ and one of them is not mergeable (migratetype_is_mergeable(): HIGHATOMIC, ISOLATE).
     */
    static void checkFullyCoalesced(Zones zones) {
        MemMap m = zones.memMap;
        for (int pfn = 0; pfn < m.nrFrames; pfn++) {
            if (!m.isBuddy(pfn)) {
                continue;
            }
            int o = m.priv[pfn];
            int buddy = pfn ^ (1 << o);
            if (o >= Zone.MAX_PAGE_ORDER || buddy >= m.nrFrames || !m.isBuddy(buddy) || m.priv[buddy] != o
                    || zones.zoneIdOf(buddy) != zones.zoneIdOf(pfn)) {
                continue;
            }
            int mt = zones.migratetypeOf(pfn);
            int buddyMt = zones.migratetypeOf(buddy);
            boolean mayStayApart = o >= Zones.PAGEBLOCK_ORDER && mt != buddyMt
                    && (mt >= MigrateType.PCPTYPES || buddyMt >= MigrateType.PCPTYPES);
            if (!mayStayApart) {
                throw new AssertionError("free buddies " + pfn + " and " + buddy + " of order " + o + " not merged");
            }
        }
    }

    /** Walks one zone's free lists and per-CPU lists; marks list heads in `listed`, failing on repeats. */
    static Walk walk(Zones zones, Zone z, BitSet listed) {
        MemMap m = zones.memMap;
        Walk w = new Walk();
        for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
            for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                int l = Zone.freeList(o, mt);
                int prev = MemMap.NIL;
                for (int pfn = z.freeHead[l]; pfn != MemMap.NIL; pfn = m.next[pfn]) {
                    require(m.prev[pfn] == prev, z, "broken back link at pfn %d", pfn);
                    require(!listed.get(pfn), z, "pfn %d listed twice", pfn);
                    listed.set(pfn);
                    require(m.isBuddy(pfn), z, "pfn %d on free list [%d][%s] is not TYPE_BUDDY", pfn, o,
                            MigrateType.NAMES[mt]);
                    require(m.priv[pfn] == o, z, "pfn %d on order-%d list has order %d", pfn, o, m.priv[pfn]);
                    require((pfn & ((1 << o) - 1)) == 0, z, "pfn %d misaligned for order %d", pfn, o);
                    require(zones.zoneIdOf(pfn) == z.id && zones.zoneIdOf(pfn + (1 << o) - 1) == z.id, z,
                            "block %d/%d outside its zone", pfn, o);
                    for (int p = pfn; p < pfn + (1 << o); p += Zones.PAGEBLOCK_NR_PAGES) {
                        require(zones.migratetypeOf(p) == mt, z, "block %d/%d on %s list in a %s pageblock", pfn, o,
                                MigrateType.NAMES[mt], MigrateType.NAMES[zones.migratetypeOf(p)]);
                    }
                    for (int p = pfn + 1; p < pfn + (1 << o); p++) {
                        require(!m.isBuddy(p) && m.refcount[p] == 0 && !m.isReserved(p), z,
                                "pfn %d inside free block %d/%d is not plain free", p, pfn, o);
                    }
                    require(m.refcount[pfn] == 0, z, "free pfn %d has refcount %d", pfn, m.refcount[pfn]);
                    w.nrFree[o]++;
                    w.listLength[l]++;
                    if (mt != MigrateType.ISOLATE) {
                        w.freePages += 1L << o;
                        if (o >= Zones.PAGEBLOCK_ORDER) {
                            w.freeBlockPages += 1L << o;
                        }
                    }
                    if (mt == MigrateType.HIGHATOMIC) {
                        w.freeHighatomic += 1L << o;
                    }
                    prev = pfn;
                }
                require(z.freeTail[l] == prev, z, "tail of list [%d][%s] is %d, walk ended at %d", o,
                        MigrateType.NAMES[mt], z.freeTail[l], prev);
            }
        }
        for (PerCpuPages pcp : z.pcp) {
            long n = 0;
            for (int pindex = 0; pindex < PerCpuPages.NR_PCP_LISTS; pindex++) {
                int order = PerCpuPages.pindexToOrder(pindex, Zones.PAGEBLOCK_ORDER);
                int prev = MemMap.NIL;
                for (int pfn = pcp.head[pindex]; pfn != MemMap.NIL; pfn = m.next[pfn]) {
                    require(m.prev[pfn] == prev, z, "broken pcp back link at pfn %d", pfn);
                    require(!listed.get(pfn), z, "pcp pfn %d listed twice", pfn);
                    listed.set(pfn);
                    require(m.pageType(pfn) == PageFlags.TYPE_PCP, z, "pcp pfn %d not TYPE_PCP", pfn);
                    require(zones.zoneIdOf(pfn) == z.id, z, "pcp pfn %d in another zone", pfn);
                    n += 1L << order;
                    prev = pfn;
                }
                require(pcp.tail[pindex] == prev, z, "pcp tail of list %d wrong", pindex);
            }
            require(n == pcp.count, z, "pcp->count %d, walked %d", pcp.count, n);
            w.pcpPages += n;
        }
        return w;
    }

    private static void require(boolean ok, Zone z, String fmt, Object... args) {
        if (!ok) {
            throw new AssertionError("Node " + z.node.id + " zone " + z.name() + ": " + String.format(fmt, args));
        }
    }
}
