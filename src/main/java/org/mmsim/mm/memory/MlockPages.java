/*
 * The page half of mlock, mm/mlock.c: mlock_new_folio() for a page faulted into a VM_LOCKED
 * mapping, mlock_folio()/munlock_folio() when mlock(2), munlock(2) or mlockall change a range's
 * VM_LOCKED (mlock_pte_range), and munlock_vma_folio() when a locked mapping of a page goes
 * (unmap, exit, the OOM reaper, a copy-on-write replacing it). Each page keeps PG_mlocked and its
 * mlock_count (how many locked mappings hold it); the counters are NR_MLOCK (Mlocked), the
 * unevictable_pgs_mlocked/munlocked events. Only anonymous pages are counted.
 * The LRU lists (mm.vmscan.Lru) move the pages and count NR_UNEVICTABLE, culled and rescued: a
 * new page of a locked mapping reaches the unevictable list through the lru_add batch. Left out: mlock folio batches (applied at once), THP,
 * file pages in locked mappings, and unevictable_pgs_stranded/cleared (nothing frees a locked page
 * without unmapping it first).
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;

public final class MlockPages {
    /** mlock_count side table, by chunk of 2^12 frames, made on first use. */
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

    private final UserMemory um;
    private final int[][] mlockCount;

    MlockPages(UserMemory um) {
        this.um = um;
        this.mlockCount = new int[(um.m.nrFrames >>> CHUNK_SHIFT) + 1][];
    }

    private int count(int pfn) {
        int[] c = mlockCount[pfn >>> CHUNK_SHIFT];
        return c == null ? 0 : c[pfn & CHUNK_MASK];
    }

    private void setCount(int pfn, int v) {
        int[] c = mlockCount[pfn >>> CHUNK_SHIFT];
        if (c == null) {
            c = new int[1 << CHUNK_SHIFT];
            mlockCount[pfn >>> CHUNK_SHIFT] = c;
        }
        c[pfn & CHUNK_MASK] = v;
    }

    /** mlock_new_folio(): a new page of a locked mapping goes straight to the unevictable list. */
    public void mlockNewFolio(int pfn) {
        um.m.flags[pfn] |= PageFlags.PG_MLOCKED;
        addMlocked(pfn, 1);
        um.vmEvents[VmEvent.UNEVICTABLE_PGS_MLOCKED]++;
        setCount(pfn, 1);
    }

    /** mlock_folio(): one more locked mapping holds the page. */
    public void mlockFolio(int pfn) {
        if ((um.m.flags[pfn] & PageFlags.PG_MLOCKED) == 0) {
            um.m.flags[pfn] |= PageFlags.PG_MLOCKED;
            addMlocked(pfn, 1);
            um.vmEvents[VmEvent.UNEVICTABLE_PGS_MLOCKED]++;
            setCount(pfn, 1);
            um.lru.mlockMove(pfn);
        } else {
            setCount(pfn, count(pfn) + 1);
        }
    }

    /** munlock_folio(): a locked mapping let go; the last one makes the page evictable again. */
    public void munlockFolio(int pfn) {
        if ((um.m.flags[pfn] & PageFlags.PG_MLOCKED) == 0) {
            return;
        }
        int c = count(pfn);
        if (c > 1) {
            setCount(pfn, c - 1);
            return;
        }
        setCount(pfn, 0);
        um.m.flags[pfn] &= ~PageFlags.PG_MLOCKED;
        addMlocked(pfn, -1);
        um.vmEvents[VmEvent.UNEVICTABLE_PGS_MUNLOCKED]++;
        um.lru.munlockMove(pfn);
    }

    /** mlock_pte_range(): every anonymous page mapped in [start, end) is mlocked (or munlocked). */
    public void applyRange(PageTable pt, long start, long end, boolean lock) {
        for (long a = start; a < end; a += 4096) {
            long[] t = pt.pteTable(a);
            if (t == null) {
                a = ((a + PageTable.PMD_SIZE) & -PageTable.PMD_SIZE) - 4096;
                continue;
            }
            long e = t[PageTable.pteIndex(a)];
            if (!Pte.present(e) || (e & Pte.SPECIAL) != 0) {
                continue;
            }
            int pfn = Pte.pfn(e);
            if (!um.rmap.isAnon(pfn)) {
                continue;
            }
            if (lock) {
                mlockFolio(pfn);
            } else {
                munlockFolio(pfn);
            }
        }
        // mlock_vma_pages_range() ends with lru_add_drain(): pages still in this CPU's batch reach their list.
        um.lru.drain();
    }

    private void addMlocked(int pfn, int delta) {
        um.alloc.zones().zoneOf(pfn).stats[ZoneStat.NR_MLOCK] += delta;
    }
}
