package org.mmsim.mm.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.task.Task;

/**
 * Reclaim isolates pages into a batch and puts them back with the list sizes updated once per
 * zone (update_lru_sizes): under random anonymous and file use on a machine short of memory,
 * scans of any size and direct reclaim limited to ZONE_DMA (which skips the pages of higher
 * zones), every list walked link by link holds exactly the pages its node and zone counters say,
 * each with PG_lru and a reference, and no frame off the lists has PG_lru.
 */
class LruListsPropertyTest {
    private static final long REGION = 8L << 20;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(3).list()
                .ofMinSize(4).ofMaxSize(16);
    }

    @Property(tries = 20)
    void listsMatchTheirCounters(@ForAll("ops") List<int[]> ops) {
        run(ops);
    }

    /** A run that certainly skips: DMA32 pages at the tail while direct reclaim wants ZONE_DMA. */
    @Example
    void dmaReclaimSkipsHigherZones() {
        Kernel k = run(List.of(new int[] {0, 0, 0}, new int[] {0, 1, 0}, new int[] {2, 0, 0}, new int[] {0, 2, 0},
                new int[] {4, 0, 0}, new int[] {1, 0, 0}, new int[] {3, 0, 40000}, new int[] {4, 1, 0}));
        assertTrue(k.vmEvents[VmEvent.PGSKIP + ZoneType.DMA32] > 0);
        assertTrue(k.vmEvents[VmEvent.PGACTIVATE] > 0 && k.vmEvents[VmEvent.PGSTEAL_ANON] > 0);
    }

    private static Kernel run(List<int[]> ops) {
        Kernel k = Kernel.boot(MachineSpec.uniform(64L << 20, 2, 1), 5);
        k.user.swapCache.swapFile.mkswap("/dev/vdb", 64L << 20);
        k.user.swapCache.swapFile.swapon("/dev/vdb", Integer.MIN_VALUE);
        Task t = k.processes.spawn("lru", 0);
        VmFile f = new VmFile("/data/f", 9, true, true, false);
        k.user.pageCache.createFile(f, 2 * REGION, false, i -> 1);
        long file = Mmap.mmap(t.mm(), t.limits(), 0, 2 * REGION, Mman.PROT_READ, Mman.MAP_PRIVATE, f, 0);
        long[] anon = new long[4];
        for (int[] op : ops) {
            int r = op[1] & 3;
            switch (op[0] % 6) {
                case 0 -> {
                    if (anon[r] == 0) {
                        anon[r] = Mmap.mmap(t.mm(), t.limits(), 0, REGION, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS,
                                null, 0);
                    }
                    t.touch(anon[r], REGION, Fault.WRITE);
                }
                case 1 -> {
                    if (anon[r] != 0) {
                        t.touch(anon[r], REGION, Fault.READ);
                    }
                }
                case 2 -> t.touch(file + (op[1] & 1) * REGION, REGION, Fault.READ);
                case 3 -> k.vmscan.scanInactive(0, (op[1] & 4) != 0, 1 + op[2] % 50000);
                case 4 -> k.vmscan.tryToFreePages(Gfp.GFP_KERNEL | ((op[1] & 1) == 0 ? Gfp.__GFP_DMA : 0), 0,
                        k.zones.node(0), ZoneType.NORMAL);
                default -> {
                    if (anon[r] != 0) {
                        Munmap.munmap(t.mm(), anon[r], REGION);
                        anon[r] = 0;
                    }
                }
            }
            checkLists(k);
        }
        return k;
    }

    private static void checkLists(Kernel k) {
        MemMap m = k.zones.memMap;
        Lru lru = k.user.lru;
        long onLists = 0;
        for (int l = 0; l < Lru.NR_LRU_LISTS; l++) {
            long[] perZone = new long[ZoneType.MAX_NR_ZONES];
            long n = 0;
            int prev = MemMap.NIL;
            for (int pfn = lru.head[l]; pfn != MemMap.NIL; pfn = m.next[pfn]) {
                assertEquals(prev, m.prev[pfn], "list " + l + " linked both ways at pfn " + pfn);
                assertTrue((m.flags[pfn] & PageFlags.PG_LRU) != 0 && m.refcount[pfn] > 0, "pfn " + pfn);
                assertEquals(l, Lru.lruOf(m.flags[pfn]), "pfn " + pfn + " on the list its flags call for");
                perZone[k.zones.zoneOf(pfn).type]++;
                n++;
                prev = pfn;
            }
            assertEquals(prev, lru.tail[l]);
            assertEquals(n, k.zones.node(0).stats[NodeStat.NR_INACTIVE_ANON + l], "list " + l);
            for (Zone z : k.zones.node(0).zones) {
                assertEquals(perZone[z.type], z.stats[ZoneStat.NR_ZONE_INACTIVE_ANON + l], "list " + l + " zone " + z.type);
            }
            onLists += n;
        }
        long withLruFlag = 0;
        for (int pfn = 0; pfn < m.nrFrames; pfn++) {
            if ((m.flags[pfn] & PageFlags.PG_LRU) != 0) {
                withLruFlag++;
            }
        }
        assertEquals(onLists, withLruFlag);
    }
}
