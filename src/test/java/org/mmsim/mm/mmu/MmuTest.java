package org.mmsim.mm.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsim.mm.mmu.TlbGeometry.SIZE_1G;
import static org.mmsim.mm.mmu.TlbGeometry.SIZE_2M;
import static org.mmsim.mm.mmu.TlbGeometry.SIZE_4K;
import static org.mmsim.mm.mmu.TlbStats.*;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.SimClock;

class MmuTest {
    static final long BASE = 0x10000000L;
    static final long USER_RW = Pte.RW | Pte.USER | Pte.NX;
    static final int UR = Pte.PF_USER;
    static final int UW = Pte.PF_USER | Pte.PF_WRITE;

    final SimClock clock = new SimClock();
    final MapWalker kernel = new MapWalker();
    Mmu mmu = new Mmu(TlbGeometry.cascadeLake(), 2);
    Tlb tlb = new Tlb(mmu, kernel, true, clock);

    long n(int cpu, int counter) {
        return mmu.stats().get(cpu, counter);
    }

    /** A user mm with {@code pages} 4K pages at BASE, page i at physical 0x100000000 + i * 4K. */
    MapWalker userTable(int pages, long physBase) {
        MapWalker w = new MapWalker();
        for (int i = 0; i < pages; i++) {
            w.map(BASE + i * 4096L, SIZE_4K, MapWalker.pte(physBase + i * 4096L, USER_RW));
        }
        return w;
    }

    @Test
    void hitAfterWalkAndPhysicalAddress() {
        MapWalker w = userTable(4, 0x100000000L);
        tlb.switchMm(0, tlb.initNewContext(w));
        assertEquals(0x100002123L, mmu.translate(0, BASE + 0x2123, UR));
        assertEquals(1, w.walks);
        assertEquals(0x100002FFFL, mmu.translate(0, BASE + 0x2FFF, UW));
        assertEquals(2, w.walks, "a write to a clean cached entry re-walks to set D");
        assertEquals(0x100002000L, mmu.translate(0, BASE + 0x2000, UW));
        assertEquals(2, w.walks);
        assertEquals(Pte.ACCESSED | Pte.DIRTY, w.leaf(BASE + 0x2000, SIZE_4K) & (Pte.ACCESSED | Pte.DIRTY));
        assertEquals(0x100000000L, mmu.translate(0, BASE, UR));
        assertEquals(Pte.ACCESSED, w.leaf(BASE, SIZE_4K) & (Pte.ACCESSED | Pte.DIRTY), "a read sets A only");
        assertEquals(1, n(0, L1D_HIT));
        assertEquals(3, n(0, WALK));
    }

    @Test
    void l1SetBeyondAssociativityEvictsLeastRecentlyUsed() {
        // Cascade Lake L1 dTLB 4K: 16 sets x 4 ways; pages 16 apart share a set (and not an STLB set).
        MapWalker w = userTable(5 * 16, 0x100000000L);
        tlb.switchMm(0, tlb.initNewContext(w));
        long[] p = new long[5];
        for (int k = 0; k < 5; k++) {
            p[k] = BASE + k * 16 * 4096L;
        }
        for (int k = 0; k < 4; k++) {
            mmu.translate(0, p[k], UR);
        }
        mmu.translate(0, p[0], UR);
        mmu.translate(0, p[4], UR);
        assertEquals(5, n(0, WALK));
        assertEquals(1, n(0, L1D_HIT));
        assertEquals(4, mmu.occupancy(0, TlbLevel.L1D, SIZE_4K));
        mmu.translate(0, p[1], UR); // evicted from L1 (LRU), still in the STLB; refills L1, evicting p[2]
        assertEquals(1, n(0, STLB_HIT));
        assertEquals(5, n(0, WALK));
        mmu.translate(0, p[0], UR);
        assertEquals(2, n(0, L1D_HIT));
        mmu.translate(0, p[2], UR);
        assertEquals(2, n(0, STLB_HIT));
        assertEquals(5, n(0, WALK));
    }

