/*
 * Per-zone counters (enum zone_stat_item, include/linux/mmzone.h, Linux 6.18), in /proc/vmstat order.
 */
package org.mmsim.mm.vmstat;

public final class ZoneStat {
    private ZoneStat() {
    }
    public static final int NR_FREE_PAGES = 0;
    public static final int NR_FREE_PAGES_BLOCKS = 1;
    public static final int NR_ZONE_INACTIVE_ANON = 2;
    public static final int NR_ZONE_ACTIVE_ANON = 3;
    public static final int NR_ZONE_INACTIVE_FILE = 4;
    public static final int NR_ZONE_ACTIVE_FILE = 5;
    public static final int NR_ZONE_UNEVICTABLE = 6;
    public static final int NR_ZONE_WRITE_PENDING = 7;
    public static final int NR_MLOCK = 8;
    public static final int NR_ZSPAGES = 9;
    public static final int NR_FREE_CMA = 10;
    public static final int COUNT = 11;

    /** Names as /proc/vmstat and /proc/zoneinfo print them, indexed by the constants above. */
    public static final String[] NAMES = {
        "nr_free_pages",
        "nr_free_pages_blocks",
        "nr_zone_inactive_anon",
        "nr_zone_active_anon",
        "nr_zone_inactive_file",
        "nr_zone_active_file",
        "nr_zone_unevictable",
        "nr_zone_write_pending",
        "nr_mlock",
        "nr_zspages",
        "nr_free_cma",
    };
}
