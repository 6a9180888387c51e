/*
 * Slab cache flags (include/linux/slab.h, slab_flags_t) that change geometry, merging or
 * accounting here, plus the merge masks of mm/slab_common.c (SLAB_NEVER_MERGE, SLAB_MERGE_SAME).
 * Bit values are this simulator's own: Linux derives them from an enum whose layout depends on config.
 * Left out: the debug flags' metadata (red zones, poison, tracking) — caches are built as with
 * slub_debug off, and only their effect on merging is kept.
 */
package org.mmsim.mm.slab;

public final class SlabFlags {
    private SlabFlags() {
    }

    public static final int SLAB_CONSISTENCY_CHECKS = 1;
    public static final int SLAB_RED_ZONE = 1 << 1;
    public static final int SLAB_POISON = 1 << 2;
    public static final int SLAB_KMALLOC = 1 << 3;
    public static final int SLAB_HWCACHE_ALIGN = 1 << 4;
    public static final int SLAB_CACHE_DMA = 1 << 5;
    public static final int SLAB_CACHE_DMA32 = 1 << 6;
    public static final int SLAB_STORE_USER = 1 << 7;
    public static final int SLAB_PANIC = 1 << 8;
    public static final int SLAB_TYPESAFE_BY_RCU = 1 << 9;
    public static final int SLAB_TRACE = 1 << 10;
    public static final int SLAB_NOLEAKTRACE = 1 << 11;
    public static final int SLAB_NO_MERGE = 1 << 12;
    public static final int SLAB_FAILSLAB = 1 << 13;
    public static final int SLAB_ACCOUNT = 1 << 14;
    public static final int SLAB_RECLAIM_ACCOUNT = 1 << 15;

    public static final int SLAB_NEVER_MERGE = SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | SLAB_TRACE
            | SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | SLAB_FAILSLAB | SLAB_NO_MERGE;
    public static final int SLAB_MERGE_SAME = SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | SLAB_ACCOUNT;
    /** Flags under which SLUB keeps the free pointer outside the object (calculate_sizes). */
    static final int FREEPTR_OUTSIDE = SLAB_TYPESAFE_BY_RCU | SLAB_POISON;

    private static final String[] NAMES = {"SLAB_CONSISTENCY_CHECKS", "SLAB_RED_ZONE", "SLAB_POISON",
        "SLAB_KMALLOC", "SLAB_HWCACHE_ALIGN", "SLAB_CACHE_DMA", "SLAB_CACHE_DMA32", "SLAB_STORE_USER",
        "SLAB_PANIC", "SLAB_TYPESAFE_BY_RCU", "SLAB_TRACE", "SLAB_NOLEAKTRACE", "SLAB_NO_MERGE",
        "SLAB_FAILSLAB", "SLAB_ACCOUNT", "SLAB_RECLAIM_ACCOUNT"};

    /** Parses "SLAB_HWCACHE_ALIGN|SLAB_ACCOUNT" (or "0"); -1 if a name is unknown. */
    public static int parse(String text) {
        int flags = 0;
        for (String part : text.split("\\|")) {
            String p = part.trim();
            if (p.equals("0")) {
                continue;
            }
            int bit = -1;
            for (int i = 0; i < NAMES.length; i++) {
                if (NAMES[i].equals(p)) {
                    bit = 1 << i;
                }
            }
            if (bit < 0) {
                return -1;
            }
            flags |= bit;
        }
        return flags;
    }
}