    @Test
    void stlbSetBeyondTwelveWaysEvictsLeastRecentlyUsed() {
        // STLB: 128 sets x 12 ways; pages 128 apart share an STLB set (and an L1 set).
        MapWalker w = userTable(13 * 128, 0x100000000L);
        tlb.switchMm(0, tlb.initNewContext(w));
        for (int k = 0; k < 13; k++) {
            mmu.translate(0, BASE + k * 128 * 4096L, UR);
        }
        assertEquals(13, n(0, WALK));
        mmu.translate(0, BASE + 12 * 128 * 4096L, UR);
        assertEquals(13, n(0, WALK));
        mmu.translate(0, BASE, UR);
        assertEquals(14, n(0, WALK), "the first page was the STLB's LRU victim");
        assertEquals(12, mmu.occupancy(0, TlbLevel.STLB, SIZE_4K));
    }

    @Test
    void hugePagesUseTheirOwnArrays() {
        MapWalker w = new MapWalker();
        // 2M leaf with PAT (bit 12) set: not part of the frame address.
        w.map(0x40000000L, SIZE_2M, MapWalker.pte(0x80000000L, USER_RW | Pte.PSE | (1L << 12)));
        w.map(0xC0000000L, SIZE_1G, MapWalker.pte(0x1_0000_0000L, USER_RW | Pte.PSE));
        tlb.switchMm(0, tlb.initNewContext(w));
        assertEquals(0x80012345L, mmu.translate(0, 0x40012345L, UR));
        assertEquals(0x801FFFFFL, mmu.translate(0, 0x401FFFFFL, UR));
        assertEquals(1, w.walks);
        assertEquals(1, mmu.occupancy(0, TlbLevel.L1D, SIZE_2M));
        assertEquals(1, mmu.occupancy(0, TlbLevel.STLB, SIZE_2M));
        assertEquals(0, mmu.occupancy(0, TlbLevel.L1D, SIZE_4K));
        assertEquals(0x1_3FFF_0000L, mmu.translate(0, 0xFFFF0000L, UR));
        assertEquals(1, mmu.occupancy(0, TlbLevel.L1D, SIZE_1G));
        assertEquals(1, mmu.occupancy(0, TlbLevel.STLB, SIZE_1G));
        assertEquals(2, w.walks);
        // INVLPG of any address inside the 2M page drops it.
        mmu.invlpg(0, 0x40100000L);
        assertEquals(0, mmu.occupancy(0, TlbLevel.L1D, SIZE_2M));
        assertEquals(0, mmu.occupancy(0, TlbLevel.STLB, SIZE_2M));
    }

    @Test
    void zen3ArraysAreSharedBetweenSizes() {
        mmu = new Mmu(TlbGeometry.zen3(), 1);
        tlb = new Tlb(mmu, kernel, true, clock);
        MapWalker w = userTable(1, 0x100000000L);
        w.map(0x40000000L, SIZE_2M, MapWalker.pte(0x80000000L, USER_RW));
        tlb.switchMm(0, tlb.initNewContext(w));
        mmu.translate(0, BASE, UR);
        mmu.translate(0, 0x40000000L, UR);
        assertEquals(1, mmu.occupancy(0, TlbLevel.L1D, SIZE_4K));
        assertEquals(1, mmu.occupancy(0, TlbLevel.L1D, SIZE_2M));
        for (int i = 0; i < 64; i++) {
            w.map(0x20000000L + i * 4096L, SIZE_4K, MapWalker.pte(0x1000L * i, USER_RW));
            mmu.translate(0, 0x20000000L + i * 4096L, UR);
        }
        assertEquals(0, mmu.occupancy(0, TlbLevel.L1D, SIZE_2M), "64 4K fills push the 2M entry out of the shared L1");
    }

