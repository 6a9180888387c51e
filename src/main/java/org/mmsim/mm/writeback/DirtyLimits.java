/*
 * The global dirty thresholds (mm/page-writeback.c: global_dirtyable_memory, domain_dirty_limits,
 * global_dirty_limits) that /proc/vmstat reports as nr_dirty_threshold and
 * nr_dirty_background_threshold, with the vm.dirty_* defaults (Writeback registers the sysctls).
 * Left out: memcg domains, the real-time task boost, highmem (none on x86-64).
 */
package org.mmsim.mm.writeback;

import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;

public final class DirtyLimits {
    public static final int DEFAULT_DIRTY_RATIO = 20;
    public static final int DEFAULT_DIRTY_BACKGROUND_RATIO = 10;
    public static final long DEFAULT_DIRTY_BYTES = 0;
    public static final long DEFAULT_DIRTY_BACKGROUND_BYTES = 0;
    private static final long PAGE_SIZE = 4096;

    /** Both thresholds, in pages. */
    public record Thresholds(long background, long dirty) {
    }

    private DirtyLimits() {
    }

    /** global_dirtyable_memory(): free pages above the reserves plus the file LRUs, never 0. */
    public static long globalDirtyableMemory(Zones zones, long totalreservePages) {
        long x = 0;
        for (Zone z : zones.allZones()) {
            x += z.stats[ZoneStat.NR_FREE_PAGES];
        }
        x -= Math.min(x, totalreservePages);
        for (Node n : zones.nodes()) {
            x += n.stats[NodeStat.NR_INACTIVE_FILE] + n.stats[NodeStat.NR_ACTIVE_FILE];
        }
        return x + 1;
    }

    /** domain_dirty_limits(): ratios are scaled to per-PAGE_SIZE units first, for precision. */
    public static Thresholds compute(long available, int dirtyRatio, int backgroundRatio, long dirtyBytes,
                                     long backgroundBytes) {
        long ratio = dirtyRatio * PAGE_SIZE / 100;
        long bgRatio = backgroundRatio * PAGE_SIZE / 100;
        long thresh = dirtyBytes != 0 ? ceilDiv(dirtyBytes, PAGE_SIZE) : ratio * available / PAGE_SIZE;
        long bgThresh = backgroundBytes != 0 ? ceilDiv(backgroundBytes, PAGE_SIZE) : bgRatio * available / PAGE_SIZE;
        if (bgThresh >= thresh) {
            bgThresh = thresh / 2;
        }
        return new Thresholds(bgThresh, thresh);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
