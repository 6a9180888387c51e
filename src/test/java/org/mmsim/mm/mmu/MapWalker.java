package org.mmsim.mm.mmu;

import java.util.HashMap;
import java.util.Map;

/** A page table as maps of leaves per size (4K, 2M, 1G), keyed by the aligned virtual address. */
final class MapWalker implements LeafWalker {
    private final Map<Long, Long>[] leaves;
    private int lastShift;
    int walks;
    int marks;

    @SuppressWarnings("unchecked")
    MapWalker() {
        leaves = new Map[TlbGeometry.NR_SIZES];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = new HashMap<>();
        }
    }

    static long pte(long phys, long flags) {
        return (phys & Pte.PFN_MASK) | flags | Pte.PRESENT;
    }

    void map(long vaddr, int size, long pte) {
        leaves[size].put(align(vaddr, size), pte);
    }

    void unmap(long vaddr, int size) {
        leaves[size].remove(align(vaddr, size));
    }

    /** Removes the 4K leaves in [start, start + len); true when there were any. */
    boolean unmapSmall(long start, long len) {
        return leaves[TlbGeometry.SIZE_4K].keySet().removeIf(va -> va >= start && va < start + len);
    }

    long leaf(long vaddr, int size) {
        return leaves[size].getOrDefault(align(vaddr, size), 0L);
    }

    private static long align(long vaddr, int size) {
        return vaddr & -(1L << TlbGeometry.pageShift(size));
    }

    @Override
    public long walk(long vaddr) {
        walks++;
        for (int size = TlbGeometry.SIZE_1G; size >= 0; size--) {
            Long pte = leaves[size].get(align(vaddr, size));
            if (pte != null) {
                lastShift = TlbGeometry.pageShift(size);
                return pte;
            }
        }
        return 0;
    }

    @Override
    public int leafShift() {
        return lastShift;
    }

    @Override
    public void markAccessed(long vaddr, boolean dirty) {
        marks++;
        for (int size = TlbGeometry.SIZE_1G; size >= 0; size--) {
            long key = align(vaddr, size);
            Long pte = leaves[size].get(key);
            if (pte != null) {
                leaves[size].put(key, pte | Pte.ACCESSED | (dirty ? Pte.DIRTY : 0));
                return;
            }
        }
        throw new AssertionError("markAccessed on an unmapped address");
    }

    /** What the MMU must return for this access under this table: the physical address or FAULT | code. */
    long expect(long vaddr, int access) {
        long pte = 0;
        int shift = 12;
        for (int size = TlbGeometry.SIZE_1G; size >= 0; size--) {
            Long p = leaves[size].get(align(vaddr, size));
            if (p != null) {
                pte = p;
                shift = TlbGeometry.pageShift(size);
                break;
            }
        }
        if ((pte & Pte.PRESENT) == 0) {
            return Mmu.FAULT | access;
        }
        boolean write = (access & Pte.PF_WRITE) != 0;
        boolean user = (access & Pte.PF_USER) != 0;
        boolean exec = (access & Pte.PF_INSTR) != 0;
        if ((write && (pte & Pte.RW) == 0) || (user && (pte & Pte.USER) == 0)
                || (exec && (pte & Pte.NX) != 0) || (exec && !user && (pte & Pte.USER) != 0)) {
            return Mmu.FAULT | access | Pte.PF_PROT;
        }
        return Pte.physAddr(pte, vaddr, shift);
    }
}
