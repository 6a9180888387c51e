/*
 * The swap cache and swap-in (mm/swap_state.c): add_to_swap (a slot for an anonymous page about
 * to be written out, the page dirtied), __delete_from_swap_cache, swap_cache_get_folio with its
 * readahead-hit accounting (swap_ra_hit; swap_ra counts readahead pages), __read_swap_cache_async (a new page read from its slot, put in the
 * cache and on the LRU), swap_cluster_readahead over the page-cluster window sized by
 * swapin_nr_pages, and free_swap_and_cache for a zapped swap PTE. A page in the swap cache holds
 * a reference for it, has PG_swapcache with its entry in page_private, and counts in
 * NR_SWAPCACHED and NR_FILE_PAGES as in Linux. A page reclaim evicts leaves a shadow entry in its
 * slot (workingset_eviction) that a swap-in of the slot hands to workingset_refault(); freeing the
 * slot clears it.
 * Left out: VMA-based readahead (swap_vma_readahead; the host's swap would use it on an SSD, the
 * cluster readahead here is what rotating disks and vma_ra_enabled=false get), large folios, and
 * the swap-in time a readahead page saves (every read is charged when it is issued).
 */
package org.mmsim.mm.swap;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.memory.FrameContents;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmscan.Lru;
import org.mmsim.mm.vmscan.Workingset;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.CostModel;

public final class SwapCache {
    /** PG_readahead shares PG_reclaim's bit in Linux. */
    private static final int PG_READAHEAD = PageFlags.PG_RECLAIM;

    public final SwapFile swapFile;
    /**
     * Shadow entries and refault detection (mm/workingset.c) for the swap cache and the page cache;
     * made here because whether swap is free decides what counts as the workingset.
     */
    public final Workingset workingset;
    private final PageAlloc alloc;
    private final Zones zones;
    private final MemMap m;
    private final Lru lru;
    private final long[] events;
    /** vm.page-cluster. */
    private int pageCluster = 3;
    /** swapin_readahead_hits, prev_offset and last_readahead_pages of swapin_nr_pages(). */
    private int readaheadHits;
    private int prevOffset;
    private int lastReadaheadPages;

    public SwapCache(PageAlloc alloc, Lru lru, FrameContents frames, long[] events, CostModel.Sink cost) {
        this.alloc = alloc;
        this.zones = alloc.zones();
        this.m = zones.memMap;
        this.lru = lru;
        this.events = events;
        this.swapFile = new SwapFile(new SwapIo(frames, events, cost, zones.totalramPages()), zones.nrCpus());
        this.workingset = new Workingset(zones, lru, swapFile);
    }

    /** The compressed cache in front of the swap devices. */
    public Zswap zswap() {
        return swapFile.io.zswap;
    }

    /** The compressed RAM block device /dev/zram0. */
    public Zram zram() {
        return swapFile.io.zram;
    }

    public int pageCluster() {
        return pageCluster;
    }

    public void setPageCluster(int pageCluster) {
        this.pageCluster = pageCluster;
    }

    /** The swap entry of a page in the swap cache (folio->swap). */
    public int entryOf(int pfn) {
        return m.priv[pfn];
    }

    public static boolean inSwapCache(MemMap m, int pfn) {
        return (m.flags[pfn] & PageFlags.PG_SWAPCACHE) != 0;
    }

    /** add_to_swap(): a slot and a place in the swap cache for an anonymous page; false when swap is full. */
    public boolean addToSwap(int pfn) {
        int entry = swapFile.alloc(alloc.cpu());
        if (entry == 0) {
            return false;
        }
        add(pfn, entry);
        m.flags[pfn] |= PageFlags.PG_DIRTY;
        return true;
    }

