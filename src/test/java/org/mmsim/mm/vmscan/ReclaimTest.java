package org.mmsim.mm.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Zone;
import org.mmsim.task.Task;

/** Reclaim's balance and counters on small machines. */
class ReclaimTest {
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    private static Kernel boot(long ram, long swap) {
        Kernel k = Kernel.boot(MachineSpec.uniform(ram, 2, 1), 3);
        if (swap > 0) {
            k.user.swapCache.swapFile.mkswap("/dev/vdb", swap);
            k.user.swapCache.swapFile.swapon("/dev/vdb", Integer.MIN_VALUE);
        }
        return k;
    }

    private static long write(Task t, long len) {
        long a = Mmap.mmap(t.mm(), t.limits(), 0, len, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        t.touch(a, len, Fault.WRITE);
        return a;
    }

    @Test
    void lruCountersFollowPages() {
        Kernel k = boot(256L << 20, 0);
        Task t = k.processes.spawn("a", 0);
        k.user.lru.drainAll();
        long[] s = k.zones.node(0).stats;
        long exec = s[NodeStat.NR_INACTIVE_ANON]; // the pages exec wrote (stack, the data page's tail)
        write(t, 4L << 20);
        k.user.lru.drainAll();
        assertEquals(exec + 1024, s[NodeStat.NR_INACTIVE_ANON], "new anonymous pages start inactive");
        long zoneSum = 0;
        for (Zone z : k.zones.node(0).zones) {
            zoneSum += z.stats[ZoneStat.NR_ZONE_INACTIVE_ANON];
        }
        assertEquals(exec + 1024, zoneSum);
        k.processes.exit(t);
        assertEquals(0, s[NodeStat.NR_INACTIVE_ANON] + s[NodeStat.NR_ACTIVE_ANON], "freed pages leave the lists");
    }

    @Test
    void inactiveRatioIsIntSqrtOfTenTimesGigabytes() {
        assertEquals(1, Vmscan.intSqrt(1));
        assertEquals(3, Vmscan.intSqrt(10));
        assertEquals(10, Vmscan.intSqrt(100));
        assertEquals(31, Vmscan.intSqrt(1000));
    }

    /** get_scan_count's SCAN_FRACT split with equal costs: anon gets swappiness/200 of its list's share. */
    @Test
    void scanCountSplitsBySwappiness() {
        Kernel k = boot(256L << 20, 256L << 20);
        Task t = k.processes.spawn("a", 0);
        write(t, 64L << 20);
        VmFile f = new VmFile("/data/f", 9, true, true, false);
        k.user.pageCache.createFile(f, 64L << 20, true, i -> 1);
        k.user.lru.drainAll();
        Vmscan v = k.vmscan;
        long anon = k.zones.node(0).stats[NodeStat.NR_INACTIVE_ANON];
        long file = k.zones.node(0).stats[NodeStat.NR_INACTIVE_FILE];
        long[] nr = new long[Lru.NR_LRU_LISTS];
        for (int swappiness : new int[] {0, 60, 100, 200}) {
            k.sysctl.get("vm.swappiness").write(Integer.toString(swappiness));
            v.scMaySwap = true;
            v.scPriority = 4;
            v.scReclaimIdx = 3;
            v.scCacheTrimMode = false;
            v.scFileIsTiny = false;
            v.getScanCount(0, nr);
            assertEquals((anon >> 4) * swappiness / 200, nr[Lru.INACTIVE_ANON], "swappiness " + swappiness);
            assertEquals((file >> 4) * (200 - swappiness) / 200, nr[Lru.INACTIVE_FILE], "swappiness " + swappiness);
        }
    }

    /**
     * pgscan_anon and pgscan_file of a run where a 24M file mapping and 24M of anonymous memory
     * are used again and again while 40M regions come and go on a 128M machine: repeated use
     * activates both, so reclaim balances them by get_scan_count rather than trimming the cache.
     */
    private static long[] scansUnderPressure(int swappiness) {
        Kernel k = boot(128L << 20, 256L << 20);
        k.sysctl.get("vm.swappiness").write(Integer.toString(swappiness));
        Task t = k.processes.spawn("a", 0);
        VmFile f = new VmFile("/data/f", 9, true, true, false);
        k.user.pageCache.createFile(f, 24L << 20, false, i -> 1);
        long fa = Mmap.mmap(t.mm(), t.limits(), 0, 24L << 20, Mman.PROT_READ, Mman.MAP_PRIVATE, f, 0);
        long a = Mmap.mmap(t.mm(), t.limits(), 0, 24L << 20, RW, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        for (int round = 0; round < 5; round++) {
            t.touch(fa, 24L << 20, Fault.READ);
            t.touch(a, 24L << 20, Fault.WRITE);
            long b = write(t, 40L << 20);
            org.mmsim.mm.vma.Munmap.munmap(t.mm(), b, 40L << 20);
        }
        return new long[] {k.vmEvents[VmEvent.PGSCAN_ANON], k.vmEvents[VmEvent.PGSCAN_FILE]};
    }

    @Test
    void swappinessMovesReclaimBetweenAnonAndFile() {
        long[] none = scansUnderPressure(0);
        long[] even = scansUnderPressure(100);
        long[] anonFirst = scansUnderPressure(200);
        assertEquals(0, none[0], "swappiness 0 scans no anonymous page while file pages remain");
        double shareEven = even[0] / (double) (even[0] + even[1]);
        double shareAnon = anonFirst[0] / (double) (anonFirst[0] + anonFirst[1]);
        assertTrue(0 < shareEven && shareEven < shareAnon && shareAnon < 1,
                "anon share of the pages scanned: 0 < " + shareEven + " < " + shareAnon + " < 1");
        assertTrue(shareEven > 0.3 && shareEven < 0.7, "swappiness 100 splits about evenly: " + shareEven);
    }

    @Test
    void thrashingCountsSwapTrafficAndMajorFaults() {
        Kernel k = boot(96L << 20, 192L << 20);
        Task t = k.processes.spawn("a", 0);
        long len = 96L << 20;
        long a = write(t, len);
        for (int round = 0; round < 2; round++) {
            assertEquals(-1, t.touch(a, len, Fault.READ));
        }
        assertTrue(k.vmEvents[VmEvent.PSWPOUT] > 0 && k.vmEvents[VmEvent.PSWPIN] > 0);
        assertTrue(t.faults.majflt > 0);
        assertEquals(t.faults.majflt, k.vmEvents[VmEvent.PGMAJFAULT]);
        assertTrue(k.vmEvents[VmEvent.PGSCAN_KSWAPD] > 0 && k.vmEvents[VmEvent.PAGEOUTRUN] > 0, "kswapd ran");
        assertEquals(k.vmEvents[VmEvent.PGSTEAL_KSWAPD] + k.vmEvents[VmEvent.PGSTEAL_DIRECT],
                k.vmEvents[VmEvent.PGSTEAL_ANON] + k.vmEvents[VmEvent.PGSTEAL_FILE]);
        assertEquals(k.vmEvents[VmEvent.PGSCAN_KSWAPD] + k.vmEvents[VmEvent.PGSCAN_DIRECT],
                k.vmEvents[VmEvent.PGSCAN_ANON] + k.vmEvents[VmEvent.PGSCAN_FILE]);
        long swapped = t.rss(org.mmsim.mm.pgtable.PageTable.MM_SWAPENTS);
        assertTrue(swapped > 0);
        assertTrue(k.user.swapCache.swapFile.totalPages() - k.user.swapCache.swapFile.freePages() >= swapped);
    }

    /** MADV_FREE pages move to the file list and are discarded by reclaim even without swap. */
    @Test
    void lazyfreePagesAreDiscardedWithoutSwap() {
        Kernel k = boot(128L << 20, 0);
        Task t = k.processes.spawn("a", 0);
        long a = write(t, 32L << 20);
        k.user.lru.drainAll();
        long programPages = k.zones.node(0).stats[NodeStat.NR_INACTIVE_FILE]; // the executable's page cache
        org.mmsim.mm.vma.Madvise.madvise(t.mm(), a, 32L << 20, Mman.MADV_FREE);
        assertEquals(8192, k.vmEvents[VmEvent.PGLAZYFREE]);
        assertEquals(programPages + 8192, k.zones.node(0).stats[NodeStat.NR_INACTIVE_FILE]);
        write(t, 80L << 20);
        assertTrue(k.vmEvents[VmEvent.PGLAZYFREED] > 0);
        assertEquals(0, k.vmEvents[VmEvent.PGSCAN_ANON]);
        t.access(a, Fault.READ, (byte) 0);
        assertEquals(0, t.lastByte(), "a discarded lazyfree page reads as zeroes");
    }

    @Test
    void withoutSwapOnlyFilePagesAreReclaimed() {
        Kernel k = boot(128L << 20, 0);
        Task t = k.processes.spawn("a", 0);
        VmFile f = new VmFile("/data/f", 9, true, true, false);
        k.user.pageCache.createFile(f, 40L << 20, true, i -> 5);
        write(t, 60L << 20);
        assertEquals(0, k.vmEvents[VmEvent.PGSCAN_ANON]);
        assertTrue(k.vmEvents[VmEvent.PGSTEAL_FILE] > 0);
        // the dropped file pages read back from disk, as major faults
        long fa = Mmap.mmap(t.mm(), t.limits(), 0, 40L << 20, Mman.PROT_READ, Mman.MAP_PRIVATE, f, 0);
        long majBefore = t.faults.majflt;
        t.touch(fa, 40L << 20, Fault.READ);
        assertTrue(t.faults.majflt > majBefore);
        t.access(fa + (7L << 20) + 3, Fault.READ, (byte) 0);
        assertEquals(5, t.lastByte());
    }
}
