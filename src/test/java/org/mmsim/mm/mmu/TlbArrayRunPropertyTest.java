package org.mmsim.mm.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * TlbArray's lazily made runs of fills change nothing: random sequences of sequential streams
 * (each page looked up, refreshed on a hit, else filled as absent, as the MMU does; some streams
 * global or re-filling clean hits), single fills, lookups, INVLPGs, PCID flushes and full flushes
 * run on a TlbArray and on the scan-everything reference with true LRU. Every lookup finds the
 * same PTE, and the state after every step is the reference's: each prefix of the sequence is run
 * on a fresh array, whose contents, occupancies and recency order (the order in which fresh fills
 * evict the entries of each set) are then compared with the reference's.
 */
class TlbArrayRunPropertyTest {
    static final TlbGeometry.Array[] SPECS = {
        new TlbGeometry.Array(24, 24, 0b111),
        new TlbGeometry.Array(64, 32, 0b011),
        new TlbGeometry.Array(16, 4, 0b011),
        new TlbGeometry.Array(32, 8, 0b001),
        new TlbGeometry.Array(8, 2, 0b001),
        new TlbGeometry.Array(4, 1, 0b110),
    };
    /** Global entries use their own page numbers (the kernel half), from here on. */
    static final int GLOBAL_PAGES = 1000;
    /** Pages of the fresh fills that probe recency order, beyond every page the sequence uses. */
    static final long PROBE_PAGES = 1 << 20;

