/*
 * struct zone (include/linux/mmzone.h): a range of one node's frames with its own buddy free lists,
 * watermarks, lowmem reserves, per-CPU page caches and counters. The logic lives in mm.buddy
 * (mm/page_alloc.c) and ZoneSetup; this is the data.
 * Left out: zone->lock (single-threaded simulation), CMA, the compaction cursors (a later issue).
 */
package org.mmsim.mm.zone;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.vmstat.ZoneStat;

import java.util.Arrays;

public final class Zone {
    public static final int MAX_PAGE_ORDER = 10;
    public static final int NR_PAGE_ORDERS = MAX_PAGE_ORDER + 1;
    public static final int WMARK_MIN = 0, WMARK_LOW = 1, WMARK_HIGH = 2, WMARK_PROMO = 3;
    /** zone->flags bits (enum zone_flags). */
    public static final int ZONE_BOOSTED_WATERMARK = 1, ZONE_RECLAIM_ACTIVE = 2, ZONE_BELOW_HIGH = 4;

    public final Node node;
    public final int type;
    /** Index in the machine's global zone array: node * MAX_NR_ZONES + type. */
    public final int id;

    public long startPfn;
    public long spannedPages;
    public long presentPages;
    public long managedPages;

    public final long[] watermark = new long[4];
    public long watermarkBoost;
    public final long[] lowmemReserve = new long[ZoneType.MAX_NR_ZONES];
    public long nrReservedHighatomic;
    public long nrFreeHighatomic;
    public int flags;
    /** "vm stats threshold" of /proc/zoneinfo (calculate_normal_threshold). */
    public int statThreshold;

    /** Free lists: head/tail per (order, migratetype), list index order * MIGRATE_TYPES + mt. */
    public final int[] freeHead = new int[NR_PAGE_ORDERS * MigrateType.MIGRATE_TYPES];
    public final int[] freeTail = new int[NR_PAGE_ORDERS * MigrateType.MIGRATE_TYPES];
    /** Blocks on each free list, for /proc/pagetypeinfo. */
    public final long[] freeListLength = new long[NR_PAGE_ORDERS * MigrateType.MIGRATE_TYPES];
    /** free_area[order].nr_free: blocks of that order on any list, for /proc/buddyinfo. */
    public final long[] nrFree = new long[NR_PAGE_ORDERS];

    public final long[] stats = new long[ZoneStat.COUNT];
    public final long[] numaStats = new long[NumaStat.COUNT];
    public PerCpuPages[] pcp = new PerCpuPages[0];

    public Zone(Node node, int type) {
        this.node = node;
        this.type = type;
        this.id = node.id * ZoneType.MAX_NR_ZONES + type;
        Arrays.fill(freeHead, MemMap.NIL);
        Arrays.fill(freeTail, MemMap.NIL);
    }

    public static int freeList(int order, int migratetype) {
        return order * MigrateType.MIGRATE_TYPES + migratetype;
    }

    public String name() {
        return ZoneType.NAMES[type];
    }

    public boolean populated() {
        return presentPages > 0;
    }

    public long endPfn() {
        return startPfn + spannedPages;
    }

    public boolean spans(long pfn) {
        return pfn >= startPfn && pfn < startPfn + spannedPages;
    }

    /** wmark_pages(): a watermark including the current boost. */
    public long wmark(int which) {
        return watermark[which] + watermarkBoost;
    }

    public long freePages() {
        return stats[ZoneStat.NR_FREE_PAGES];
    }

    /** Pages sitting on all CPUs' per-CPU lists of this zone. */
    public long pcpPages() {
        long n = 0;
        for (PerCpuPages p : pcp) {
            n += p.count;
        }
        return n;
    }
}
