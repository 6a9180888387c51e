package org.mmsim.procfs;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.Zone;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The renderers report what the mechanisms hold, after a mixed allocation workload. */
class ProcFsConsistencyTest {
    private static Kernel busyMachine() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 2), 7);
        List<int[]> held = new ArrayList<>();
        java.util.Random r = new java.util.Random(42);
        int[] gfps = {Gfp.GFP_KERNEL, Gfp.GFP_ATOMIC, Gfp.GFP_KERNEL | Gfp.__GFP_DMA32};
        for (int i = 0; i < 4000; i++) {
            k.pageAlloc.setCpu(r.nextInt(2));
            if (!held.isEmpty() && r.nextInt(3) == 0) {
                int[] b = held.remove(r.nextInt(held.size()));
                k.pageAlloc.freePages(b[0], b[1]);
            } else {
                int order = r.nextInt(4) == 0 ? r.nextInt(11) : 0;
                int pfn = k.pageAlloc.allocPages(gfps[r.nextInt(gfps.length)], order, r.nextInt(2));
                if (pfn != MemMap.NIL) {
                    held.add(new int[]{pfn, order});
                }
            }
        }
        return k;
    }

    private static Map<String, Long> meminfo(String text) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(":\\s+|\\s+kB");
            out.put(f[0], Long.parseLong(f[1].trim()));
        }
        return out;
    }

    @Test
    void meminfoTotalsAreTheZoneCounters() {
        Kernel k = busyMachine();
        ProcFs fs = new ProcFs(k);
        Map<String, Long> m = meminfo(fs.read("/proc/meminfo"));
        long free = 0;
        long managed = 0;
        for (Zone z : k.zones.allZones()) {
            free += z.stats[ZoneStat.NR_FREE_PAGES];
            managed += z.managedPages;
        }
        assertEquals(free * 4, m.get("MemFree"));
        assertEquals(managed * 4, m.get("MemTotal"));
        // No page cache: si_mem_available is free pages above the reserves, plus the reclaimable slab
        // (the mounts' root dentries) less what reclaim could not free of it
        long wmarkLow = 0;
        for (Zone z : k.zones.allZones()) {
            wmarkLow += z.wmark(Zone.WMARK_LOW);
        }
        long reclaimable = m.get("SReclaimable") / 4;
        assertTrue(reclaimable > 0);
        assertEquals((free - k.watermarks.totalreservePages() + reclaimable - Math.min(reclaimable / 2, wmarkLow)) * 4,
                m.get("MemAvailable"));
        assertEquals(managed * 4 / 2, m.get("CommitLimit"));
        long nodeFree = 0;
        for (int nid = 0; nid < 2; nid++) {
            Map<String, Long> n = meminfo(fs.read("/sys/devices/system/node/node" + nid + "/meminfo")
                    .replaceAll("(?m)^Node \\d+ ", ""));
            nodeFree += n.get("MemFree");
            assertEquals(n.get("MemTotal") - n.get("MemFree"), n.get("MemUsed"));
        }
        assertEquals(m.get("MemFree"), nodeFree);
        assertTrue(fs.read("/proc/vmstat").startsWith("nr_free_pages " + free + "\n"));
    }

    @Test
    void buddyinfoAndPagetypeinfoAreTheFreeLists() {
        Kernel k = busyMachine();
        ProcFs fs = new ProcFs(k);
        String[] buddy = fs.read("/proc/buddyinfo").split("\n");
        int line = 0;
        for (Zone z : k.zones.allZones()) {
            if (!z.populated()) {
                continue;
            }
            String[] f = buddy[line++].trim().split("\\s+");
            long pages = 0;
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                long onLists = 0;
                for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                    onLists += z.freeListLength[Zone.freeList(o, mt)];
                }
                assertEquals(z.nrFree[o], Long.parseLong(f[4 + o]), z.name() + " order " + o);
                assertEquals(onLists, z.nrFree[o], z.name() + " order " + o + " lists");
                pages += z.nrFree[o] << o;
            }
            assertEquals(z.stats[ZoneStat.NR_FREE_PAGES], pages, "free pages of " + z.name());
        }
        assertEquals(line, buddy.length);
        String pt = fs.read("/proc/pagetypeinfo");
        for (Zone z : k.zones.allZones()) {
            if (!z.populated()) {
                continue;
            }
            long[] blocks = Pagetypeinfo.blockCounts(k, z);
            long total = 0;
            for (long b : blocks) {
                total += b;
            }
            assertEquals((z.presentPages + 511) / 512, total, "pageblocks of " + z.name());
            assertTrue(pt.contains(String.format("Node %d, zone %8s %12d %12d", z.node.id, z.name(),
                    blocks[0], blocks[1])), pt);
        }
    }

    @Test
    void dirtyThresholdsFollowTheDefaultRatios() {
        Kernel k = busyMachine();
        String vmstat = new ProcFs(k).read("/proc/vmstat");
        long free = 0;
        for (Zone z : k.zones.allZones()) {
            free += z.stats[ZoneStat.NR_FREE_PAGES];
        }
        long dirtyable = Math.max(0, free - k.watermarks.totalreservePages()) + 1;
        assertTrue(vmstat.contains("\nnr_dirty_threshold " + (819 * dirtyable / 4096) + "\n"
                + "nr_dirty_background_threshold " + (409 * dirtyable / 4096) + "\n"
                + "nr_memmap_pages 0\nnr_memmap_boot_pages " + k.layout.memmapPages + "\npgpgin "), vmstat);
        assertTrue(vmstat.endsWith("\nnr_unstable 0\n"));
    }

    @Test
    void uptimeFollowsTheSimulatedClock() {
        Kernel k = Kernel.boot(MachineSpec.uniform(64L << 20, 2, 1), 1);
        k.clock.advance(843_137_000_000L);
        assertEquals("843.13 1686.27\n", new ProcFs(k).read("/proc/uptime"));
    }

}