    @Test
    void instructionFetchesUseTheItlb() {
        MapWalker w = new MapWalker();
        w.map(BASE, SIZE_4K, MapWalker.pte(0x5000, Pte.USER));
        tlb.switchMm(0, tlb.initNewContext(w));
        assertEquals(0x5010L, mmu.translate(0, BASE + 0x10, Pte.PF_USER | Pte.PF_INSTR));
        assertEquals(1, mmu.occupancy(0, TlbLevel.L1I, SIZE_4K));
        assertEquals(0, mmu.occupancy(0, TlbLevel.L1D, SIZE_4K));
        mmu.translate(0, BASE, Pte.PF_USER | Pte.PF_INSTR);
        assertEquals(1, n(0, L1I_HIT));
        assertEquals(1, n(0, L1I_MISS));
    }

    @Test
    void permissionFaults() {
        MapWalker w = new MapWalker();
        w.map(BASE, SIZE_4K, MapWalker.pte(0x5000, Pte.USER | Pte.NX));           // user read-only, NX
        w.map(BASE + 0x1000, SIZE_4K, MapWalker.pte(0x6000, Pte.RW));             // supervisor RW, executable
        w.map(BASE + 0x2000, SIZE_4K, MapWalker.pte(0x7000, Pte.USER));           // user executable
        tlb.switchMm(0, tlb.initNewContext(w));
        long ro = BASE;
        assertEquals(0x5000L, mmu.translate(0, ro, UR));
        long f = mmu.translate(0, ro, UW);
        assertTrue(Mmu.isFault(f));
        assertEquals(Pte.PF_PROT | Pte.PF_WRITE | Pte.PF_USER, Mmu.errorCode(f));
        assertEquals(Pte.PF_PROT | Pte.PF_WRITE, Mmu.errorCode(mmu.translate(0, ro, Pte.PF_WRITE)), "CR0.WP");
        assertEquals(Pte.PF_PROT | Pte.PF_USER | Pte.PF_INSTR,
                Mmu.errorCode(mmu.translate(0, ro, Pte.PF_USER | Pte.PF_INSTR)), "NX");
        assertEquals(Pte.PF_PROT | Pte.PF_USER, Mmu.errorCode(mmu.translate(0, BASE + 0x1000, UR)), "supervisor page");
        assertEquals(0x6000L, mmu.translate(0, BASE + 0x1000, Pte.PF_WRITE));
        assertEquals(0x6000L, mmu.translate(0, BASE + 0x1000, Pte.PF_INSTR));
        assertEquals(Pte.PF_PROT | Pte.PF_INSTR, Mmu.errorCode(mmu.translate(0, BASE + 0x2000, Pte.PF_INSTR)), "SMEP");
        assertEquals(0x7000L, mmu.translate(0, BASE + 0x2000, Pte.PF_USER | Pte.PF_INSTR));
        long np = mmu.translate(0, BASE + 0x9000, UW);
        assertEquals(Mmu.FAULT | UW, np, "not present: no PF_PROT");
        assertEquals(6, n(0, FAULT));
        assertEquals(0, w.leaf(ro, SIZE_4K) & Pte.DIRTY, "a refused write sets no D");
        assertThrows(IllegalArgumentException.class, () -> mmu.translate(0, BASE, Pte.PF_PROT));
        assertThrows(IllegalArgumentException.class, () -> mmu.translate(0, BASE, Pte.PF_WRITE | Pte.PF_INSTR));
    }

    @Test
    void staleReadOnlyEntryFaultsOnceThenRewalks() {
        MapWalker w = new MapWalker();
        w.map(BASE, SIZE_4K, MapWalker.pte(0x5000, Pte.USER));
        tlb.switchMm(0, tlb.initNewContext(w));
        mmu.translate(0, BASE, UR);
        w.map(BASE, SIZE_4K, MapWalker.pte(0x5000, Pte.USER | Pte.RW)); // upgrade without a flush, as do_wp_page reuse
        assertTrue(Mmu.isFault(mmu.translate(0, BASE, UW)), "spurious fault from the stale entry");
        assertEquals(0x5000L, mmu.translate(0, BASE, UW), "the fault dropped the entry");
    }

