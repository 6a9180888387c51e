/*
 * One set-associative TLB array with true LRU replacement (a per-entry age stamp, the oldest way of
 * the set is the victim; an invalid way is used first). Entries are tagged with the page number, the
 * page size and the PCID, or marked global (a G-bit leaf matches every PCID), and cache the leaf PTE
 * as the walk returned it. Hardware uses pseudo-LRU and undocumented index hashes; this is the
 * textbook model. A counting filter of valid entries by page number and size (any PCID) lets a
 * lookup that cannot hit skip the scan of the set (64 ways in Zen 3's fully associative L1); it
 * changes no result. Leaves out paging-structure caches.
 */
package org.mmsim.mm.mmu;

final class TlbArray {
    /** Tag layout: PCID in bits 0..11, the global marker in bit 12, size in bits 13..14, page number from bit 16. */
    static final long GLOBAL_TAG = 0x1000;
    static final int SIZE_SHIFT = 13;
    static final int VPN_SHIFT = 16;
    static final long INVALID = -1L;
    static final long VA_MASK = (1L << 48) - 1;

    final int ways;
    final int setMask;
    final int sizeMask;
    final long[] tags;
    final long[] ptes;
    final long[] stamps;
    long clock;
    /** Valid entries per hash of their key (tag without PCID and global bits). */
    private final int[] filter = new int[FILTER_SIZE];
    private static final int FILTER_BITS = 10;
    private static final int FILTER_SIZE = 1 << FILTER_BITS;
    private static final long KEY_MASK = ~0x1FFFL;

    TlbArray(TlbGeometry.Array spec) {
        this.ways = spec.ways();
        this.setMask = spec.sets() - 1;
        this.sizeMask = spec.sizeMask();
        int n = spec.entries();
        tags = new long[n];
        ptes = new long[n];
        stamps = new long[n];
        java.util.Arrays.fill(tags, INVALID);
    }

    /** False when no valid entry has this key (tag without PCID and global bits) in any PCID. */
    boolean mayHold(long key) {
        return filter[bucket(key)] != 0;
    }

    private void invalidate(int slot) {
        filter[bucket(tags[slot])]--;
        tags[slot] = INVALID;
    }

    private static int bucket(long tag) {
        return (int) (((tag & KEY_MASK) * 0x9E3779B97F4A7C15L) >>> (64 - FILTER_BITS));
    }

    static long vpn(long vaddr, int size) {
        return (vaddr & VA_MASK) >>> TlbGeometry.pageShift(size);
    }

    /** The tag without its PCID/global bits. */
    static long key(long vpn, int size) {
        return (vpn << VPN_SHIFT) | ((long) size << SIZE_SHIFT);
    }

    /** Slot holding {@code key} for {@code pcid} (or global), or -1. */
    int find(long key, long pcid, long vpn) {
        if (!mayHold(key)) {
            return -1;
        }
        long own = key | pcid;
        long global = key | GLOBAL_TAG;
        int base = ((int) vpn & setMask) * ways;
        for (int i = base, end = base + ways; i < end; i++) {
            long t = tags[i];
            if (t == own || t == global) {
                return i;
            }
        }
        return -1;
    }

    void touch(int slot) {
        stamps[slot] = ++clock;
    }

    /** Caches {@code pte} for {@code key}; reuses a slot with the same tag, else an invalid way, else the LRU way. */
    void fill(long key, long pcid, long vpn, long pte) {
        long tag = key | ((pte & Pte.GLOBAL) != 0 ? GLOBAL_TAG : pcid);
        int base = ((int) vpn & setMask) * ways;
        int victim = -1;
        long oldest = Long.MAX_VALUE;
        for (int i = base, end = base + ways; i < end; i++) {
            long t = tags[i];
            if (t == tag) {
                victim = i;
                break;
            }
            long age = t == INVALID ? Long.MIN_VALUE : stamps[i];
            if (age < oldest) {
                oldest = age;
                victim = i;
            }
        }
        long old = tags[victim];
        if (old != tag) {
            if (old != INVALID) {
                filter[bucket(old)]--;
            }
            filter[bucket(key)]++;
        }
        tags[victim] = tag;
        ptes[victim] = pte;
        stamps[victim] = ++clock;
    }

    /** INVLPG for this array: drops every size's entry covering {@code vaddr} for {@code pcid} and global ones. */
    void invalidateAddress(long vaddr, long pcid) {
        for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
            if ((sizeMask & (1 << size)) == 0) {
                continue;
            }
            long vpn = vpn(vaddr, size);
            int slot;
            while ((slot = find(key(vpn, size), pcid, vpn)) >= 0) {
                invalidate(slot);
            }
        }
    }

    /** Drops the non-global entries of {@code pcid}. */
    void invalidatePcid(long pcid) {
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != INVALID && (tags[i] & 0x1FFF) == pcid) {
                invalidate(i);
            }
        }
    }

    void invalidateAll() {
        java.util.Arrays.fill(tags, INVALID);
        java.util.Arrays.fill(filter, 0);
    }

    /** Valid entries of {@code size}. */
    int occupancy(int size) {
        int n = 0;
        for (long t : tags) {
            if (t != INVALID && ((t >>> SIZE_SHIFT) & 3) == size) {
                n++;
            }
        }
        return n;
    }
}
