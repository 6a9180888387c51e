/*
 * The LRU lists of each node (struct lruvec, include/linux/mm_inline.h lruvec_add_folio/
 * lruvec_del_folio/folio_lru_list, mm/swap.c folio_add_lru with its per-CPU lru_add folio batch,
 * lru_add_drain, __page_cache_release, lru_note_cost): inactive/active anon, inactive/active file
 * and unevictable, as intrusive lists through MemMap.next/prev. A page waiting in a CPU's batch
 * holds a reference and is not yet on a list (no PG_lru), as in Linux; zap paths drain the batch.
 * Every move keeps nr_{in,}active_{anon,file}/nr_unevictable (node) and nr_zone_* (zone) exact.
 * The list a page is on is remembered per frame, so a flag change while it sits there (MADV_FREE
 * clearing PG_swapbacked) cannot make a removal touch the wrong list.
 * Consecutive frames alike (a readahead folio's pages) are linked in one pass (addRun, and drains
 * of a batch holding such a run), with the same result as one by one.
 * Left out: memcg lruvecs (one lruvec per node), MGLRU (the host kernel is built without it), the
 * activate/deactivate/rotate batches (those moves happen at once), large folios.
 */
package org.mmsim.mm.vmscan;

import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.page.PageList;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;

import java.util.Arrays;

public final class Lru {
    /** enum lru_list: the node counters NR_LRU_BASE + lru and zone counters NR_ZONE_LRU_BASE + lru follow it. */
    public static final int INACTIVE_ANON = 0, ACTIVE_ANON = 1, INACTIVE_FILE = 2, ACTIVE_FILE = 3, UNEVICTABLE = 4;
    public static final int NR_LRU_LISTS = 5;
    /** LRU_ACTIVE and LRU_FILE offsets. */
    public static final int ACTIVE = 1, FILE = 2;
    /** PAGEVEC_SIZE: a folio_batch holds 31 folios in Linux 6.x. */
    public static final int FOLIO_BATCH_SIZE = 31;
    private static final byte NOT_ON_LRU = -1;

    private final Zones zones;
    private final MemMap m;
    private final PageAlloc alloc;
    /** List heads and tails, index nid * NR_LRU_LISTS + lru. */
    final int[] head;
    final int[] tail;
    /** The list each frame is on, or NOT_ON_LRU, in chunks of 2^CHUNK_SHIFT frames made on first use. */
    private final byte[][] onList;
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;
    /** The vm events (unevictable_pgs_culled is counted here). */
    private final long[] vmEvents;
    /** Per CPU: the lru_add batch (cpu_fbatches.lru_add). */
    private final int[][] addBatch;
    private final int[] addBatchCount;
    /** lruvec->anon_cost and file_cost, per node. */
    final long[] anonCost;
    final long[] fileCost;

    public Lru(PageAlloc alloc, long[] vmEvents) {
        this.vmEvents = vmEvents;
        this.alloc = alloc;
        this.zones = alloc.zones();
        this.m = zones.memMap;
        int lists = zones.nrNodes() * NR_LRU_LISTS;
        head = new int[lists];
        tail = new int[lists];
        Arrays.fill(head, MemMap.NIL);
        Arrays.fill(tail, MemMap.NIL);
        onList = new byte[(m.nrFrames >>> CHUNK_SHIFT) + 1][];
        addBatch = new int[zones.nrCpus()][FOLIO_BATCH_SIZE];
        addBatchCount = new int[zones.nrCpus()];
        anonCost = new long[zones.nrNodes()];
        fileCost = new long[zones.nrNodes()];
        alloc.setLruRelease(this::release);
    }

    /** folio_is_file_lru(): page cache that is not swap-backed (shmem is). */
    public static boolean isFileLru(int flags) {
        return (flags & PageFlags.PG_SWAPBACKED) == 0;
    }

    /** folio_lru_list(). */
    public static int lruOf(int flags) {
        if ((flags & PageFlags.PG_UNEVICTABLE) != 0) {
            return UNEVICTABLE;
        }
        int lru = isFileLru(flags) ? INACTIVE_FILE : INACTIVE_ANON;
        return (flags & PageFlags.PG_ACTIVE) != 0 ? lru + ACTIVE : lru;
    }

    /** lruvec_lru_size() over the whole node. */
    public long size(int nid, int lru) {
        return zones.node(nid).stats[NodeStat.NR_INACTIVE_ANON + lru];
    }

