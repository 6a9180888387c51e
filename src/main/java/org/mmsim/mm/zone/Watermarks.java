/*
 * Zone watermarks and everything derived from them (mm/page_alloc.c: calculate_min_free_kbytes,
 * __setup_per_zone_wmarks, setup_per_zone_lowmem_reserve, calculate_totalreserve_pages,
 * zone_batchsize, zone_highsize, zone_set_pageset_high_and_batch; mm/vmstat.c:
 * calculate_normal_threshold; mm/khugepaged.c: set_recommended_min_free_kbytes), with the vm.*
 * tunables that drive them. Writing a tunable recomputes its dependants as the sysctl handlers do.
 * Left out: memory hotplug re-runs; ZONE_HIGHMEM (absent on x86-64).
 */
package org.mmsim.mm.zone;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Printk;
import org.mmsim.sim.Sysctl;

public final class Watermarks {
    public static final int MIN_PERCPU_PAGELIST_HIGH_FRACTION = 8;
    public static final long[] DEFAULT_LOWMEM_RESERVE_RATIO = {256, 256, 32, 0, 0};

    private final Zones zones;
    private final Printk printk;
    private int minFreeKbytes = 1024;
    private int userMinFreeKbytes = -1;
    private int watermarkScaleFactor = 10;
    private int watermarkBoostFactor = 15000;
    private int percpuPagelistHighFraction;
    private final long[] lowmemReserveRatio = DEFAULT_LOWMEM_RESERVE_RATIO.clone();
    /** Whether THP is enabled (always or madvise), so khugepaged raises min_free_kbytes. */
    private boolean hugepageFlagsEnabled;
    private long totalreservePages;

    public Watermarks(Zones zones, Printk printk) {
        this.zones = zones;
        this.printk = printk;
    }

    /** init_per_zone_wmark_min() and, when THP is enabled, khugepaged's start-up adjustment. */
    public void boot(boolean thpEnabled) {
        this.hugepageFlagsEnabled = thpEnabled;
        calculateMinFreeKbytes();
        setupPerZoneWmarks();
        refreshZoneStatThresholds();
        setupPerZoneLowmemReserve();
        if (thpEnabled) {
            setRecommendedMinFreeKbytes();
        }
    }

    public void registerSysctls(Sysctl sysctl) {
        sysctl.registerInt("vm.min_free_kbytes", () -> minFreeKbytes, 0, Integer.MAX_VALUE, v -> {
            minFreeKbytes = v;
            userMinFreeKbytes = v;
            setupPerZoneWmarks();
        });
        sysctl.registerInt("vm.watermark_scale_factor", () -> watermarkScaleFactor, 1, 3000, v -> {
            watermarkScaleFactor = v;
            setupPerZoneWmarks();
        });
        sysctl.registerInt("vm.watermark_boost_factor", () -> watermarkBoostFactor, 0, Integer.MAX_VALUE,
                v -> watermarkBoostFactor = v);
        sysctl.registerVector("vm.lowmem_reserve_ratio", lowmemReserveRatio::clone, Integer.MIN_VALUE,
                Integer.MAX_VALUE, v -> {
                    for (int i = 0; i < v.length; i++) {
                        lowmemReserveRatio[i] = v[i] < 1 ? 0 : v[i];
                    }
                    setupPerZoneLowmemReserve();
                });
        sysctl.registerInt("vm.percpu_pagelist_high_fraction", () -> percpuPagelistHighFraction, 0,
                Integer.MAX_VALUE, v -> {
                    if (v != 0 && v < MIN_PERCPU_PAGELIST_HIGH_FRACTION) {
                        throw new KernelError(Errno.EINVAL);
                    }
                    if (v != percpuPagelistHighFraction) {
                        percpuPagelistHighFraction = v;
                        updatePcpHighAndBatch();
                    }
                });
    }

    public int minFreeKbytes() {
        return minFreeKbytes;
    }

    public int watermarkBoostFactor() {
        return watermarkBoostFactor;
    }

    public long totalreservePages() {
        return totalreservePages;
    }

    /** nr_free_zone_pages(gfp_zone(GFP_USER)): managed pages above the high watermark up to ZONE_NORMAL. */
    public long nrFreeBufferPages() {
        long sum = 0;
        for (Zone z : zones.firstNodeZonelist()) {
            if (z.type > ZoneType.NORMAL) {
                continue;
            }
            long high = z.wmark(Zone.WMARK_HIGH);
            if (z.managedPages > high) {
                sum += z.managedPages - high;
            }
        }
        return sum;
    }

    /** calculate_min_free_kbytes(): sqrt(lowmem_kbytes * 16), clamped to [128, 262144]. */
    void calculateMinFreeKbytes() {
        long lowmemKbytes = nrFreeBufferPages() * 4;
        long computed = intSqrt(lowmemKbytes * 16);
        if (computed > userMinFreeKbytes) {
            minFreeKbytes = (int) Math.max(128, Math.min(262144, computed));
        } else {
            printk.warn("min_free_kbytes is not updated to " + computed
                    + " because user defined value " + userMinFreeKbytes + " is preferred");
        }
    }