    @Test
    void pcidsKeepEachMmsEntries() {
        MapWalker a = userTable(1, 0x100000000L);
        MapWalker b = userTable(1, 0x200000000L);
        MmContext ma = tlb.initNewContext(a);
        MmContext mb = tlb.initNewContext(b);
        tlb.switchMm(0, ma);
        assertEquals(0x100000000L, mmu.translate(0, BASE, UR));
        tlb.switchMm(0, mb);
        assertEquals(0x200000000L, mmu.translate(0, BASE, UR));
        tlb.switchMm(0, ma);
        assertEquals(0x100000000L, mmu.translate(0, BASE, UR));
        assertEquals(1, a.walks, "A's entry survived in its PCID");
        assertEquals(1, b.walks);
        assertEquals(2, mmu.pcid(0), "ASID 1 -> PCID 2");
        assertEquals(2, mmu.occupancy(0, TlbLevel.L1D, SIZE_4K));
        // Boot flush plus the two first-use flushes; returning to A reused its up-to-date ASID without flushing.
        assertEquals(3, n(0, FLUSH_PCID));
    }

    @Test
    void chooseNewAsidRoundRobinAndReuseFlush() {
        MapWalker[] w = new MapWalker[7];
        MmContext[] m = new MmContext[7];
        for (int i = 0; i < 7; i++) {
            w[i] = userTable(1, 0x100000000L * (i + 1));
            m[i] = tlb.initNewContext(w[i]);
        }
        int[] expectAsid = {1, 2, 3, 4, 5, 0, 1};
        for (int i = 0; i < 7; i++) {
            tlb.switchMm(0, m[i]);
            mmu.translate(0, BASE, UR);
            assertEquals(expectAsid[i], tlb.loadedAsid(0));
            assertEquals(expectAsid[i] + 1, mmu.pcid(0));
        }
        // m[0] lost ASID 1 to m[6] (flushed on reuse): it gets ASID 2 (m[1]'s) and walks again.
        tlb.switchMm(0, m[0]);
        assertEquals(2, tlb.loadedAsid(0));
        assertEquals(0x100000000L, mmu.translate(0, BASE, UR));
        assertEquals(2, w[0].walks);
        tlb.switchMm(0, m[6]);
        mmu.translate(0, BASE, UR);
        assertEquals(1, w[6].walks, "m[6] kept ASID 1");
    }

    @Test
    void withoutPcidEverySwitchFlushes() {
        tlb = new Tlb(mmu, kernel, false, clock);
        MapWalker a = userTable(1, 0x100000000L);
        MmContext ma = tlb.initNewContext(a);
        MmContext mb = tlb.initNewContext(userTable(1, 0x200000000L));
        tlb.switchMm(0, ma);
        mmu.translate(0, BASE, UR);
        tlb.switchMm(0, mb);
        mmu.translate(0, BASE, UR);
        tlb.switchMm(0, ma);
        assertEquals(0, mmu.pcid(0));
        assertEquals(0x100000000L, mmu.translate(0, BASE, UR));
        assertEquals(2, a.walks);
    }

    @Test
    void flushWhileSwitchedAwayIsCaughtUpBySwitchBack() {
        MapWalker a = userTable(1, 0x100000000L);
        MmContext ma = tlb.initNewContext(a);
        MmContext mb = tlb.initNewContext(userTable(1, 0x200000000L));
        tlb.switchMm(0, ma);
        mmu.translate(0, BASE, UR);
        tlb.switchMm(0, mb);
        assertTrue(ma.onCpu(0), "6.18 leaves the CPU in prev's mm_cpumask");
        a.unmap(BASE, SIZE_4K);
        tlb.flushTlbMmRange(1, ma, BASE, BASE + 4096, 12, false);
        assertEquals(1, n(1, NR_TLB_REMOTE_FLUSH));
        assertEquals(0, n(0, NR_TLB_REMOTE_FLUSH_RECEIVED), "no IPI: A is not loaded there and no trim is due");
        tlb.switchMm(0, ma);
        assertEquals(Mmu.FAULT | UR, mmu.translate(0, BASE, UR), "stale tlb_gen: the ASID was flushed on switch");
    }

