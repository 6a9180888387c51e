/*
 * TLB geometry of one CPU: set-associative arrays per level (L1 dTLB, L1 iTLB, second-level STLB),
 * each with its entry count, associativity and the page sizes it holds. Presets: Intel Cascade Lake
 * (Skylake-SP TLBs, per the Intel optimization manual; cpuid leaf 2 descriptors) and AMD Zen 3 Milan
 * (cpuid 0x80000005/0x80000006/0x80000019 as read on the 6.18 KVM host). Leaves out the split L2
 * iTLB of Zen (instruction misses go to the unified second level here), the 4M (non-PAE 32-bit) size
 * and how hardware really hashes set indexes (here: low bits of the page number of that size).
 */
package org.mmsim.mm.mmu;

import java.util.List;

public final class TlbGeometry {
    public static final int SIZE_4K = 0;
    public static final int SIZE_2M = 1;
    public static final int SIZE_1G = 2;
    public static final int NR_SIZES = 3;
    private static final int[] SHIFTS = {12, 21, 30};

    /** One array: {@code entries / ways} sets (a power of two), holding the sizes in {@code sizeMask} (bit = SIZE_*). */
    public record Array(int entries, int ways, int sizeMask) {
        public Array {
            if (entries <= 0 || ways <= 0 || entries % ways != 0 || Integer.bitCount(entries / ways) != 1) {
                throw new IllegalArgumentException("entries/ways must be a power of two: " + entries + "/" + ways);
            }
            if (sizeMask <= 0 || sizeMask >= 1 << NR_SIZES) {
                throw new IllegalArgumentException("bad size mask " + sizeMask);
            }
        }

        public int sets() {
            return entries / ways;
        }
    }

    public final String name;
    public final List<Array> l1d;
    public final List<Array> l1i;
    public final List<Array> stlb;

    public TlbGeometry(String name, List<Array> l1d, List<Array> l1i, List<Array> stlb) {
        this.name = name;
        this.l1d = List.copyOf(l1d);
        this.l1i = List.copyOf(l1i);
        this.stlb = List.copyOf(stlb);
        check(this.l1d, "L1 dTLB");
        check(this.l1i, "L1 iTLB");
        check(this.stlb, "STLB");
        if (arrayFor(this.l1d, SIZE_4K) < 0) {
            throw new IllegalArgumentException("the L1 dTLB must hold 4K pages");
        }
    }

    private static void check(List<Array> level, String what) {
        int seen = 0;
        for (Array a : level) {
            if ((seen & a.sizeMask()) != 0) {
                throw new IllegalArgumentException(what + ": a page size is held by two arrays");
            }
            seen |= a.sizeMask();
        }
    }

    /** Index in {@code level} of the array holding {@code size}, or -1. */
    static int arrayFor(List<Array> level, int size) {
        for (int i = 0; i < level.size(); i++) {
            if ((level.get(i).sizeMask() & (1 << size)) != 0) {
                return i;
            }
        }
        return -1;
    }

    public static int pageShift(int size) {
        return SHIFTS[size];
    }

    /** SIZE_* for a leaf of {@code 1 << shift} bytes. */
    public static int sizeOfShift(int shift) {
        switch (shift) {
            case 12: return SIZE_4K;
            case 21: return SIZE_2M;
            case 30: return SIZE_1G;
            default: throw new IllegalArgumentException("no x86 page of shift " + shift);
        }
    }

    /**
     * Cascade Lake: L1 dTLB 64/4-way (4K), 32/4-way (2M), 4 fully associative (1G); L1 iTLB 128/8-way
     * (4K), 8 fully associative (2M); STLB 1536/12-way shared by 4K and 2M, 16/4-way for 1G.
     */
    public static TlbGeometry cascadeLake() {
        return new TlbGeometry("cascadelake",
                List.of(new Array(64, 4, 1 << SIZE_4K), new Array(32, 4, 1 << SIZE_2M), new Array(4, 4, 1 << SIZE_1G)),
                List.of(new Array(128, 8, 1 << SIZE_4K), new Array(8, 8, 1 << SIZE_2M)),
                List.of(new Array(1536, 12, (1 << SIZE_4K) | (1 << SIZE_2M)), new Array(16, 4, 1 << SIZE_1G)));
    }

    /**
     * Zen 3 (EPYC Milan), from the host's cpuid: L1 dTLB and L1 iTLB 64 entries fully associative for
     * every size (one array each); L2 dTLB 2048 entries 8-way for 4K and 2M (0x80000006 EBX), 64 fully
     * associative for 1G (0x80000019 EBX).
     */
    public static TlbGeometry zen3() {
        int all = (1 << SIZE_4K) | (1 << SIZE_2M) | (1 << SIZE_1G);
        return new TlbGeometry("zen3",
                List.of(new Array(64, 64, all)),
                List.of(new Array(64, 64, all)),
                List.of(new Array(2048, 8, (1 << SIZE_4K) | (1 << SIZE_2M)), new Array(64, 64, 1 << SIZE_1G)));
    }
}