    /** setup_per_zone_wmarks(): min split by managed share of lowmem; low/high/promo steps. */
    public void setupPerZoneWmarks() {
        long pagesMin = minFreeKbytes >> 2;
        long lowmemPages = 0;
        for (Zone z : zones.allZones()) {
            if (z.type != ZoneType.MOVABLE) {
                lowmemPages += z.managedPages;
            }
        }
        for (Zone z : zones.allZones()) {
            long tmp = lowmemPages == 0 ? 0 : pagesMin * z.managedPages / lowmemPages;
            if (z.type == ZoneType.MOVABLE) {
                // Like highmem: a small min that __GFP_HIGH/atomic users cannot get at anyway.
                long minPages = Math.max(32, Math.min(128, z.managedPages / 1024));
                z.watermark[Zone.WMARK_MIN] = minPages;
            } else {
                z.watermark[Zone.WMARK_MIN] = tmp;
            }
            long step = Math.max(tmp >> 2, z.managedPages * watermarkScaleFactor / 10000);
            z.watermarkBoost = 0;
            z.watermark[Zone.WMARK_LOW] = z.watermark[Zone.WMARK_MIN] + step;
            z.watermark[Zone.WMARK_HIGH] = z.watermark[Zone.WMARK_LOW] + step;
            z.watermark[Zone.WMARK_PROMO] = z.watermark[Zone.WMARK_HIGH] + step;
        }
        updatePcpHighAndBatch();
        calculateTotalreservePages();
    }

    /** setup_per_zone_lowmem_reserve(): pages each zone keeps back from allocations that could use higher zones. */
    public void setupPerZoneLowmemReserve() {
        for (Node node : zones.nodes()) {
            for (int i = 0; i < ZoneType.MAX_NR_ZONES - 1; i++) {
                Zone zone = node.zones[i];
                long ratio = lowmemReserveRatio[i];
                boolean clear = ratio == 0 || zone.managedPages == 0;
                long managed = 0;
                for (int j = i + 1; j < ZoneType.MAX_NR_ZONES; j++) {
                    managed += node.zones[j].managedPages;
                    zone.lowmemReserve[j] = clear ? 0 : managed / ratio;
                }
            }
        }
        calculateTotalreservePages();
    }

    /** calculate_totalreserve_pages(): high watermark plus largest lowmem reserve, per zone. */
    void calculateTotalreservePages() {
        long total = 0;
        for (Node node : zones.nodes()) {
            long nodeTotal = 0;
            for (int i = 0; i < ZoneType.MAX_NR_ZONES; i++) {
                Zone zone = node.zones[i];
                long max = 0;
                for (int j = i; j < ZoneType.MAX_NR_ZONES; j++) {
                    max = Math.max(max, zone.lowmemReserve[j]);
                }
                max += zone.wmark(Zone.WMARK_HIGH);
                max = Math.min(max, zone.managedPages);
                nodeTotal += max;
            }
            node.totalreservePages = nodeTotal;
            total += nodeTotal;
        }
        totalreservePages = total;
    }

    /** zone_batchsize(): about a quarter of a megabyte's worth, clamped to 2^n - 1. */
    public static int zoneBatchsize(long managedPages) {
        long batch = Math.min(managedPages >> 10, (1L << 20) / 4096);
        batch /= 4;
        if (batch < 1) {
            batch = 1;
        }
        return (int) (Long.highestOneBit(batch + batch / 2) - 1);
    }

    /** zone_highsize(): the low watermark (or managed/fraction) split across the node's CPUs. */
    int zoneHighsize(Zone zone, int batch, int highFraction) {
        long totalPages = highFraction == 0 ? zone.watermark[Zone.WMARK_LOW] : zone.managedPages / highFraction;
        int splitCpus = zone.node.cpus.length;
        if (splitCpus == 0) {
            splitCpus = zones.nrCpus();
        }
        long high = totalPages / splitCpus;
        return (int) Math.max(high, (long) batch << 2);
    }

    /** zone_pcp_update() for every zone: recompute per-CPU batch, high_min and high_max. */
    public void updatePcpHighAndBatch() {
        for (Zone zone : zones.allZones()) {
            int batch = Math.max(1, zoneBatchsize(zone.managedPages));
            int highMin;
            int highMax;
            if (percpuPagelistHighFraction != 0) {
                highMin = zoneHighsize(zone, batch, percpuPagelistHighFraction);
                highMax = highMin;
            } else {
                highMin = zoneHighsize(zone, batch, 0);
                highMax = zoneHighsize(zone, batch, MIN_PERCPU_PAGELIST_HIGH_FRACTION);
            }
            for (PerCpuPages pcp : zone.pcp) {
                pcp.batch = batch;
                pcp.highMin = highMin;
                pcp.highMax = highMax;
            }
        }
    }

    /** refresh_zone_stat_thresholds() with calculate_normal_threshold(). */
    void refreshZoneStatThresholds() {
        int fcpus = fls(zones.nrCpus());
        for (Zone zone : zones.allZones()) {
            long mem = zone.managedPages >> (27 - 12);
            zone.statThreshold = Math.min(125, 2 * fcpus * (1 + fls(mem)));
        }
    }

    /** khugepaged's set_recommended_min_free_kbytes(): room for fallback pageblocks per zone. */
    void setRecommendedMinFreeKbytes() {
        int nrZones = 0;
        for (Zone z : zones.allZones()) {
            if (z.populated() && z.type <= ZoneType.NORMAL) {
                nrZones++;
            }
        }
        long pageblock = 1L << Zones.PAGEBLOCK_ORDER;
        long recommended = pageblock * nrZones * 2;
        recommended += pageblock * nrZones * MigrateType.PCPTYPES * MigrateType.PCPTYPES;
        recommended = Math.min(recommended, nrFreeBufferPages() / 20);
        recommended <<= 2;
        if (recommended > minFreeKbytes) {
            if (userMinFreeKbytes >= 0) {
                printk.info("raising min_free_kbytes from " + minFreeKbytes + " to " + recommended
                        + " to help transparent hugepage allocations");
            }
            minFreeKbytes = (int) recommended;
        }
        setupPerZoneWmarks();
    }

    static long intSqrt(long x) {
        long r = (long) Math.sqrt((double) x);
        while (r * r > x) {
            r--;
        }
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }

    static int fls(long x) {
        return 64 - Long.numberOfLeadingZeros(x);
    }
}
