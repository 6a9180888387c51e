package org.mmsim.mm.vmscan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.zone.Zone;

/**
 * Lru.addRun (a large folio's pages handed to the LRU at once, and drains that link consecutive
 * frames in one pass) against the same frames added one by one with Lru.add: two machines run the
 * same allocations, flag changes, reference drops and drains, and must end with the same lists,
 * flags, references and counters.
 */
class LruAddRunPropertyTest {
    private static final int[] FLAG_CHOICES = {0, PageFlags.PG_ACTIVE, PageFlags.PG_SWAPBACKED, PageFlags.PG_MLOCKED};

    @Property(tries = 40)
    void addRunMatchesPageByPageAdds(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 999) Integer> ops) {
        Kernel runs = Kernel.boot(MachineSpec.uniform(64L << 20, 1, 1), 1);
        Kernel pages = Kernel.boot(MachineSpec.uniform(64L << 20, 1, 1), 1);
        List<Integer> heldRuns = new ArrayList<>();
        List<Integer> heldPages = new ArrayList<>();
        for (int op : ops) {
            int kind = op % 10;
            if (kind < 6) {
                int order = op / 10 % 6;
                int flagged = op / 60 % 4;
                int a = allocate(runs, order, flagged);
                int b = allocate(pages, order, flagged);
                assertEquals(a, b, "both machines allocate alike");
                runs.user.lru.addRun(a, 1 << order);
                for (int k = 0; k < 1 << order; k++) {
                    pages.user.lru.add(b + k);
                    heldPages.add(b + k);
                    heldRuns.add(a + k);
                }
            } else if (kind < 9 && !heldRuns.isEmpty()) {
                // the owner lets go: a page still in the add batch is freed by the drain
                int i = op / 10 % heldRuns.size();
                runs.pageAlloc.freePages(heldRuns.remove(i), 0);
                pages.pageAlloc.freePages(heldPages.remove(i), 0);
            } else {
                runs.user.lru.drainAll();
                pages.user.lru.drainAll();
            }
        }
        assertSameState(runs, pages);
        runs.user.lru.drainAll();
        pages.user.lru.drainAll();
        assertSameState(runs, pages);
    }

    /** A split block of 2^order pages, every page with the flags choice (the last page with another one, if flagged is odd). */
    private static int allocate(Kernel k, int order, int flagged) {
        int pfn = k.pageAlloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE, order, 0);
        k.pageAlloc.splitPage(pfn, order);
        MemMap m = k.zones.memMap;
        int n = 1 << order;
        for (int q = pfn; q < pfn + n; q++) {
            m.flags[q] |= FLAG_CHOICES[flagged];
        }
        if ((flagged & 1) != 0) {
            m.flags[pfn + n - 1] ^= PageFlags.PG_ACTIVE;
        }
        return pfn;
    }

    private static void assertSameState(Kernel a, Kernel b) {
        MemMap ma = a.zones.memMap;
        MemMap mb = b.zones.memMap;
        assertArrayEquals(mb.flags, ma.flags, "flags");
        assertArrayEquals(mb.refcount, ma.refcount, "references");
        Lru la = a.user.lru;
        Lru lb = b.user.lru;
        for (int list = 0; list < la.head.length; list++) {
            assertEquals(walk(mb, lb.head[list]), walk(ma, la.head[list]), "list " + list);
            assertEquals(lb.tail[list], la.tail[list], "tail of list " + list);
        }
        assertArrayEquals(b.zones.node(0).stats, a.zones.node(0).stats, "node counters");
        Zone[] za = a.zones.allZones();
        Zone[] zb = b.zones.allZones();
        for (int i = 0; i < za.length; i++) {
            assertArrayEquals(zb[i].stats, za[i].stats, "zone counters");
        }
        assertArrayEquals(b.vmEvents, a.vmEvents, "vm events");
    }

    private static List<Integer> walk(MemMap m, int head) {
        List<Integer> out = new ArrayList<>();
        for (int p = head; p != MemMap.NIL; p = m.next[p]) {
            out.add(p);
            assertEquals(out.size() == 1 ? MemMap.NIL : out.get(out.size() - 2), m.prev[p], "prev link of " + p);
        }
        return out;
    }
}
