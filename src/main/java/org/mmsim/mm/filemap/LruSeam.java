/*
 * Where the page cache meets the LRU lists (mm/swap.c: folio_add_lru, folio_activate;
 * mm/filemap.c: filemap_unaccount_folio's lruvec_del_folio): the page cache says when a page
 * enters the cache, is promoted by mark_page_accessed()'s second touch, and leaves; the LRU
 * decides what that means for its lists. Counters is the implementation until reclaim's lists
 * take these calls over.
 */
package org.mmsim.mm.filemap;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;

public interface LruSeam {
    /** folio_add_lru(): a new cache page goes on its inactive list (anon for swap-backed shmem, else file). */
    void add(int pfn);

    /** folio_activate(): the page moves to its active list (PG_active is already set). */
    void activate(int pfn);

    /** lruvec_del_folio(): the page leaves the cache and its list. */
    void delete(int pfn);

    /** Keeps only the per-list page counts (NR_ACTIVE_FILE, NR_INACTIVE_FILE, ... per node and zone). */
    final class Counters implements LruSeam {
        private final Zones zones;
        private final MemMap m;

        public Counters(Zones zones) {
            this.zones = zones;
            this.m = zones.memMap;
        }

        @Override
        public void add(int pfn) {
            m.flags[pfn] |= PageFlags.PG_LRU;
            count(pfn, 1);
        }

        @Override
        public void activate(int pfn) {
            int f = m.flags[pfn];
            m.flags[pfn] = f & ~PageFlags.PG_ACTIVE;
            count(pfn, -1);
            m.flags[pfn] = f;
            count(pfn, 1);
        }

        @Override
        public void delete(int pfn) {
            count(pfn, -1);
            m.flags[pfn] &= ~(PageFlags.PG_LRU | PageFlags.PG_ACTIVE | PageFlags.PG_REFERENCED);
        }

        /** folio_lru_list(): which list the page's flags put it on. */
        private void count(int pfn, int delta) {
            int f = m.flags[pfn];
            boolean anon = (f & PageFlags.PG_SWAPBACKED) != 0, active = (f & PageFlags.PG_ACTIVE) != 0;
            Zone z = zones.zoneOf(pfn);
            int nodeItem = anon ? (active ? NodeStat.NR_ACTIVE_ANON : NodeStat.NR_INACTIVE_ANON)
                    : (active ? NodeStat.NR_ACTIVE_FILE : NodeStat.NR_INACTIVE_FILE);
            int zoneItem = anon ? (active ? ZoneStat.NR_ZONE_ACTIVE_ANON : ZoneStat.NR_ZONE_INACTIVE_ANON)
                    : (active ? ZoneStat.NR_ZONE_ACTIVE_FILE : ZoneStat.NR_ZONE_INACTIVE_FILE);
            z.node.stats[nodeItem] += delta;
            z.stats[zoneItem] += delta;
        }
    }
}