    /** add_to_swap_cache(): the slot's SWAP_HAS_CACHE is already set. */
    private void add(int pfn, int entry) {
        SwapInfo si = swapFile.info(SwapFile.type(entry));
        si.cache[SwapFile.offset(entry)] = pfn;
        m.flags[pfn] |= PageFlags.PG_SWAPCACHE | PageFlags.PG_SWAPBACKED;
        m.priv[pfn] = entry;
        m.refcount[pfn]++;
        long[] stats = zones.zoneOf(pfn).node.stats;
        stats[NodeStat.NR_SWAPCACHED]++;
        stats[NodeStat.NR_FILE_PAGES]++;
    }

    /** delete_from_swap_cache(): out of the cache, the slot's cache bit and the cache's reference dropped. */
    public void delete(int pfn) {
        delete(pfn, 0);
    }

    /**
     * __remove_mapping() of a reclaimed swap-cache page: deleted as delete() does, leaving shadow
     * (workingset_eviction()) in the slot for a later swap-in to find, unless the slot is freed.
     */
    public void evict(int pfn, long shadow) {
        delete(pfn, shadow);
    }

    private void delete(int pfn, long shadow) {
        int entry = m.priv[pfn];
        SwapInfo si = swapFile.info(SwapFile.type(entry));
        int offset = SwapFile.offset(entry);
        si.cache[offset] = MemMap.NIL;
        if (shadow != 0) {
            if (si.shadow == null) {
                si.shadow = new long[si.maxPages];
            }
            si.shadow[offset] = shadow;
        }
        m.flags[pfn] &= ~(PageFlags.PG_SWAPCACHE | PG_READAHEAD);
        m.priv[pfn] = 0;
        long[] stats = zones.zoneOf(pfn).node.stats;
        stats[NodeStat.NR_SWAPCACHED]--;
        stats[NodeStat.NR_FILE_PAGES]--;
        swapFile.putCache(entry);
        alloc.freePages(pfn, 0);
    }

    /** swap_writeout() of a swap-cache page: its bytes to its slot, the page clean; false if no I/O was needed. */
    public boolean writePage(int pfn) {
        int entry = m.priv[pfn];
        m.flags[pfn] &= ~PageFlags.PG_DIRTY;
        return swapFile.io.write(swapFile.info(SwapFile.type(entry)), SwapFile.offset(entry), pfn);
    }

    /**
     * swap_cache_get_folio(): the cached page of the entry with a reference for the caller, or
     * NIL; finding a page readahead brought in counts a readahead hit.
     */
    public int lookup(int entry) {
        int pfn = swapFile.info(SwapFile.type(entry)).cache[SwapFile.offset(entry)];
        if (pfn == MemMap.NIL) {
            return pfn;
        }
        if ((m.flags[pfn] & PG_READAHEAD) != 0) {
            m.flags[pfn] &= ~PG_READAHEAD;
            readaheadHits++;
            events[VmEvent.SWAP_RA_HIT]++;
        }
        m.refcount[pfn]++;
        return pfn;
    }

    /**
     * swap_cluster_readahead(): reads the aligned window of swapin_nr_pages() slots around the
     * entry (used slots not yet cached), then the entry itself; its page with a reference for the
     * caller, or NIL when no page could be allocated.
     */
    public int swapinReadahead(int entry, int nid) {
        int offset = SwapFile.offset(entry);
        int type = SwapFile.type(entry);
        int mask = swapinNrPages(offset) - 1;
        if (mask != 0) {
            SwapInfo si = swapFile.info(type);
            int start = Math.max(1, offset & ~mask);
            int end = Math.min(offset | mask, si.maxPages - 1);
            for (int off = start; off <= end; off++) {
                if (off == offset || si.cache[off] != MemMap.NIL || si.count(off) == 0) {
                    continue;
                }
                int pfn = readSwapCacheAsync(SwapFile.entry(type, off), nid);
                if (pfn == MemMap.NIL) {
                    break;
                }
                m.flags[pfn] |= PG_READAHEAD;
                events[VmEvent.SWAP_RA]++;
                alloc.freePages(pfn, 0);
            }
        }
        return readSwapCacheAsync(entry, nid);
    }

