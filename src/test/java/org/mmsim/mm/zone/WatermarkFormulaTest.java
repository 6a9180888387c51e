package org.mmsim.mm.zone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks the booted machine's watermark-derived values against a plain re-statement of each Linux
 * formula (mm/page_alloc.c, mm/vmstat.c, mm/khugepaged.c) that reads nothing but zone managed
 * pages and the CPU count, and, for one shape, against numbers worked out by hand.
 */
class WatermarkFormulaTest {
    private static final long[] RATIO = {256, 256, 32, 0, 0};

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (long mem : new long[]{64L << 20, 1L << 30, 8L << 30, 256L << 30}) {
            for (int nodes : new int[]{1, 2}) {
                for (int cpus : new int[]{1, 2, 8}) {
                    out.add(Arguments.of(mem, nodes, cpus));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} bytes, {1} nodes, {2} cpus")
    @MethodSource("shapes")
    void bootedMachineFollowsLinuxFormulas(long mem, int nodes, int cpus) {
        Kernel k = Kernel.boot(MachineSpec.uniform(mem, cpus, nodes), 1);
        Zone[] zones = k.zones.allZones();
        int n = zones.length;
        long[] managed = new long[n];
        for (int i = 0; i < n; i++) {
            managed[i] = zones[i].managedPages;
        }

        // calculate_min_free_kbytes while every watermark is still 0, then khugepaged's recommendation.
        long initialMinKb = clamp(isqrt(freeBufferPages(zones, managed, new long[n][4]) * 4 * 16), 128, 262144);
        long[][] first = wmarks(zones, managed, initialMinKb);
        int lowZones = 0;
        for (Zone z : zones) {
            if (z.presentPages > 0 && z.type <= ZoneType.NORMAL) {
                lowZones++;
            }
        }
        long recommended = Math.min(512L * lowZones * 2 + 512L * lowZones * 3 * 3,
                freeBufferPages(zones, managed, first) / 20) * 4;
        long expectedMinKb = Math.max(initialMinKb, recommended);
        assertEquals(expectedMinKb, k.watermarks.minFreeKbytes(), "min_free_kbytes");

        long[][] wm = wmarks(zones, managed, expectedMinKb);
        long totalreserve = 0;
        for (int i = 0; i < n; i++) {
            Zone z = zones[i];
            String where = "node " + z.node.id + " " + z.name();
            assertArrayEquals(wm[i], z.watermark, where + " min/low/high/promo");
            long[] protection = new long[ZoneType.MAX_NR_ZONES];
            long upper = 0;
            for (int j = z.type + 1; j < ZoneType.MAX_NR_ZONES; j++) {
                upper += z.node.zones[j].managedPages;
                protection[j] = RATIO[z.type] == 0 || managed[i] == 0 ? 0 : upper / RATIO[z.type];
            }
            assertArrayEquals(protection, z.lowmemReserve, where + " protection");
            long maxReserve = 0;
            for (int j = z.type; j < ZoneType.MAX_NR_ZONES; j++) {
                maxReserve = Math.max(maxReserve, protection[j]);
            }
            totalreserve += Math.min(managed[i], maxReserve + wm[i][2]);

            if (z.presentPages == 0) {
                continue;
            }
            long batch = Math.min(managed[i] / 1024, 256) / 4;
            batch = Math.max(1, roundDownPow2(Math.max(batch, 1) + Math.max(batch, 1) / 2) - 1);
            int splitCpus = z.node.cpus.length == 0 ? cpus : z.node.cpus.length;
            long highMin = Math.max(wm[i][1] / splitCpus, batch * 4);
            long highMax = Math.max(managed[i] / 8 / splitCpus, batch * 4);
            long mem128 = managed[i] / 32768;
            long threshold = Math.min(125, 2L * fls(cpus) * (1 + fls(mem128)));
            for (PerCpuPages p : z.pcp) {
                assertEquals(batch, p.batch, where + " batch");
                assertEquals(highMin, p.highMin, where + " high_min");
                assertEquals(highMax, p.highMax, where + " high_max");
            }
            assertEquals(threshold, z.statThreshold, where + " vm stats threshold");
        }
        assertEquals(totalreserve, k.watermarks.totalreservePages(), "totalreserve_pages");
    }

    /** 1 GiB, one node, 2 CPUs: every figure below was worked out by hand from the managed pages. */
    @Test
    void oneGigabyteWorkedByHand() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
        Zone dma = k.zones.node(0).zones[ZoneType.DMA];
        Zone dma32 = k.zones.node(0).zones[ZoneType.DMA32];
        assertEquals(3840, dma.managedPages);
        assertEquals(243868, dma32.managedPages);
        // Watermarks still 0: lowmem 247708 pages = 990832 kB; sqrt(990832 * 16) = 3981 kB.
        // Its watermarks leave 246220 buffer pages; khugepaged wants 2 zones * (2 + 9) pageblocks
        // = 11264 pages, under 246220 / 20 = 12311, so min_free_kbytes = 11264 * 4.
        assertEquals(45056, k.watermarks.minFreeKbytes());
        // pages_min 11264. DMA: 11264 * 3840 / 247708 = 174, step max(174 / 4, 3) = 43.
        assertArrayEquals(new long[]{174, 217, 260, 303}, dma.watermark);
        // DMA32: 11264 * 243868 / 247708 = 11089, step max(2772, 243) = 2772.
        assertArrayEquals(new long[]{11089, 13861, 16633, 19405}, dma32.watermark);
        // DMA keeps 243868 / 256 = 952 from allocations that could use DMA32 or above.
        assertArrayEquals(new long[]{0, 952, 952, 952, 952}, dma.lowmemReserve);
        assertArrayEquals(new long[]{0, 0, 0, 0, 0}, dma32.lowmemReserve);
        // DMA: min(3840, 952 + 260) = 1212; DMA32: min(243868, 16633) = 16633.
        assertEquals(17845, k.watermarks.totalreservePages());
        // DMA32: 243868 >> 10 = 238, / 4 = 59, 59 + 29 = 88 -> 64 - 1 = 63; high_min 13861 / 2;
        // high_max 243868 / 8 / 2; threshold 2 * fls(2) * (1 + fls(243868 >> 15 = 7)) = 4 * 4.
        PerCpuPages p = dma32.pcp[0];
        assertEquals(63, p.batch);
        assertEquals(6930, p.highMin);
        assertEquals(15241, p.highMax);
        assertEquals(16, dma32.statThreshold);
        // DMA: batch 1, high_min 217 / 2, high_max 3840 / 16, threshold 4 * (1 + 0).
        assertEquals(1, dma.pcp[1].batch);
        assertEquals(108, dma.pcp[1].highMin);
        assertEquals(240, dma.pcp[1].highMax);
        assertEquals(4, dma.statThreshold);
    }

    private static long[][] wmarks(Zone[] zones, long[] managed, long minKb) {
        long pagesMin = minKb >> 2;
        long lowmem = 0;
        for (int i = 0; i < zones.length; i++) {
            if (zones[i].type != ZoneType.MOVABLE) {
                lowmem += managed[i];
            }
        }
        long[][] out = new long[zones.length][4];
        for (int i = 0; i < zones.length; i++) {
            long tmp = lowmem == 0 ? 0 : pagesMin * managed[i] / lowmem;
            long min = zones[i].type == ZoneType.MOVABLE ? clamp(managed[i] / 1024, 32, 128) : tmp;
            long step = Math.max(tmp / 4, managed[i] * 10 / 10000);
            out[i] = new long[]{min, min + step, min + 2 * step, min + 3 * step};
        }
        return out;
    }

    /** nr_free_buffer_pages(): managed above high, zones up to Normal. */
    private static long freeBufferPages(Zone[] zones, long[] managed, long[][] wm) {
        long sum = 0;
        for (int i = 0; i < zones.length; i++) {
            if (zones[i].type <= ZoneType.NORMAL && managed[i] > wm[i][2]) {
                sum += managed[i] - wm[i][2];
            }
        }
        return sum;
    }

    private static long isqrt(long x) {
        long r = 0;
        while ((r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static long roundDownPow2(long x) {
        long p = 1;
        while (p * 2 <= x) {
            p *= 2;
        }
        return p;
    }

    private static int fls(long x) {
        int bits = 0;
        while (x != 0) {
            bits++;
            x >>>= 1;
        }
        return bits;
    }
}