    /** Pages of the list in zones up to zoneIdx (lruvec_lru_size with a reclaim_idx). */
    public long size(int nid, int lru, int zoneIdx) {
        long n = 0;
        Zone[] zs = zones.node(nid).zones;
        for (int z = 0; z <= zoneIdx && z < zs.length; z++) {
            n += zs[z].stats[ZoneStat.NR_ZONE_INACTIVE_ANON + lru];
        }
        return n;
    }

    /**
     * folio_add_lru(): a new page (anonymous, page cache or swap cache) goes to this CPU's batch,
     * which holds a reference, and the batch drains into the lists when full.
     */
    public void add(int pfn) {
        int cpu = alloc.cpu();
        m.refcount[pfn]++;
        int[] batch = addBatch[cpu];
        batch[addBatchCount[cpu]++] = pfn;
        if (addBatchCount[cpu] == FOLIO_BATCH_SIZE) {
            drainCpu(cpu);
        }
    }

    /**
     * How many add() calls of pages holding references of their own this CPU's batch takes before
     * a drain frees a page (one whose only reference is the batch's, left there when its mapping
     * went on another CPU): the add that drains it is the last counted; Integer.MAX_VALUE when no
     * drain would free anything.
     */
    public int addsBeforeFreeingDrain() {
        int cpu = alloc.cpu();
        int n = addBatchCount[cpu];
        int[] batch = addBatch[cpu];
        for (int i = 0; i < n; i++) {
            if (m.refcount[batch[i]] == 1) {
                return FOLIO_BATCH_SIZE - n;
            }
        }
        return Integer.MAX_VALUE;
    }

    /**
     * folio_add_lru() of the frames [pfn, pfn + n) in ascending order, each already holding a
     * reference of its own (new page-cache pages): the same batch, list order, flags and counters as
     * n add() calls, but each stretch of the run a drain would take goes onto its list in one pass.
     */
    public void addRun(int pfn, int n) {
        int cpu = alloc.cpu();
        int end = pfn + n;
        while (pfn < end) {
            int room = FOLIO_BATCH_SIZE - addBatchCount[cpu];
            if (end - pfn < room) {
                for (; pfn < end; pfn++) {
                    add(pfn);
                }
                return;
            }
            // the batch's pages, then the run's next `room` pages, as the add that fills it drains them
            drainCpu(cpu);
            for (int stop = pfn + room; pfn < stop; ) {
                int k = alikeRun(pfn, stop - pfn);
                if (k == 0) {
                    m.refcount[pfn]++;
                    drainOne(pfn++);
                } else {
                    // the batch's reference would be taken and dropped again: no change
                    linkAlike(pfn, k);
                    pfn += k;
                }
            }
        }
    }

    /**
     * How many of the k consecutive frames from pfn on drainOne() treats alike: the same flags,
     * without PG_mlocked, in one zone (0 if the first is mlocked).
     */
    private int alikeRun(int pfn, int k) {
        int[] flags = m.flags;
        int f0 = flags[pfn];
        if ((f0 & PageFlags.PG_MLOCKED) != 0) {
            return 0;
        }
        int zone = zones.zoneIdOf(pfn);
        int n = 1;
        while (n < k && flags[pfn + n] == f0 && zones.zoneIdOf(pfn + n) == zone) {
            n++;
        }
        return n;
    }

    /** drainOne()'s linking of k consecutive frames alikeRun() found alike, in one pass. */
    private void linkAlike(int pfn, int k) {
        int[] flags = m.flags;
        int lru = lruOf(flags[pfn]);
        Zone z = zones.zoneOf(pfn);
        // k heads added in turn: the list starts at the last of them and runs down to the old head
        int list = z.node.id * NR_LRU_LISTS + lru;
        int first = head[list];
        int[] next = m.next;
        int[] prev = m.prev;
        for (int q = pfn, last = pfn + k - 1; q <= last; q++) {
            flags[q] |= PageFlags.PG_LRU;
            next[q] = q == pfn ? first : q - 1;
            prev[q] = q == last ? MemMap.NIL : q + 1;
        }
        if (first == MemMap.NIL) {
            tail[list] = pfn;
        } else {
            prev[first] = pfn;
        }
        head[list] = pfn + k - 1;
        for (int q = pfn; q < pfn + k; ) {
            byte[] chunk = onListChunk(q);
            int stop = Math.min(pfn + k, (q | CHUNK_MASK) + 1);
            Arrays.fill(chunk, q & CHUNK_MASK, ((stop - 1) & CHUNK_MASK) + 1, (byte) lru);
            q = stop;
        }
        z.node.stats[NodeStat.NR_INACTIVE_ANON + lru] += k;
        z.stats[ZoneStat.NR_ZONE_INACTIVE_ANON + lru] += k;
    }