    record Op(int kind, int page, int len, int size, int pcid, int bits) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 63),
                Arbitraries.integers().between(1, 150),
                mostlyOne(),
                mostlyOne(),
                Arbitraries.integers().between(0, 1 << 16)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    /** Page size or PCID: mostly the same one, so streams and lookups meet. */
    private static Arbitrary<Integer> mostlyOne() {
        return Arbitraries.frequency(Tuple.of(6, 1), Tuple.of(1, 0), Tuple.of(1, 2));
    }

    @Provide
    Arbitrary<Integer> specs() {
        return Arbitraries.integers().between(0, SPECS.length - 1);
    }

    @Property(tries = 150)
    void runsLeaveTheStateOfFillsOneByOne(@ForAll("ops") List<Op> ops, @ForAll("specs") int specIndex) {
        TlbGeometry.Array spec = SPECS[specIndex];
        for (int steps = 1; steps <= ops.size(); steps++) {
            TlbArray a = new TlbArray(spec);
            TlbArrayModelPropertyTest.Reference r = new TlbArrayModelPropertyTest.Reference(spec);
            for (int i = 0; i < steps; i++) {
                apply(a, r, spec, ops.get(i), "step " + (i + 1));
            }
            assertSameState(a, r, spec, "after step " + steps);
        }
    }

    /** Cases the random sequences reach rarely: a run meeting entries made before it. */
    @Example
    void runsMeetingOlderEntries() {
        for (int specIndex = 0; specIndex < SPECS.length; specIndex++) {
            List<Op> ops = List.of(
                    new Op(5, 30, 1, 0, 1, 2), new Op(5, 31, 1, 0, 1, 4),
                    new Op(2, 25, 15, 0, 1, 7), new Op(0, 20, 120, 0, 1, 9), new Op(7, 100, 80, 0, 1, 0),
                    new Op(0, 50, 3, 0, 1, 11), new Op(2, 10, 60, 0, 1, 13), new Op(12, 0, 1, 0, 1, 0));
            runsLeaveTheStateOfFillsOneByOne(ops, specIndex);
        }
    }

    private static int sizeOf(TlbGeometry.Array spec, int size) {
        return (spec.sizeMask() & (1 << size)) != 0 ? size : Integer.numberOfTrailingZeros(spec.sizeMask());
    }

    private static void apply(TlbArray a, TlbArrayModelPropertyTest.Reference r, TlbGeometry.Array spec, Op op, String where) {
        int size = sizeOf(spec, op.size());
        long pcid = op.pcid();
        int kind = op.kind();
        if (kind < 5) {
            // A stream: global for kind 4; kinds 2 and 3 re-fill the pages they hit (a clean entry for a write).
            boolean global = kind == 4;
            boolean refillHits = kind == 2 || kind == 3;
            long first = global ? GLOBAL_PAGES + op.page() : op.page();
            for (long vpn = first; vpn < first + op.len(); vpn++) {
                long pte = ((op.bits() + vpn) << 12) | Pte.PRESENT | (global ? Pte.GLOBAL : 0);
                lookupAndFill(a, r, size, pcid, vpn, pte, refillHits, where);
            }
        } else if (kind < 7) {
            boolean global = kind == 6;
            long vpn = global ? GLOBAL_PAGES + op.page() : op.page();
            long key = TlbArray.key(vpn, size);
            long pte = ((long) op.bits() << 12) | Pte.PRESENT | (global ? Pte.GLOBAL : 0);
            boolean absent = a.find(key, size, pcid) < 0;
            a.fill(key, size, pcid, vpn, pte, absent && op.bits() % 2 == 0);
            r.fill(key, pcid, vpn, pte);
        } else if (kind < 10) {
            long vpn = (kind == 9 ? GLOBAL_PAGES : 0) + op.page() + op.len() / 2;
            long key = TlbArray.key(vpn, size);
            int slot = a.find(key, size, pcid);
            int ref = r.find(key, pcid, vpn);
            assertEquals(ref < 0 ? -1L : r.ptes[ref], slot < 0 ? -1L : a.ptes[slot], "lookup at " + where);
            if (slot >= 0) {
                a.touch(slot);
                r.stamps[ref] = ++r.clock;
            }
        } else if (kind < 12) {
            long vpn = op.page() + (kind == 11 ? op.len() : 0);
            long vaddr = vpn << TlbGeometry.pageShift(size);
            a.invalidateAddress(vaddr, pcid);
            for (int s = 0; s < TlbGeometry.NR_SIZES; s++) {
                if ((spec.sizeMask() & (1 << s)) != 0) {
                    long v = TlbArray.vpn(vaddr, s);
                    int i;
                    while ((i = r.find(TlbArray.key(v, s), pcid, v)) >= 0) {
                        r.tags[i] = TlbArray.INVALID;
                    }
                }
            }
        } else if (kind == 12) {
            a.invalidatePcid(pcid);
            for (int i = 0; i < r.tags.length; i++) {
                if (r.tags[i] != TlbArray.INVALID && (r.tags[i] & 0x1FFF) == pcid) {
                    r.tags[i] = TlbArray.INVALID;
                }
            }
        } else {
            a.invalidateAll();
            java.util.Arrays.fill(r.tags, TlbArray.INVALID);
        }
    }

    /** One access of a stream as Mmu makes it: a usable hit refreshes the entry, a miss fills it as absent. */
    private static void lookupAndFill(TlbArray a, TlbArrayModelPropertyTest.Reference r, int size, long pcid, long vpn,
            long pte, boolean refillHits, String where) {
        long key = TlbArray.key(vpn, size);
        int slot = a.find(key, size, pcid);
        int ref = r.find(key, pcid, vpn);
        assertEquals(ref < 0 ? -1L : r.ptes[ref], slot < 0 ? -1L : a.ptes[slot], "stream lookup at " + where);
        if (slot >= 0 && !refillHits) {
            a.touch(slot);
            r.stamps[ref] = ++r.clock;
            return;
        }
        a.fill(key, size, pcid, vpn, pte, slot < 0);
        r.fill(key, pcid, vpn, pte);
    }

    /**
     * Same occupancies, every reference entry found with its PTE (so no other entry either), and in
     * each set the same recency order: fresh fills of the set evict the same entries in turn.
     * Destroys both.
     */
    private static void assertSameState(TlbArray a, TlbArrayModelPropertyTest.Reference r, TlbGeometry.Array spec,
            String where) {
        for (int s = 0; s < TlbGeometry.NR_SIZES; s++) {
            assertEquals(r.occupancy(s), a.occupancy(s), "occupancy of size " + s + " " + where);
        }
        int sets = spec.sets();
        int probeSize = Integer.numberOfTrailingZeros(spec.sizeMask());
        for (int set = 0; set < sets; set++) {
            List<Integer> ways = new ArrayList<>();
            for (int i = set * spec.ways(); i < (set + 1) * spec.ways(); i++) {
                if (r.tags[i] != TlbArray.INVALID) {
                    ways.add(i);
                }
            }
            ways.sort(Comparator.comparingLong(i -> r.stamps[i]));
            List<Long> tags = new ArrayList<>();
            for (int i : ways) {
                tags.add(r.tags[i]);
                assertEquals(r.ptes[i], pteOf(a, r.tags[i]), "entry " + Long.toHexString(r.tags[i]) + " " + where);
            }
            for (int k = 1; k <= spec.ways(); k++) {
                long vpn = (PROBE_PAGES + k) * sets + set;
                long key = TlbArray.key(vpn, probeSize);
                long pte = (vpn << 12) | Pte.PRESENT;
                a.fill(key, probeSize, 9, vpn, pte, false);
                r.fill(key, 9, vpn, pte);
                for (long tag : tags) {
                    int ref = r.find(tag & ~0x1FFFL, (tag & TlbArray.GLOBAL_TAG) != 0 ? 10 : tag & 0xFFF,
                            tag >>> TlbArray.VPN_SHIFT);
                    boolean kept = ref >= 0 && r.tags[ref] == tag;
                    assertEquals(kept, pteOf(a, tag) != -1L,
                            "entry " + Long.toHexString(tag) + " after " + k + " fresh fills of set " + set + " " + where);
                }
            }
        }
    }

    /** The PTE cached under exactly {@code tag}, or -1. */
    private static long pteOf(TlbArray a, long tag) {
        boolean global = (tag & TlbArray.GLOBAL_TAG) != 0;
        int slot = a.find(tag & ~0x1FFFL, (int) (tag >>> TlbArray.SIZE_SHIFT) & 3, global ? 10 : tag & 0xFFF);
        return slot < 0 ? -1L : a.ptes[slot];
    }
}
