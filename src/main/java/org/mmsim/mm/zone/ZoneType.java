/*
 * enum zone_type (include/linux/mmzone.h) for x86-64 with CONFIG_ZONE_DEVICE, as this host has it.
 */
package org.mmsim.mm.zone;

public final class ZoneType {
    private ZoneType() {
    }

    public static final int DMA = 0;
    public static final int DMA32 = 1;
    public static final int NORMAL = 2;
    public static final int MOVABLE = 3;
    public static final int DEVICE = 4;
    public static final int MAX_NR_ZONES = 5;

    /** Names as /proc/zoneinfo and /proc/buddyinfo print them. */
    public static final String[] NAMES = {"DMA", "DMA32", "Normal", "Movable", "Device"};
    /** Lower-case names as /proc/vmstat suffixes use them (pgalloc_dma32). */
    public static final String[] VMSTAT_SUFFIX = {"dma", "dma32", "normal", "movable", "device"};

    /** First pfn above ZONE_DMA (16 MiB) and above ZONE_DMA32 (4 GiB), x86-64's MAX_DMA_PFN, MAX_DMA32_PFN. */
    public static final long MAX_DMA_PFN = (16L << 20) >> 12;
    public static final long MAX_DMA32_PFN = (4L << 30) >> 12;
}
