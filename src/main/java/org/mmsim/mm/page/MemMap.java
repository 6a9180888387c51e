/*
 * The frame table: Linux's mem_map (struct page array, include/linux/mm_types.h) held as parallel
 * primitive arrays indexed by pfn, so hot paths never touch an object per frame.
 *
 * Host cost: six ints, 24 bytes per simulated 4 KiB frame. next/prev are the list_head shared, as in
 * Linux, by buddy free lists, per-CPU lists and (later) the LRU lists; priv is page_private (buddy
 * order, swap entry). Fields later mechanisms need for only some frames live in side tables.
 * Left out: struct folio's separate fields (a folio is its head page here), memcg_data, _last_cpupid.
 */
package org.mmsim.mm.page;

public final class MemMap {
    /** Bytes of host heap per simulated frame held by this table. */
    public static final int HOST_BYTES_PER_FRAME = 6 * Integer.BYTES;
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    /** A null link, like an empty list_head pointing nowhere. */
    public static final int NIL = -1;

    public final int nrFrames;
    public final int[] flags;
    public final int[] refcount;
    public final int[] mapcount;
    public final int[] next;
    public final int[] prev;
    public final int[] priv;

    public MemMap(long nrFrames) {
        if (nrFrames <= 0 || nrFrames > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frame count out of range: " + nrFrames);
        }
        this.nrFrames = (int) nrFrames;
        flags = new int[this.nrFrames];
        refcount = new int[this.nrFrames];
        mapcount = new int[this.nrFrames];
        next = new int[this.nrFrames];
        prev = new int[this.nrFrames];
        priv = new int[this.nrFrames];
    }

    public int pageType(int pfn) {
        return flags[pfn] & PageFlags.TYPE_MASK;
    }

    public void setPageType(int pfn, int type) {
        flags[pfn] = (flags[pfn] & ~PageFlags.TYPE_MASK) | type;
    }

    public boolean isBuddy(int pfn) {
        return (flags[pfn] & PageFlags.TYPE_MASK) == PageFlags.TYPE_BUDDY;
    }

    public boolean isReserved(int pfn) {
        return (flags[pfn] & PageFlags.PG_RESERVED) != 0;
    }
}
