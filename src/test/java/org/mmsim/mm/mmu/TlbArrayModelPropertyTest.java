package org.mmsim.mm.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * TlbArray (tag index; age stamps in narrow sets, recency lists in wide ones) behaves exactly as the textbook array it replaces:
 * each way scanned, true LRU by age stamps, an invalid way filled first. Over random fills,
 * lookups (a hit refreshes the entry), INVLPGs, PCID flushes and full flushes on small geometries
 * with conflicting sets, every lookup finds the same PTE (or nothing) and the occupancies agree.
 * Global entries use their own page numbers, as a leaf is global only in the kernel half.
 */
class TlbArrayModelPropertyTest {
    static final TlbGeometry.Array[] SPECS = {
        new TlbGeometry.Array(24, 24, 0b111),
        new TlbGeometry.Array(64, 32, 0b011),
        new TlbGeometry.Array(8, 8, 0b111),
        new TlbGeometry.Array(16, 4, 0b011),
        new TlbGeometry.Array(8, 2, 0b001),
        new TlbGeometry.Array(4, 1, 0b110),
    };

    record Op(int kind, int page, int size, int pcid, int bits) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(
                Arbitraries.integers().between(0, 20),
                Arbitraries.integers().between(0, 80),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 1 << 16)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(400);
    }

    /** The scan-everything array with age stamps. */
    static final class Reference {
        final int ways;
        final int setMask;
        final long[] tags;
        final long[] ptes;
        final long[] stamps;
        long clock;

        Reference(TlbGeometry.Array spec) {
            ways = spec.ways();
            setMask = spec.sets() - 1;
            tags = new long[spec.entries()];
            ptes = new long[spec.entries()];
            stamps = new long[spec.entries()];
            Arrays.fill(tags, TlbArray.INVALID);
        }

        int find(long key, long pcid, long vpn) {
            int base = ((int) vpn & setMask) * ways;
            for (int i = base; i < base + ways; i++) {
                if (tags[i] == (key | pcid)) {
                    return i;
                }
            }
            for (int i = base; i < base + ways; i++) {
                if (tags[i] == (key | TlbArray.GLOBAL_TAG)) {
                    return i;
                }
            }
            return -1;
        }

        void fill(long key, long pcid, long vpn, long pte) {
            long tag = key | ((pte & Pte.GLOBAL) != 0 ? TlbArray.GLOBAL_TAG : pcid);
            int base = ((int) vpn & setMask) * ways;
            int victim = -1;
            long oldest = Long.MAX_VALUE;
            for (int i = base; i < base + ways; i++) {
                if (tags[i] == tag) {
                    victim = i;
                    break;
                }
                long age = tags[i] == TlbArray.INVALID ? Long.MIN_VALUE : stamps[i];
                if (age < oldest) {
                    oldest = age;
                    victim = i;
                }
            }
            tags[victim] = tag;
            ptes[victim] = pte;
            stamps[victim] = ++clock;
        }

        int occupancy(int size) {
            int n = 0;
            for (long t : tags) {
                if (t != TlbArray.INVALID && ((t >>> TlbArray.SIZE_SHIFT) & 3) == size) {
                    n++;
                }
            }
            return n;
        }
    }

    @Property(tries = 300)
    void behavesAsTheScanningArray(@ForAll("ops") List<Op> ops, @ForAll("specs") int specIndex) {
        TlbGeometry.Array spec = SPECS[specIndex];
        TlbArray a = new TlbArray(spec);
        Reference r = new Reference(spec);
        int step = 0;
        for (Op op : ops) {
            step++;
            int size = op.size();
            if ((spec.sizeMask() & (1 << size)) == 0) {
                size = Integer.numberOfTrailingZeros(spec.sizeMask());
            }
            boolean global = op.page() >= 64;
            long vpn = op.page();
            long key = TlbArray.key(vpn, size);
            long pcid = op.pcid();
            long pte = ((long) op.bits() << 12) | Pte.PRESENT | (global ? Pte.GLOBAL : 0);
            long vaddr = vpn << TlbGeometry.pageShift(size);
            if (op.kind() < 9) {
                boolean absent = a.find(key, size, pcid) < 0;
                a.fill(key, size, pcid, vpn, pte, absent && op.kind() % 2 == 0);
                r.fill(key, pcid, vpn, pte);
            } else if (op.kind() < 17) {
                int slot = a.find(key, size, pcid);
                int ref = r.find(key, pcid, vpn);
                assertEquals(ref < 0 ? -1L : r.ptes[ref], slot < 0 ? -1L : a.ptes[slot], "lookup at step " + step);
                if (slot >= 0) {
                    a.touch(slot);
                    r.stamps[ref] = ++r.clock;
                }
            } else if (op.kind() < 19) {
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
            } else if (op.kind() == 19) {
                a.invalidatePcid(pcid);
                for (int i = 0; i < r.tags.length; i++) {
                    if (r.tags[i] != TlbArray.INVALID && (r.tags[i] & 0x1FFF) == pcid) {
                        r.tags[i] = TlbArray.INVALID;
                    }
                }
            } else {
                a.invalidateAll();
                Arrays.fill(r.tags, TlbArray.INVALID);
            }
            for (int s = 0; s < TlbGeometry.NR_SIZES; s++) {
                assertEquals(r.occupancy(s), a.occupancy(s), "occupancy of size " + s + " at step " + step);
            }
        }
    }

    @Provide
    Arbitrary<Integer> specs() {
        return Arbitraries.integers().between(0, SPECS.length - 1);
    }
}
