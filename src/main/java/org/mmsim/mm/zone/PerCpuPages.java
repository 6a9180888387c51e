/*
 * struct per_cpu_pages (include/linux/mmzone.h): one CPU's cache of free pages for one zone.
 * Lists are indexed as order_to_pindex does: migratetype-major for orders 0..PAGE_ALLOC_COSTLY_ORDER,
 * then one list for pageblock-order (THP) pages. Links are MemMap.next/prev.
 */
package org.mmsim.mm.zone;

import org.mmsim.mm.page.MemMap;

import java.util.Arrays;

public final class PerCpuPages {
    public static final int PAGE_ALLOC_COSTLY_ORDER = 3;
    public static final int NR_LOWORDER_PCP_LISTS = MigrateType.PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1);
    public static final int NR_PCP_LISTS = NR_LOWORDER_PCP_LISTS + 1;
    /** CONFIG_PCP_BATCH_SCALE_MAX default. */
    public static final int PCP_BATCH_SCALE_MAX = 5;
    /** pcp->flags bits. */
    public static final int PCPF_PREV_FREE_HIGH_ORDER = 1, PCPF_FREE_HIGH_BATCH = 2;

    public int count;
    /** Starts at 0 as the boot pageset's BOOT_PAGESET_HIGH, and moves between highMin and highMax. */
    public int high;
    public int highMin;
    public int highMax;
    public int batch = 1;
    public int allocFactor;
    public int freeCount;
    public int flags;
    public final int[] head = new int[NR_PCP_LISTS];
    public final int[] tail = new int[NR_PCP_LISTS];

    public PerCpuPages() {
        Arrays.fill(head, MemMap.NIL);
        Arrays.fill(tail, MemMap.NIL);
    }

    /** order_to_pindex(): which list holds pages of this migratetype and order. */
    public static int orderToPindex(int migratetype, int order) {
        if (order > PAGE_ALLOC_COSTLY_ORDER) {
            return NR_LOWORDER_PCP_LISTS;
        }
        return (MigrateType.PCPTYPES * order) + migratetype;
    }

    /** pindex_to_order(). */
    public static int pindexToOrder(int pindex, int pageblockOrder) {
        if (pindex == NR_LOWORDER_PCP_LISTS) {
            return pageblockOrder;
        }
        return pindex / MigrateType.PCPTYPES;
    }
}