    /** __read_swap_cache_async(): the entry's page, read in from its slot if not cached; NIL on OOM. */
    private int readSwapCacheAsync(int entry, int nid) {
        SwapInfo si = swapFile.info(SwapFile.type(entry));
        int off = SwapFile.offset(entry);
        int pfn = si.cache[off];
        if (pfn != MemMap.NIL) {
            m.refcount[pfn]++;
            return pfn;
        }
        pfn = alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, 0, nid);
        if (pfn == MemMap.NIL) {
            return pfn;
        }
        si.swapMap[off] |= SwapInfo.SWAP_HAS_CACHE;
        add(pfn, entry);
        m.flags[pfn] |= PageFlags.PG_UPTODATE;
        long shadow = si.shadow == null ? 0 : si.shadow[off];
        if (shadow != 0) {
            si.shadow[off] = 0;
            workingset.refault(pfn, shadow);
        }
        lru.add(pfn);
        if (swapFile.io.read(si, off, pfn) == SwapIo.READ_ZSWAP) {
            // an exclusive zswap load: the page is now the only copy
            m.flags[pfn] |= PageFlags.PG_DIRTY;
        }
        return pfn;
    }

    /** swapin_nr_pages(): the readahead window, grown by hits and shrunk no faster than by half. */
    private int swapinNrPages(int offset) {
        int maxPages = 1 << pageCluster;
        if (maxPages <= 1) {
            return 1;
        }
        int hits = readaheadHits;
        readaheadHits = 0;
        int pages = hits + 2;
        if (pages == 2) {
            if (offset != prevOffset + 1 && offset != prevOffset - 1) {
                pages = 1;
            }
        } else {
            int roundup = 4;
            while (roundup < pages) {
                roundup <<= 1;
            }
            pages = roundup;
        }
        pages = Math.min(pages, maxPages);
        pages = Math.max(pages, lastReadaheadPages / 2);
        if (hits == 0) {
            prevOffset = offset;
        }
        lastReadaheadPages = pages;
        return pages;
    }

    /**
     * free_swap_and_cache(): a zapped swap PTE drops its reference; a slot left with only the
     * cache's gives up its page when no one maps it (__try_to_reclaim_swap with TTRS_UNMAPPED).
     */
    public void freeSwapAndCache(int entry) {
        int left = swapFile.free(entry);
        if (left != 0) {
            return;
        }
        int pfn = swapFile.info(SwapFile.type(entry)).cache[SwapFile.offset(entry)];
        if (pfn != MemMap.NIL && m.mapcount[pfn] == 0) {
            delete(pfn);
        }
    }

    /**
     * free_swap_cache() as the unmap path's free_pages_and_swap_cache calls it: a page no longer
     * mapped leaves the swap cache unless some swap PTE still needs its slot (folio_free_swap).
     */
    public void freeSwapCache(int pfn) {
        if ((m.flags[pfn] & PageFlags.PG_SWAPCACHE) != 0 && m.mapcount[pfn] == 0 && swapFile.count(m.priv[pfn]) == 0) {
            delete(pfn);
        }
    }

    /**
     * folio_free_swap(): the page leaves the swap cache, dirty (it may be the only copy of its
     * data: zswap loads are exclusive), unless a swap PTE still needs its slot (folio_swapped).
     */
    public void freeSwap(int pfn) {
        if ((m.flags[pfn] & PageFlags.PG_SWAPCACHE) != 0 && swapFile.count(m.priv[pfn]) == 0) {
            m.flags[pfn] |= PageFlags.PG_DIRTY;
            delete(pfn);
        }
    }

    /** swap_free() for a swap PTE replaced by its page at swap-in. */
    public int swapFree(int entry) {
        return swapFile.free(entry);
    }

    /** The page cached for a slot, or NIL. */
    int cached(SwapInfo si, int offset) {
        return si.cache[offset];
    }
}