    /** lru_add_drain(): this CPU's batch into the lists. */
    public void drain() {
        drainCpu(alloc.cpu());
    }

    /** lru_add_drain_all(). */
    public void drainAll() {
        for (int cpu = 0; cpu < addBatch.length; cpu++) {
            drainCpu(cpu);
        }
    }

    private void drainCpu(int cpu) {
        int n = addBatchCount[cpu];
        addBatchCount[cpu] = 0;
        int[] batch = addBatch[cpu];
        for (int i = 0; i < n; ) {
            int pfn = batch[i];
            int j = i + 1;
            while (j < n && batch[j] == pfn + (j - i)) {
                j++;
            }
            int k = alikeRun(pfn, j - i);
            if (k < 2) {
                drainOne(pfn);
                i++;
                continue;
            }
            // consecutive frames (a large folio's pages): linked at once, then each batch reference dropped
            linkAlike(pfn, k);
            for (int q = pfn; q < pfn + k; q++) {
                alloc.freePages(q, 0);
            }
            i += k;
        }
    }

    /** lru_add() of one page from the batch, then the batch's reference dropped. */
    private void drainOne(int pfn) {
        // folio_evictable() decides between the evictable lists and unevictable
        if ((m.flags[pfn] & PageFlags.PG_MLOCKED) != 0) {
            if ((m.flags[pfn] & PageFlags.PG_UNEVICTABLE) == 0) {
                vmEvents[VmEvent.UNEVICTABLE_PGS_CULLED]++;
            }
            m.flags[pfn] = (m.flags[pfn] & ~PageFlags.PG_ACTIVE) | PageFlags.PG_UNEVICTABLE;
        }
        m.flags[pfn] |= PageFlags.PG_LRU;
        link(pfn, lruOf(m.flags[pfn]), true);
        alloc.freePages(pfn, 0);
    }

    /** lruvec_add_folio() (at the head) or lruvec_add_folio_tail(). */
    void link(int pfn, int lru, boolean atHead) {
        Zone z = zones.zoneOf(pfn);
        int list = z.node.id * NR_LRU_LISTS + lru;
        if (atHead) {
            PageList.addHead(m, head, tail, list, pfn);
        } else {
            PageList.addTail(m, head, tail, list, pfn);
        }
        onListChunk(pfn)[pfn & CHUNK_MASK] = (byte) lru;
        z.node.stats[NodeStat.NR_INACTIVE_ANON + lru]++;
        z.stats[ZoneStat.NR_ZONE_INACTIVE_ANON + lru]++;
    }

    /** The chunk of onList holding pfn's entry, made on first use. */
    private byte[] onListChunk(int pfn) {
        byte[] chunk = onList[pfn >>> CHUNK_SHIFT];
        if (chunk == null) {
            chunk = new byte[1 << CHUNK_SHIFT];
            Arrays.fill(chunk, NOT_ON_LRU);
            onList[pfn >>> CHUNK_SHIFT] = chunk;
        }
        return chunk;
    }

    /** lruvec_del_folio(): off whatever list the page is on; returns that list. */
    int unlink(int pfn) {
        byte[] chunk = onList[pfn >>> CHUNK_SHIFT];
        int lru = chunk[pfn & CHUNK_MASK];
        Zone z = zones.zoneOf(pfn);
        PageList.del(m, head, tail, z.node.id * NR_LRU_LISTS + lru, pfn);
        chunk[pfn & CHUNK_MASK] = NOT_ON_LRU;
        z.node.stats[NodeStat.NR_INACTIVE_ANON + lru]--;
        z.stats[ZoneStat.NR_ZONE_INACTIVE_ANON + lru]--;
        return lru;
    }

    /**
     * isolate_lru_folios()' move off list lru of node nid, leaving the size counters to one
     * updateLruSize per batch (update_lru_sizes with nr_zone_taken).
     */
    void delUncounted(int pfn, int nid, int lru) {
        PageList.del(m, head, tail, nid * NR_LRU_LISTS + lru, pfn);
        onList[pfn >>> CHUNK_SHIFT][pfn & CHUNK_MASK] = NOT_ON_LRU;
    }

    /** move_folios_to_lru()'s lruvec_add_folio() at the head of a list the page was on before; counters as delUncounted. */
    void addUncounted(int pfn, int nid, int lru) {
        PageList.addHead(m, head, tail, nid * NR_LRU_LISTS + lru, pfn);
        onList[pfn >>> CHUNK_SHIFT][pfn & CHUNK_MASK] = (byte) lru;
    }