    @Test
    void singlePageFlushCeiling() {
        MapWalker a = userTable(64, 0x100000000L);
        MmContext ma = tlb.initNewContext(a);
        tlb.switchMm(0, ma);
        for (int i = 0; i < 64; i++) {
            mmu.translate(0, BASE + i * 4096L, UR);
        }
        tlb.flushTlbMmRange(0, ma, BASE, BASE + 33 * 4096L, 12, false);
        assertEquals(33, n(0, NR_TLB_LOCAL_FLUSH_ONE));
        assertEquals(33, n(0, INVLPG));
        assertEquals(0, n(0, NR_TLB_LOCAL_FLUSH_ALL));
        assertEquals(0, n(0, NR_TLB_REMOTE_FLUSH), "only this CPU: no flush_tlb_multi");
        long walks = a.walks;
        mmu.translate(0, BASE + 40 * 4096L, UR);
        assertEquals(walks, a.walks, "pages beyond the range stay cached");
        tlb.flushTlbMmRange(0, ma, BASE, BASE + 34 * 4096L, 12, false);
        assertEquals(1, n(0, NR_TLB_LOCAL_FLUSH_ALL));
        assertEquals(33, n(0, INVLPG));
        mmu.translate(0, BASE + 40 * 4096L, UR);
        assertEquals(walks + 1, a.walks, "a full flush drops everything of the PCID");
        tlb.setSinglePageFlushCeiling(0);
        tlb.flushTlbMmRange(0, ma, BASE, BASE + 4096L, 12, false);
        assertEquals(2, n(0, NR_TLB_LOCAL_FLUSH_ALL));
    }

    @Test
    void hugeStrideCountsOneInvalidationPerHugePage() {
        MapWalker a = new MapWalker();
        a.map(0x40000000L, SIZE_2M, MapWalker.pte(0x80000000L, USER_RW));
        a.map(0x40200000L, SIZE_2M, MapWalker.pte(0x80200000L, USER_RW));
        MmContext ma = tlb.initNewContext(a);
        tlb.switchMm(0, ma);
        mmu.translate(0, 0x40000000L, UR);
        mmu.translate(0, 0x40200000L, UR);
        tlb.flushTlbMmRange(0, ma, 0x40000000L, 0x40400000L, 21, false);
        assertEquals(2, n(0, NR_TLB_LOCAL_FLUSH_ONE));
        assertEquals(0, mmu.occupancy(0, TlbLevel.STLB, SIZE_2M));
    }

    @Test
    void remoteShootdownCounting() {
        MapWalker a = userTable(2, 0x100000000L);
        MmContext ma = tlb.initNewContext(a);
        MmContext mb = tlb.initNewContext(userTable(1, 0x200000000L));
        tlb.switchMm(0, ma);
        tlb.switchMm(1, ma);
        mmu.translate(0, BASE, UR);
        mmu.translate(1, BASE, UR);
        a.unmap(BASE, SIZE_4K);
        tlb.flushTlbMmRange(0, ma, BASE, BASE + 4096, 12, false);
        assertEquals(1, n(0, NR_TLB_REMOTE_FLUSH));
        assertEquals(1, n(1, NR_TLB_REMOTE_FLUSH_RECEIVED));
        assertEquals(0, n(0, NR_TLB_REMOTE_FLUSH_RECEIVED));
        assertEquals(1, n(0, NR_TLB_LOCAL_FLUSH_ONE));
        assertEquals(0, n(1, NR_TLB_LOCAL_FLUSH_ONE), "remote flushes are not local events");
        assertEquals(1, n(1, INVLPG));
        assertTrue(Mmu.isFault(mmu.translate(0, BASE, UR)));
        assertTrue(Mmu.isFault(mmu.translate(1, BASE, UR)));

        tlb.switchMm(1, mb);
        tlb.flushTlbMmRange(0, ma, BASE, BASE + 4096, 12, false);
        assertEquals(2, n(0, NR_TLB_REMOTE_FLUSH), "counted even when no IPI goes out");
        assertEquals(1, n(1, NR_TLB_REMOTE_FLUSH_RECEIVED));
        assertTrue(ma.onCpu(1));

        clock.advance(1_000_000_001L);
        tlb.flushTlbMmRange(0, ma, BASE, BASE + 4096, 12, false);
        assertEquals(3, n(0, NR_TLB_REMOTE_FLUSH));
        assertEquals(2, n(1, NR_TLB_REMOTE_FLUSH_RECEIVED), "the once-a-second trim IPIs CPUs that left the mm");
        assertFalse(ma.onCpu(1), "and removes them from mm_cpumask");

        tlb.flushTlbMmRange(0, ma, BASE, BASE + 4096, 12, false);
        assertEquals(3, n(0, NR_TLB_REMOTE_FLUSH), "only this CPU left: local flush");
        assertEquals(4, n(0, NR_TLB_LOCAL_FLUSH_ONE));
    }

