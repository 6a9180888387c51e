/*
 * One set-associative TLB array with true LRU replacement (the least recently used way of the set
 * is the victim; an invalid way is used first). Entries are tagged with the page number, the page
 * size and the PCID, or marked global (a G-bit leaf matches every PCID), and cache the leaf PTE as
 * the walk returned it. Hardware uses pseudo-LRU and undocumented index hashes; this is the
 * textbook model. Lookups go through a chained hash index from tag to way (a fill's eviction
 * unlinks one chain entry instead of shifting a probe run back). Sets of up to 4 ways stamp each
 * use and scan for the victim; wider sets (Zen 3's 64-way L1, the STLBs) keep their ways in
 * recency order on a doubly linked list (invalid ways at the LRU end), so a fill there costs no
 * scan. Neither changes which entry hits or which way is evicted.
 * Runs of fills are made lazily: a fill of an absent, non-global entry for the page after the
 * previous fill's (same size and PCID: a sequential stream of first accesses) only records its PTE
 * in a ring. Under true LRU the last {@code ways} fills of a set evict everything older in it, and
 * {@code entries} consecutive pages fill every set {@code ways} times, so the pending run's last
 * {@code min(run, entries)} fills are all that can be left of it and of what was there before.
 * Any other operation first makes the pending fills in order (after a full flush when the run
 * covers the array), which leaves exactly the entries, recency order and counts that filling one
 * by one would have; a lookup needs that only when its tag may be among the surviving run or, for
 * a run shorter than the array, among the older entries. Leaves out paging-structure caches.
 */
package org.mmsim.mm.mmu;

final class TlbArray {
    /** Tag layout: PCID in bits 0..11, the global marker in bit 12, size in bits 13..14, page number from bit 16. */
    static final long GLOBAL_TAG = 0x1000;
    static final int SIZE_SHIFT = 13;
    static final int VPN_SHIFT = 16;
    static final long INVALID = -1L;
    /** The tag bits a run shares: PCID, global marker, size. */
    private static final long RUN_BITS_MASK = 0xFFFF;
    static final long VA_MASK = (1L << 48) - 1;
    private static final int NIL = -1;

    final int ways;
    /** Entries of the array (ways times sets). */
    private final int entries;
    final int setMask;
    final int sizeMask;
    final long[] tags;
    final long[] ptes;
    /** Sets at most this wide use age stamps; wider ones the recency lists. */
    private static final int MAX_STAMPED_WAYS = 4;
    /** Per way, its last use (narrow sets only, else null). */
    private final long[] stamps;
    private long clock;
    /** Recency links between the ways of one set (wide sets only, else null): toward the MRU end and toward the LRU end. */
    private final int[] newer;
    private final int[] older;
    /** Per set: its most and least recently used way (invalid ways sit at the LRU end). */
    private final int[] mru;
    private final int[] lru;
    /** Chained hash index of the valid tags: per bucket the first way of its chain, or NIL. */
    private final int[] chainHead;
    /** Per valid way: the next way of its bucket's chain, or NIL. */
    private final int[] chainNext;
    private final int indexShift;
    /** Valid entries per page size, and how many are global. */
    private final int[] valid = new int[TlbGeometry.NR_SIZES];
    private int globals;
    /**
     * The lazily made fills: pages [runStart, runEnd) of the tag bits runBits (size and PCID), their
     * PTEs in runPtes by page number. Empty when runStart == runEnd; runEnd and runBits then name
     * the page and tag bits after the last fill, where a run may start.
     */
    private long runStart = -1;
    /** runStart != runEnd, in one field for the L1 hit path. */
    private boolean pending;
    private long runEnd = -1;
    private long runBits = -1;
    private final long[] runPtes;
    private final int runMask;

