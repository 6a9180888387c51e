/*
 * Per-zone NUMA allocation events (enum numa_stat_item, include/linux/mmzone.h).
 */
package org.mmsim.mm.vmstat;

public final class NumaStat {
    private NumaStat() {
    }
    public static final int NUMA_HIT = 0;
    public static final int NUMA_MISS = 1;
    public static final int NUMA_FOREIGN = 2;
    public static final int NUMA_INTERLEAVE = 3;
    public static final int NUMA_LOCAL = 4;
    public static final int NUMA_OTHER = 5;
    public static final int COUNT = 6;

    /** Names as /proc/vmstat and /proc/zoneinfo print them, indexed by the constants above. */
    public static final String[] NAMES = {
        "numa_hit",
        "numa_miss",
        "numa_foreign",
        "numa_interleave",
        "numa_local",
        "numa_other",
    };
}
