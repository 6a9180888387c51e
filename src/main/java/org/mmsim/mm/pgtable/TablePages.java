/*
 * Page-table pages (include/linux/mm.h pagetable_alloc/pagetable_free, the ptdesc constructors
 * __pagetable_ctor/pagetable_dtor): a table page is a real frame from the page allocator,
 * GFP_PGTABLE_USER (GFP_KERNEL_ACCOUNT | __GFP_ZERO), typed PG_table and counted in the node's
 * NR_PAGETABLE. Its 512 entries live on the host in a long[512] slot whose number is kept in the
 * frame's page_private, so a walk goes entry -> pfn -> slot as the MMU goes entry -> physical address.
 * Shared by every address space of one machine. Leaves out memcg charging, split page-table locks
 * and RCU-deferred freeing (tlb_remove_table: tables are freed at once).
 */
package org.mmsim.mm.pgtable;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Zones;

import java.util.Arrays;

public final class TablePages {
    public static final int PTRS_PER_TABLE = 512;
    /** GFP_PGTABLE_USER (include/asm-generic/pgalloc.h). */
    public static final int GFP_PGTABLE_USER = Gfp.GFP_KERNEL_ACCOUNT | Gfp.__GFP_ZERO;

    private final PageAlloc alloc;
    private final Zones zones;
    private final MemMap m;
    private long[][] slots = new long[64][];
    private int[] freeSlots = new int[64];
    private int nrFree;
    private int nrSlots;
    private long inUse;

    public TablePages(PageAlloc alloc) {
        this.alloc = alloc;
        this.zones = alloc.zones();
        this.m = zones.memMap;
    }

    /** pagetable_alloc() + ctor: a zeroed table page, or MemMap.NIL when the allocator fails. */
    public int alloc(int nid) {
        int pfn = alloc.allocPages(GFP_PGTABLE_USER, 0, nid);
        if (pfn == MemMap.NIL) {
            return MemMap.NIL;
        }
        int slot;
        if (nrFree > 0) {
            slot = freeSlots[--nrFree];
            Arrays.fill(slots[slot], 0L);
        } else {
            if (nrSlots == slots.length) {
                slots = Arrays.copyOf(slots, nrSlots * 2);
            }
            slot = nrSlots++;
            slots[slot] = new long[PTRS_PER_TABLE];
        }
        m.setPageType(pfn, PageFlags.TYPE_TABLE);
        m.priv[pfn] = slot;
        zones.zoneOf(pfn).node.stats[NodeStat.NR_PAGE_TABLE_PAGES]++;
        inUse++;
        return pfn;
    }

    /** pagetable_dtor() + pagetable_free(). */
    public void free(int pfn) {
        if (m.pageType(pfn) != PageFlags.TYPE_TABLE) {
            throw new IllegalStateException("freeing a non-table page as a table: pfn " + pfn);
        }
        int slot = m.priv[pfn];
        if (nrFree == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, nrFree * 2);
        }
        freeSlots[nrFree++] = slot;
        m.setPageType(pfn, 0);
        m.priv[pfn] = 0;
        zones.zoneOf(pfn).node.stats[NodeStat.NR_PAGE_TABLE_PAGES]--;
        inUse--;
        alloc.freePages(pfn, 0);
    }

    /** The entries of table page pfn. */
    public long[] entries(int pfn) {
        return slots[m.priv[pfn]];
    }

    /** Table pages currently allocated, over all address spaces. */
    public long inUse() {
        return inUse;
    }

    public MemMap memMap() {
        return m;
    }
}