    TlbArray(TlbGeometry.Array spec) {
        this.ways = spec.ways();
        this.setMask = spec.sets() - 1;
        this.sizeMask = spec.sizeMask();
        int n = spec.entries();
        entries = n;
        tags = new long[n];
        ptes = new long[n];
        java.util.Arrays.fill(tags, INVALID);
        // Four buckets per entry: a probe for an absent tag mostly finds its bucket empty.
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(4, 4 * n - 1));
        chainHead = new int[1 << bits];
        java.util.Arrays.fill(chainHead, NIL);
        chainNext = new int[n];
        indexShift = 64 - bits;
        runPtes = new long[Math.max(1, Integer.highestOneBit(n - 1) << 1)];
        runMask = runPtes.length - 1;
        if (ways <= MAX_STAMPED_WAYS) {
            stamps = new long[n];
            newer = older = mru = lru = null;
            return;
        }
        stamps = null;
        newer = new int[n];
        older = new int[n];
        mru = new int[spec.sets()];
        lru = new int[spec.sets()];
        for (int set = 0; set < mru.length; set++) {
            int base = set * ways;
            for (int i = base; i < base + ways; i++) {
                newer[i] = i == base ? NIL : i - 1;
                older[i] = i == base + ways - 1 ? NIL : i + 1;
            }
            mru[set] = base;
            lru[set] = base + ways - 1;
        }
    }

    static long vpn(long vaddr, int size) {
        return (vaddr & VA_MASK) >>> TlbGeometry.pageShift(size);
    }

    /** The tag without its PCID/global bits. */
    static long key(long vpn, int size) {
        return (vpn << VPN_SHIFT) | ((long) size << SIZE_SHIFT);
    }

    /** Slot holding {@code key} (of page size {@code size}) for {@code pcid}, else a global one, or -1. */
    int find(long key, int size, long pcid) {
        if (pending) {
            return findWithRun(key, size, pcid);
        }
        return findMade(key, size, pcid);
    }

    /** find() over the made entries alone. */
    private int findMade(long key, int size, long pcid) {
        if (valid[size] == 0) {
            return -1;
        }
        int slot = slotOf(key | pcid);
        if (slot < 0 && globals != 0) {
            slot = slotOf(key | GLOBAL_TAG);
        }
        return slot;
    }

    /**
     * find() while fills are pending: the made entries count only if the run may not have evicted
     * them all, and any match is looked up again after the pending fills are made.
     */
    private int findWithRun(long key, int size, long pcid) {
        long vpn = key >>> VPN_SHIFT;
        long end = runEnd;
        // Pages before end - entries are evicted if in the run; those below a short run are not in it (making it anyway is exact).
        boolean mayBeInRun = vpn < end && vpn >= end - entries && ((key | pcid) & RUN_BITS_MASK) == runBits;
        if (!mayBeInRun && (end - runStart >= entries || findMade(key, size, pcid) < 0)) {
            return -1;
        }
        makePendingFills();
        return findMade(key, size, pcid);
    }

    /** Makes the pending fills in order; a run covering the array leaves only its last {@code entries} fills. */
    private void makePendingFills() {
        long end = runEnd;
        long start = runStart;
        runStart = end;
        pending = false;
        if (end - start >= entries) {
            start = end - entries;
            for (int i = 0; i < tags.length; i++) {
                if (tags[i] != INVALID) {
                    invalidate(i);
                }
            }
        }
        long bits = runBits;
        int size = (int) (bits >>> SIZE_SHIFT) & 3;
        for (long vpn = start; vpn < end; vpn++) {
            place((vpn << VPN_SHIFT) | bits, size, vpn, runPtes[(int) vpn & runMask]);
        }
    }

    private void makePending() {
        if (pending) {
            makePendingFills();
        }
    }

    private int bucket(long tag) {
        return (int) ((tag * 0x9E3779B97F4A7C15L) >>> indexShift);
    }

    /** The way holding exactly {@code tag}, or -1. */
    private int slotOf(long tag) {
        int s = chainHead[bucket(tag)];
        while (s != NIL && tags[s] != tag) {
            s = chainNext[s];
        }
        return s;
    }

    private void indexAdd(long tag, int slot) {
        int b = bucket(tag);
        chainNext[slot] = chainHead[b];
        chainHead[b] = slot;
    }

    /** Takes the valid {@code slot} out of its bucket's chain. */
    private void indexRemove(int slot) {
        int b = bucket(tags[slot]);
        int s = chainHead[b];
        if (s == slot) {
            chainHead[b] = chainNext[slot];
            return;
        }
        while (chainNext[s] != slot) {
            s = chainNext[s];
        }
        chainNext[s] = chainNext[slot];
    }

    private void unlink(int slot, int set) {
        int n = newer[slot];
        int o = older[slot];
        if (n == NIL) {
            mru[set] = o;
        } else {
            older[n] = o;
        }
        if (o == NIL) {
            lru[set] = n;
        } else {
            newer[o] = n;
        }
    }

    /** Marks {@code slot} most recently used in its set. */
    void touch(int slot) {
        if (stamps != null) {
            stamps[slot] = ++clock;
            return;
        }
        int set = slot / ways;
        if (mru[set] == slot) {
            return;
        }
        unlink(slot, set);
        int head = mru[set];
        newer[slot] = NIL;
        older[slot] = head;
        newer[head] = slot;
        mru[set] = slot;
    }

    /** Puts {@code slot} at the LRU end of its set, where the next fill of the set takes it. */
    private void demote(int slot) {
        int set = slot / ways;
        if (lru[set] == slot) {
            return;
        }
        unlink(slot, set);
        int tail = lru[set];
        older[slot] = NIL;
        newer[slot] = tail;
        older[tail] = slot;
        lru[set] = slot;
    }

    /**
     * Caches {@code pte} for {@code key}; reuses the way with the same tag, else the set's LRU (or an
     * invalid) way. {@code absent}: the caller has just found no entry for key in this array.
     */
    void fill(long key, int size, long pcid, long vpn, long pte, boolean absent) {
        boolean global = (pte & Pte.GLOBAL) != 0;
        long tag = key | (global ? GLOBAL_TAG : pcid);
        if (absent && !global && vpn == runEnd && (tag & RUN_BITS_MASK) == runBits) {
            runPtes[(int) vpn & runMask] = pte;
            runEnd = vpn + 1;
            pending = true;
            return;
        }
        makePending();
        int slot = absent || valid[size] == 0 ? -1 : slotOf(tag);
        if (slot < 0) {
            place(tag, size, vpn, pte);
        } else {
            ptes[slot] = pte;
            touch(slot);
        }
        runStart = runEnd = vpn + 1;
        runBits = absent && !global ? tag & RUN_BITS_MASK : -1;
    }

    /** Caches {@code pte} under {@code tag}, absent from the array, in the set's victim way. */
    private void place(long tag, int size, long vpn, long pte) {
        int slot = victim((int) vpn & setMask);
        if (tags[slot] != INVALID) {
            drop(slot);
        }
        tags[slot] = tag;
        indexAdd(tag, slot);
        valid[size]++;
        if ((tag & GLOBAL_TAG) != 0) {
            globals++;
        }
        ptes[slot] = pte;
        touch(slot);
    }

    /** The way a fill of {@code set} takes: the first invalid way, else the least recently used. */
    private int victim(int set) {
        if (stamps == null) {
            return lru[set];
        }
        int base = set * ways;
        int victim = base;
        long oldest = Long.MAX_VALUE;
        for (int i = base, end = base + ways; i < end; i++) {
            if (tags[i] == INVALID) {
                return i;
            }
            if (stamps[i] < oldest) {
                oldest = stamps[i];
                victim = i;
            }
        }
        return victim;
    }

    /** Takes the entry in {@code slot} out of the index and the counts; the way becomes invalid. */
    private void drop(int slot) {
        long tag = tags[slot];
        indexRemove(slot);
        valid[(int) (tag >>> SIZE_SHIFT) & 3]--;
        if ((tag & GLOBAL_TAG) != 0) {
            globals--;
        }
        tags[slot] = INVALID;
    }

    private void invalidate(int slot) {
        drop(slot);
        if (stamps == null) {
            demote(slot);
        }
    }

    /** INVLPG for this array: drops every size's entry covering {@code vaddr} for {@code pcid} and global ones. */
    void invalidateAddress(long vaddr, long pcid) {
        if (pending && !invalidationMayChange(vaddr, pcid)) {
            return;
        }
        makePending();
        for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
            if ((sizeMask & (1 << size)) == 0 || valid[size] == 0) {
                continue;
            }
            long key = key(vpn(vaddr, size), size);
            int slot = slotOf(key | pcid);
            if (slot >= 0) {
                invalidate(slot);
            }
            if (globals != 0 && (slot = slotOf(key | GLOBAL_TAG)) >= 0) {
                invalidate(slot);
            }
        }
    }

    /**
     * Whether INVLPG of vaddr, while fills are pending, could drop anything: an entry the run may
     * still leave, or a made one the run does not evict. Otherwise it is a no-op in either order
     * and the run stays pending (reclaim unmapping pages long out of the TLB would else make every
     * pending fill one at a time).
     */
    private boolean invalidationMayChange(long vaddr, long pcid) {
        boolean runCovers = runEnd - runStart >= entries;
        for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
            if ((sizeMask & (1 << size)) == 0) {
                continue;
            }
            long vpn = vpn(vaddr, size);
            long key = key(vpn, size);
            boolean mayBeInRun = vpn < runEnd && vpn >= runEnd - entries && ((key | pcid) & RUN_BITS_MASK) == runBits;
            if (mayBeInRun || !runCovers && findMade(key, size, pcid) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Drops the non-global entries of {@code pcid}. */
    void invalidatePcid(long pcid) {
        makePending();
        if (valid[0] + valid[1] + valid[2] == globals) {
            return;
        }
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != INVALID && (tags[i] & 0x1FFF) == pcid) {
                invalidate(i);
            }
        }
    }

    void invalidateAll() {
        makePending();
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != INVALID) {
                invalidate(i);
            }
        }
    }

    /**
     * For a run of first-touch faults (Mmu.uncachedRun): the index of the first of the n 4K pages from
     * page number vpn4k that an entry of this array, made or pending, maps for pcid (or globally); n
     * when none does. An entry the pending fills would evict still counts, so the answer may be early.
     * Changes nothing.
     */
    int firstCached(long vpn4k, int n, long pcid) {
        int first = n;
        if (pending) {
            long end = runEnd;
            if ((runBits & (GLOBAL_TAG | 0xFFF)) == pcid) {
                int shift = TlbGeometry.pageShift((int) (runBits >>> SIZE_SHIFT) & 3) - TlbGeometry.pageShift(0);
                first = firstWithin(vpn4k, first, shift, Math.max(runStart, end - entries), end);
            }
            if (end - runStart >= entries) {
                // the run's fills leave nothing older in the array
                return first;
            }
        }
        for (int size = 0; size < TlbGeometry.NR_SIZES && first > 0; size++) {
            if (valid[size] == 0) {
                continue;
            }
            int shift = TlbGeometry.pageShift(size) - TlbGeometry.pageShift(0);
            long lo = vpn4k >>> shift;
            long hi = (vpn4k + first - 1) >>> shift;
            if (hi - lo >= tags.length) {
                first = firstTagged(vpn4k, first, size, shift, pcid);
                continue;
            }
            for (long v = lo; v <= hi; v++) {
                long key = key(v, size);
                if (slotOf(key | pcid) >= 0 || (globals != 0 && slotOf(key | GLOBAL_TAG) >= 0)) {
                    first = Math.min(first, (int) Math.max(0, (v << shift) - vpn4k));
                    break;
                }
            }
        }
        return first;
    }

    /** The first i < n whose page vpn4k + i lies in pages [lo, hi) of 4K << shift bytes, else n. */
    private static int firstWithin(long vpn4k, int n, int shift, long lo, long hi) {
        long i = Math.max(0, (lo << shift) - vpn4k);
        return i < n && (vpn4k + i) >>> shift < hi ? (int) i : n;
    }

    /** firstCached() for one size by a scan of the ways, when the range has more pages than the array ways. */
    private int firstTagged(long vpn4k, int n, int size, int shift, long pcid) {
        int first = n;
        for (long tag : tags) {
            if (tag == INVALID || ((int) (tag >>> SIZE_SHIFT) & 3) != size
                    || ((tag & GLOBAL_TAG) == 0 && (tag & 0xFFF) != pcid)) {
                continue;
            }
            long v = tag >>> VPN_SHIFT;
            first = firstWithin(vpn4k, first, shift, v, v + 1);
        }
        return first;
    }

    /** Valid entries of {@code size}. */
    int occupancy(int size) {
        makePending();
        return valid[size];
    }
}
