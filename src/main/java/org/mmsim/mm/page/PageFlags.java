/*
 * Page flags (enum pageflags, include/linux/page-flags.h) and page types (enum pagetype), packed in
 * one int per frame: flags in the low 24 bits, the page type in the top 8 as Linux keeps page_type
 * apart from flags. Only the flags some mechanism uses are defined.
 */
package org.mmsim.mm.page;

public final class PageFlags {
    private PageFlags() {
    }

    public static final int PG_LOCKED = 1;
    public static final int PG_REFERENCED = 1 << 1;
    public static final int PG_UPTODATE = 1 << 2;
    public static final int PG_DIRTY = 1 << 3;
    public static final int PG_LRU = 1 << 4;
    public static final int PG_HEAD = 1 << 5;
    public static final int PG_ACTIVE = 1 << 6;
    public static final int PG_WORKINGSET = 1 << 7;
    public static final int PG_RESERVED = 1 << 8;
    public static final int PG_PRIVATE = 1 << 9;
    public static final int PG_WRITEBACK = 1 << 10;
    public static final int PG_SWAPBACKED = 1 << 11;
    public static final int PG_UNEVICTABLE = 1 << 12;
    public static final int PG_MLOCKED = 1 << 13;
    public static final int PG_RECLAIM = 1 << 14;
    public static final int PG_SWAPCACHE = 1 << 15;
    /** A tail page of a compound (__GFP_COMP) allocation; Linux encodes this in compound_head. */
    public static final int PG_TAIL = 1 << 16;
    /** Not a kernel flag: the frame lies in a hole of the physical map (no struct page in Linux). */
    public static final int PG_NOMAP = 1 << 17;
    /** PG_anon_exclusive: an anonymous page mapped by exactly one process, safe to reuse on a write fault. */
    public static final int PG_ANON_EXCLUSIVE = 1 << 18;

    public static final int TYPE_SHIFT = 24;
    public static final int TYPE_MASK = 0xff << TYPE_SHIFT;
    /** Free and in the buddy allocator (PG_buddy); the order sits in MemMap.priv. */
    public static final int TYPE_BUDDY = 1 << TYPE_SHIFT;
    /** Holds slab objects (PG_slab). */
    public static final int TYPE_SLAB = 2 << TYPE_SHIFT;
    /** A page-table page (PG_table). */
    public static final int TYPE_TABLE = 3 << TYPE_SHIFT;
    /** Backs a large kmalloc (PG_large_kmalloc). */
    public static final int TYPE_LARGE_KMALLOC = 4 << TYPE_SHIFT;
    /** On a per-CPU free list: free to the user's eye, allocated to the buddy's (no kernel type). */
    public static final int TYPE_PCP = 5 << TYPE_SHIFT;
}
