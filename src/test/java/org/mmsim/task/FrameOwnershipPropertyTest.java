package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.pgtable.TablePages;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mlock;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.sim.KernelError;

/**
 * Random mmap (private and shared, anonymous and of a cached and an uncached file)/munmap/mprotect/mremap/
 * madvise/mlock/fork/write/read/exit sequences over up to four tasks in a 6 MiB window (so tables
 * at every level are shared, emptied and freed).
 *
 * After every step: each PTE lies inside a VMA of its mm; every mapped frame (but the zero page)
 * has mapcount equal to the PTEs mapping it and a refcount of that (anonymous) or that plus the
 * page cache's reference, never a free frame; each mm's rss_stat counters equal its PTEs by page
 * kind; NR_ANON_PAGES and NR_FILE_MAPPED equal the distinct mapped frames of each kind;
 * the table pages reachable from each PGD equal what the mm and NR_PAGETABLE account; a rmap walk
 * of every anonymous frame finds exactly its PTEs. After every task exits: NR_PAGETABLE,
 * NR_ANON_PAGES and NR_FILE_MAPPED are back at their values before the first task, and so are
 * the free pages but for the page cache (the file and shmem pages, kept by design).
 */
class FrameOwnershipPropertyTest {
    private static final long W = 0x40000000L;
    private static final long WINDOW_PAGES = 1536;
    private static final int[] PROTS = {Mman.PROT_READ | Mman.PROT_WRITE, Mman.PROT_READ, Mman.PROT_NONE,
        Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC};
    private static final int[] ADVICE = {Mman.MADV_DONTNEED, Mman.MADV_FREE, Mman.MADV_POPULATE_READ,
        Mman.MADV_POPULATE_WRITE, Mman.MADV_DONTFORK, Mman.MADV_WIPEONFORK, Mman.MADV_DOFORK, Mman.MADV_KEEPONFORK};

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(5).list()
                .ofMinSize(1).ofMaxSize(50);
    }

    @Property(tries = 400)
    void framesAreOwnedConsistently(@ForAll("ops") List<int[]> ops) {
        TaskFixture f = new TaskFixture();
        long free0 = f.freePages();
        long tables0 = f.pageTables();
        VmFile file = new VmFile("/data/f", 1, true, true, false);
        f.k.user.pageCache.createFile(file, 300 * 4096 + 100, true, i -> 0);
        VmFile uncached = new VmFile("/data/g", 2, true, true, false);
        f.k.user.pageCache.createFile(uncached, 3000 * 4096, false, i -> 0);
        List<Task> tasks = new ArrayList<>();
        tasks.add(f.task());
        for (int[] op : ops) {
            if (tasks.isEmpty()) {
                break;
            }
            Task t = tasks.get(op[0] % tasks.size());
            long start = W + (op[1] % WINDOW_PAGES) * 4096;
            long len = (1 + op[2] % 600) * 4096;
            try {
                switch (op[3] % 12) {
                    case 0:
                    case 1:
                        int kind = (op[4] >>> 5) % 4;
                        int type = kind == 1 || kind == 3 ? Mman.MAP_SHARED : Mman.MAP_PRIVATE;
                        Mmap.mmap(t.mm(), t.limits(), start, len, PROTS[op[4] % PROTS.length],
                                type | (kind >= 2 ? 0 : Mman.MAP_ANONYMOUS) | Mman.MAP_FIXED
                                        | ((op[4] & 16) != 0 ? Mman.MAP_POPULATE : 0),
                                kind >= 2 ? ((op[4] & (1 << 20)) != 0 ? uncached : file) : null,
                                kind >= 2 ? (op[4] >>> 8) % 64 * 4096L : 0);
                        break;
                    case 2:
                        Munmap.munmap(t.mm(), start, len);
                        break;
                    case 3:
                        Mprotect.mprotect(t.mm(), t.limits(), start, len, PROTS[op[4] % PROTS.length]);
                        break;
                    case 4:
                    case 5:
                        t.touch(start, len, Fault.WRITE);
                        break;
                    case 6:
                        t.touch(start, len, Fault.READ);
                        break;
                    case 7:
                        if (tasks.size() < 4) {
                            tasks.add(f.fork(t));
                        }
                        break;
                    case 8:
                        Exit.exit(t);
                        tasks.remove(t);
                        break;
                    case 9:
                        Madvise.madvise(t.mm(), start, len, ADVICE[op[4] % ADVICE.length]);
                        break;
                    case 10:
                        Mremap.mremap(t.mm(), t.limits(), start, len, (1 + op[4] % 600) * 4096,
                                Mman.MREMAP_MAYMOVE, 0);
                        break;
                    default:
                        if ((op[4] & 1) == 0) {
                            Mlock.mlock(t.mm(), t.limits(), start, len);
                        } else {
                            Mlock.munlock(t.mm(), start, len);
                        }
                        break;
                }
            } catch (KernelError e) {
                // a refusal changes nothing; the invariants below still hold
            }
            check(f, tasks);
        }
        for (Task t : tasks) {
            Exit.exit(t);
        }
        assertEquals(tables0, f.pageTables());
        assertEquals(0, f.anonPages());
        assertEquals(0, f.node(NodeStat.NR_MAPPED));
        assertEquals(free0, f.freePages() + f.node(NodeStat.NR_FILE_PAGES), "only the page cache stays allocated");
    }

    private static void check(TaskFixture f, List<Task> tasks) {
        f.k.user.lru.drainAll(); // the LRU batches' references go, leaving only mappings and caches
        MemMap m = f.k.zones.memMap;
        int zero = f.k.user.zeroPfn;
        Map<Integer, Integer> maps = new HashMap<>();
        long tables = 0;
        for (Task t : tasks) {
            long[] rss = new long[PageTable.NR_MM_COUNTERS];
            long[] count = new long[1];
            PageTable pt = t.pageTable();
            TablePages tp = pt.tables();
            tables += 1 + walk(tp, pt.pgdPfn(), 39, 0, (va, pte) -> {
                Vma v = t.mm().vmaLookup(va);
                assertNotNull(v, "PTE outside every VMA at " + Long.toHexString(va));
                int pfn = Pte.pfn(pte);
                if (pfn != zero) {
                    rss[f.k.user.rmap.mmCounter(pfn)]++;
                    maps.merge(pfn, 1, Integer::sum);
                }
            }, count);
            assertEquals(count[0], pt.nrTables());
            assertArrayEquals(rss, pt.rss);
        }
        long anonPages = 0;
        assertEquals(tables, f.pageTables() - f.pageTablesAtBoot);
        for (Map.Entry<Integer, Integer> e : maps.entrySet()) {
            int pfn = e.getKey();
            assertEquals(0, m.pageType(pfn), "a mapped frame is typed " + m.pageType(pfn));
            assertEquals((int) e.getValue(), m.mapcount[pfn]);
            if (f.k.user.rmap.isAnon(pfn)) {
                anonPages++;
                assertEquals((int) e.getValue(), m.refcount[pfn]);
                assertEquals((int) e.getValue(), f.k.user.rmap.walk(pfn, (mm, pt, vma, a) -> {
                }));
            } else {
                assertEquals((int) e.getValue() + 1, m.refcount[pfn], "page-cache pages hold the cache's reference");
            }
        }
        assertEquals(anonPages, f.anonPages());
        assertEquals(maps.size() - anonPages, f.node(NodeStat.NR_MAPPED));
    }

    interface PteVisitor {
        void pte(long va, long pte);
    }

    /** Visits the present PTEs below a table; returns the table pages below it. */
    private static long walk(TablePages tp, int pfn, int shift, long base, PteVisitor v, long[] count) {
        long[] t = tp.entries(pfn);
        long below = 0;
        int n = shift == 39 ? PageTable.USER_PTRS_PER_PGD : 512;
        for (int i = 0; i < n; i++) {
            long e = t[i];
            if (e == 0) {
                continue;
            }
            long va = base + ((long) i << shift);
            if (shift == 12) {
                assertTrue(Pte.present(e), "a non-present, non-zero PTE");
                v.pte(va, e);
            } else {
                assertEquals(PageFlags.TYPE_TABLE, tp.memMap().pageType(Pte.pfn(e)));
                below += 1 + walk(tp, Pte.pfn(e), shift - 9, va, v, count);
            }
        }
        if (shift == 39) {
            count[0] = below;
        }
        return below;
    }
}
