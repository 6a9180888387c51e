/*
 * One CPU's translation hardware state: its TLB arrays (L1 dTLB, L1 iTLB, STLB; an array may serve
 * several page sizes), the CR3 in force (page table root as a walker, PCID) and the invalidation
 * instructions: CR3 load without the no-flush bit, INVLPG, and the global flush (INVPCID all-context
 * or CR4.PGE toggle). With CR4.PCIDE clear Linux always loads PCID 0 and flushes, which is modelled.
 * Leaves out INVPCID single-address/single-context forms, PTI user PCIDs and INVLPGB broadcasts.
 */
package org.mmsim.mm.mmu;

import java.util.List;

final class CpuTlb {
    /** Array serving each page size at each level, or null; index [SIZE_*]. */
    final TlbArray[] l1d = new TlbArray[TlbGeometry.NR_SIZES];
    final TlbArray[] l1i = new TlbArray[TlbGeometry.NR_SIZES];
    final TlbArray[] stlb = new TlbArray[TlbGeometry.NR_SIZES];
    /** The L1 dTLB array for 4K pages: the hot path. */
    final TlbArray l1d4k;
    private final TlbArray[] all;
    /** The distinct arrays of each L1. */
    final TlbArray[] l1dArrays;
    final TlbArray[] l1iArrays;
    final long[] counters;
    LeafWalker walker;
    long pcid;

    CpuTlb(TlbGeometry g, long[] counters) {
        this.counters = counters;
        java.util.ArrayList<TlbArray> arrays = new java.util.ArrayList<>();
        build(g.l1d, l1d, arrays);
        l1dArrays = arrays.toArray(new TlbArray[0]);
        build(g.l1i, l1i, arrays);
        l1iArrays = arrays.subList(l1dArrays.length, arrays.size()).toArray(new TlbArray[0]);
        build(g.stlb, stlb, arrays);
        all = arrays.toArray(new TlbArray[0]);
        l1d4k = l1d[TlbGeometry.SIZE_4K];
    }

    private static void build(List<TlbGeometry.Array> specs, TlbArray[] bySize, List<TlbArray> arrays) {
        for (TlbGeometry.Array spec : specs) {
            TlbArray a = new TlbArray(spec);
            arrays.add(a);
            for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
                if ((spec.sizeMask() & (1 << size)) != 0) {
                    bySize[size] = a;
                }
            }
        }
    }

    /** MOV to CR3: switches page table and PCID; without the no-flush bit the new PCID's non-global entries go. */
    void loadCr3(LeafWalker root, int newPcid, boolean noflush) {
        walker = root;
        pcid = newPcid;
        if (!noflush) {
            for (TlbArray a : all) {
                a.invalidatePcid(newPcid);
            }
            counters[TlbStats.FLUSH_PCID]++;
        }
    }

    /** INVLPG: the current PCID's and global entries, of any size, that map {@code vaddr}. */
    void invlpg(long vaddr) {
        dropAddress(vaddr);
        counters[TlbStats.INVLPG]++;
    }

    /** What a page fault does to the TLB: entries for the faulting address are invalidated (Intel SDM 4.10.4.1). */
    void dropAddress(long vaddr) {
        dropAddress(all, vaddr);
    }

    /** dropAddress() limited to {@code arrays}, when the others are known to hold no entry for vaddr. */
    void dropAddress(TlbArray[] arrays, long vaddr) {
        for (TlbArray a : arrays) {
            a.invalidateAddress(vaddr, pcid);
        }
    }

    /** How many of the n 4K pages from vaddr, from the first, no array holds an entry for under the loaded PCID. */
    int uncachedRun(long vaddr, int n) {
        long vpn = TlbArray.vpn(vaddr, TlbGeometry.SIZE_4K);
        for (TlbArray a : all) {
            n = a.firstCached(vpn, n, pcid);
        }
        return n;
    }

    /** Every entry of every PCID, global ones included. */
    void flushGlobal() {
        for (TlbArray a : all) {
            a.invalidateAll();
        }
        counters[TlbStats.FLUSH_GLOBAL]++;
    }

    int occupancy(TlbLevel level, int size) {
        TlbArray a = (level == TlbLevel.L1D ? l1d : level == TlbLevel.L1I ? l1i : stlb)[size];
        return a == null ? 0 : a.occupancy(size);
    }
}
