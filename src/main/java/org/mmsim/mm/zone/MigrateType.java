/*
 * enum migratetype (include/linux/mmzone.h) without CMA, as on this host: the first three are the
 * per-CPU list types; HIGHATOMIC is the high-order atomic reserve; ISOLATE blocks stay out of use.
 */
package org.mmsim.mm.zone;

public final class MigrateType {
    private MigrateType() {
    }

    public static final int UNMOVABLE = 0;
    public static final int MOVABLE = 1;
    public static final int RECLAIMABLE = 2;
    public static final int PCPTYPES = 3;
    public static final int HIGHATOMIC = PCPTYPES;
    public static final int ISOLATE = 4;
    public static final int MIGRATE_TYPES = 5;

    /** Names as /proc/pagetypeinfo prints them (migratetype_names). */
    public static final String[] NAMES = {"Unmovable", "Movable", "Reclaimable", "HighAtomic", "Isolate"};

    /** Fallback order per type when its own free lists are empty (fallbacks[] in mm/page_alloc.c). */
    public static final int[][] FALLBACKS = {
        {RECLAIMABLE, MOVABLE},     // UNMOVABLE
        {RECLAIMABLE, UNMOVABLE},   // MOVABLE
        {UNMOVABLE, MOVABLE},       // RECLAIMABLE
    };
}