    @Test
    void freedTablesIpiEveryCpuInTheMask() {
        MmContext ma = tlb.initNewContext(userTable(1, 0x100000000L));
        MmContext mb = tlb.initNewContext(userTable(1, 0x200000000L));
        tlb.switchMm(1, ma);
        tlb.switchMm(1, mb);
        tlb.switchMm(0, ma);
        tlb.flushTlbMmRange(0, ma, BASE, BASE + 4096, 12, true);
        assertEquals(1, n(1, NR_TLB_REMOTE_FLUSH_RECEIVED));
        assertFalse(ma.onCpu(1));
    }

    @Test
    void globalKernelEntriesAndFlushAll() {
        long kva = 0xffffffff81000000L;
        MapWalker a = userTable(1, 0x100000000L);
        MapWalker b = userTable(1, 0x200000000L);
        for (MapWalker w : new MapWalker[] {a, b}) {
            w.map(kva, SIZE_2M, MapWalker.pte(0x1000000L, Pte.RW | Pte.GLOBAL | Pte.PSE | Pte.ACCESSED | Pte.DIRTY));
        }
        MmContext ma = tlb.initNewContext(a);
        MmContext mb = tlb.initNewContext(b);
        tlb.switchMm(0, ma);
        assertEquals(0x1000123L, mmu.translate(0, kva + 0x123, Mmu.READ));
        tlb.switchMm(0, mb);
        assertEquals(0x1000123L, mmu.translate(0, kva + 0x123, Mmu.READ));
        assertEquals(0, b.walks, "a global entry matches every PCID");
        assertTrue(Mmu.isFault(mmu.translate(0, kva, Pte.PF_USER)));
        mmu.translate(0, kva, Mmu.READ);
        assertEquals(1, b.walks, "the user fault dropped the entry");

        tlb.flushTlbAll(0);
        assertEquals(1, n(0, NR_TLB_REMOTE_FLUSH));
        assertEquals(1, n(0, NR_TLB_REMOTE_FLUSH_RECEIVED), "do_flush_tlb_all counts on every CPU, the caller too");
        assertEquals(1, n(1, NR_TLB_REMOTE_FLUSH_RECEIVED));
        mmu.translate(0, kva, Mmu.READ);
        assertEquals(2, b.walks);

        tlb.flushTlbKernelRange(kva, kva + 4096);
        assertEquals(0, mmu.occupancy(0, TlbLevel.STLB, SIZE_2M));
        assertEquals(1, n(0, NR_TLB_REMOTE_FLUSH), "flush_tlb_kernel_range counts no nr_tlb_remote_flush");
        tlb.flushTlbKernelRange(kva, kva + 34 * 4096L);
        assertEquals(2, n(1, NR_TLB_REMOTE_FLUSH_RECEIVED));
    }
}