    /** update_lru_size(): nr pages of zone z joined list lru (left it when negative). */
    void updateLruSize(Zone z, int lru, long nr) {
        z.node.stats[NodeStat.NR_INACTIVE_ANON + lru] += nr;
        z.stats[ZoneStat.NR_ZONE_INACTIVE_ANON + lru] += nr;
    }

    /**
     * __mlock_folio(): a page on an evictable list moves to the unevictable list (counted as culled).
     * A page not on a list (still in an lru_add batch, or isolated) is left to whoever puts it back:
     * lru_add sees PG_mlocked.
     */
    public void mlockMove(int pfn) {
        int flags = m.flags[pfn];
        if ((flags & PageFlags.PG_LRU) == 0 || (flags & PageFlags.PG_UNEVICTABLE) != 0) {
            return;
        }
        unlink(pfn);
        m.flags[pfn] = (flags & ~PageFlags.PG_ACTIVE) | PageFlags.PG_UNEVICTABLE;
        link(pfn, UNEVICTABLE, true);
        vmEvents[VmEvent.UNEVICTABLE_PGS_CULLED]++;
    }

    /**
     * __munlock_folio() for the last lock: the page leaves the unevictable list for the inactive
     * list of its type (counted as rescued).
     */
    public void munlockMove(int pfn) {
        int flags = m.flags[pfn];
        if ((flags & PageFlags.PG_UNEVICTABLE) == 0) {
            return;
        }
        m.flags[pfn] = flags & ~PageFlags.PG_UNEVICTABLE;
        if ((flags & PageFlags.PG_LRU) != 0) {
            unlink(pfn);
            link(pfn, lruOf(m.flags[pfn]), true);
        }
        vmEvents[VmEvent.UNEVICTABLE_PGS_RESCUED]++;
    }

    /**
     * folio_activate() (mark_page_accessed's second touch; the caller set PG_active): a page on an
     * inactive list moves to the head of its active list; one still in an lru_add batch gets there
     * when the batch drains.
     */
    public void activate(int pfn) {
        int flags = m.flags[pfn];
        if ((flags & PageFlags.PG_LRU) == 0 || (flags & PageFlags.PG_UNEVICTABLE) != 0) {
            return;
        }
        unlink(pfn);
        link(pfn, lruOf(flags), true);
    }

    /** __page_cache_release() from the allocator: the last reference went while the page was on a list. */
    private void release(int pfn) {
        unlink(pfn);
        m.flags[pfn] &= ~PageFlags.PG_LRU;
    }

    /**
     * lru_lazyfree() for MADV_FREE: an anonymous page that is no longer swap-backed moves to the
     * inactive file list, where reclaim can discard it without swap; pglazyfree counts it.
     * Clears PG_swapbacked itself, as Linux does under the LRU lock.
     */
    public void lazyfree(int pfn, long[] events) {
        int flags = m.flags[pfn];
        if ((flags & PageFlags.PG_SWAPBACKED) == 0 || (flags & PageFlags.PG_UNEVICTABLE) != 0) {
            return;
        }
        boolean onLru = (flags & PageFlags.PG_LRU) != 0;
        if (onLru) {
            unlink(pfn);
        }
        m.flags[pfn] = flags & ~(PageFlags.PG_ACTIVE | PageFlags.PG_REFERENCED | PageFlags.PG_SWAPBACKED);
        if (onLru) {
            link(pfn, INACTIVE_FILE, true);
        }
        events[org.mmsim.mm.vmstat.VmEvent.PGLAZYFREE]++;
    }

    /** lru_note_cost(): I/O and rotations charged to the list type, decayed against the LRU size. */
    void noteCost(int nid, boolean file, long nrIo, long nrRotated) {
        long cost = nrIo * Vmscan.SWAP_CLUSTER_MAX + nrRotated;
        if (file) {
            fileCost[nid] += cost;
        } else {
            anonCost[nid] += cost;
        }
        long[] s = zones.node(nid).stats;
        long lrusize = s[NodeStat.NR_INACTIVE_ANON] + s[NodeStat.NR_ACTIVE_ANON] + s[NodeStat.NR_INACTIVE_FILE]
                + s[NodeStat.NR_ACTIVE_FILE];
        if (fileCost[nid] + anonCost[nid] > lrusize / 4) {
            fileCost[nid] /= 2;
            anonCost[nid] /= 2;
        }
    }

    /** The tail (oldest page) of a list, or NIL. */
    int tail(int nid, int lru) {
        return tail[nid * NR_LRU_LISTS + lru];
    }
}
