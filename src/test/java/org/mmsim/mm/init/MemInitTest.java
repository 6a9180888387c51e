package org.mmsim.mm.init;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Boot layout (mm_init.c, memblock.c) against figures read off this host, a 24 GiB KVM guest. */
class MemInitTest {
    private static final long GIB = 1L << 30;

    @Test
    void hostShapedMachineHasTheHostsZoneSizes() {
        Kernel k = Kernel.boot(MachineSpec.uniform(24 * GIB, 2, 1), 0);
        Node n = k.zones.node(0);
        Zone dma = n.zones[ZoneType.DMA];
        Zone dma32 = n.zones[ZoneType.DMA32];
        Zone normal = n.zones[ZoneType.NORMAL];
        // Host /proc/zoneinfo: start_pfn, spanned, present, managed.
        assertArrayEquals(new long[] {1, 4095, 3998, 3840},
                new long[] {dma.startPfn, dma.spannedPages, dma.presentPages, dma.managedPages});
        assertArrayEquals(new long[] {4096, 1044480, 782336, 772808},
                new long[] {dma32.startPfn, dma32.spannedPages, dma32.presentPages, dma32.managedPages});
        assertArrayEquals(new long[] {1048576, 5505024, 5505024},
                new long[] {normal.startPfn, normal.spannedPages, normal.presentPages});
        // Host dmesg: "Total pages: 6291358"; MemTotal 24683656 kB. mmsim's reservations land within 0.01%.
        assertEquals(6291358, k.layout.presentPages);
        long memTotalKb = k.zones.totalramPages() * 4;
        assertTrue(Math.abs(memTotalKb - 24683656) < 24683656 / 10000, "MemTotal " + memTotalKb);
        // Host: min_free_kbytes 67584, raised by khugepaged because THP is in madvise mode.
        assertEquals(67584, k.watermarks.minFreeKbytes());
    }

    @Test
    void everyPresentPageIsManagedOrReserved() {
        for (long mem : new long[] {64L << 20, GIB, 5 * GIB}) {
            Kernel k = Kernel.boot(MachineSpec.uniform(mem, 2, 1), 0);
            assertEquals(k.layout.presentPages, k.zones.totalramPages() + k.layout.reservedPages, "memory " + mem);
            long free = 0;
            for (Zone z : k.zones.allZones()) {
                free += z.freePages() + z.pcpPages();
            }
            // All managed pages are free after boot but those the slab caches kmem_cache_init made took.
            long slab = k.zones.node(0).stats[NodeStat.NR_SLAB_UNRECLAIMABLE]
                    + k.zones.node(0).stats[NodeStat.NR_SLAB_RECLAIMABLE];
            assertEquals(k.zones.totalramPages(), free + slab, "memory " + mem);
        }
    }

    @Test
    void smallMachineHasNoNormalZone() {
        Kernel k = Kernel.boot(MachineSpec.uniform(GIB, 2, 1), 0);
        Node n = k.zones.node(0);
        assertEquals(0, n.zones[ZoneType.NORMAL].presentPages);
        assertEquals(GIB / 4096 - 4096, n.zones[ZoneType.DMA32].spannedPages);
        assertTrue(k.printk.dmesg().contains("Policy zone: DMA32"));
    }

    @Test
    void bootLogMatchesTheHostsFormat() {
        Kernel k = Kernel.boot(MachineSpec.uniform(24 * GIB, 2, 1), 0);
        String log = k.printk.dmesg();
        assertTrue(log.contains("[    0.000000] BIOS-e820: [mem 0x0000000100000000-0x000000063fffffff] usable\n"));
        assertTrue(log.contains("[    0.000000]   DMA32    [mem 0x0000000001000000-0x00000000ffffffff]\n"));
        assertTrue(log.contains("[    0.000000]   node   0: [mem 0x0000000000001000-0x000000000009efff]\n"));
        assertTrue(log.contains("Built 1 zonelists, mobility grouping on.  Total pages: 6291358\n"));
        assertTrue(log.contains("Inode-cache hash table entries: 2097152 (order: 12, 16777216 bytes, linear)\n"));
    }

    @Test
    void twoNodesSplitMemoryAndBuildDistanceOrderedZonelists() {
        Kernel k = Kernel.boot(MachineSpec.uniform(8 * GIB, 4, 2), 0);
        Node n0 = k.zones.node(0);
        Node n1 = k.zones.node(1);
        // Node 0 has the first 4 GiB of RAM: 3 GiB below the PCI hole and 1 GiB above 4 GiB.
        assertEquals(5L * GIB / 4096, n0.startPfn + n0.spannedPages);
        assertEquals(5L * GIB / 4096, n1.startPfn);
        assertEquals(0, n1.zones[ZoneType.DMA32].presentPages);
        assertEquals(n0.zones[ZoneType.NORMAL], n0.zonelist[0]);
        assertEquals(n0.zones[ZoneType.DMA], n0.zonelist[2]);
        assertEquals(n1.zones[ZoneType.NORMAL], n0.zonelist[3]);
        assertEquals(n1.zones[ZoneType.NORMAL], n1.zonelist[0]);
        assertEquals(n0.zones[ZoneType.NORMAL], n1.zonelist[1]);
        assertArrayEquals(new int[] {0, 1}, n0.cpus);
        assertArrayEquals(new int[] {2, 3}, n1.cpus);
    }

    @Test
    void movablecoreCarvesZoneMovableFromTheTopOfEachNode() {
        MachineSpec spec = new MachineSpec(new long[] {8 * GIB}, 2, MachineSpec.defaultDistances(1), 0, 2 * GIB,
                "madvise");
        Kernel k = Kernel.boot(spec, 0);
        Zone movable = k.zones.node(0).zones[ZoneType.MOVABLE];
        Zone normal = k.zones.node(0).zones[ZoneType.NORMAL];
        assertEquals(2 * GIB / 4096, movable.presentPages);
        assertEquals(movable.startPfn, normal.endPfn());
        // As in Linux, the split is arithmetic: the vmemmap, allocated top-down before zones exist, sits in it.
        assertTrue(movable.managedPages < movable.presentPages);
        // Movable's min watermark is capped as for highmem: clamp(managed/1024, 32, 128).
        assertEquals(128, movable.watermark[Zone.WMARK_MIN]);
    }

    @Test
    void kernelcoreLeavesThatMuchOutsideZoneMovable() {
        MachineSpec spec = new MachineSpec(new long[] {8 * GIB}, 2, MachineSpec.defaultDistances(1), 4 * GIB, 0,
                "madvise");
        Kernel k = Kernel.boot(spec, 0);
        Node n = k.zones.node(0);
        long kernelPages = n.zones[ZoneType.DMA].presentPages + n.zones[ZoneType.DMA32].presentPages
                + n.zones[ZoneType.NORMAL].presentPages;
        // kernelcore is met to within one MAX_ORDER block (ZONE_MOVABLE's start is rounded up to 4 MiB).
        assertTrue(kernelPages >= 4 * GIB / 4096 && kernelPages < 4 * GIB / 4096 + 1024, "kernel pages " + kernelPages);
    }

    @Test
    void invalidMachinesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MachineSpec.uniform(32L << 20, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> MachineSpec.uniform(GIB, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new MachineSpec(new long[] {GIB, GIB}, 2,
                new int[][] {{10, 5}, {5, 10}}, 0, 0, "madvise"));
        assertThrows(IllegalArgumentException.class, () -> new MachineSpec(new long[] {GIB}, 2,
                MachineSpec.defaultDistances(1), 0, 0, "sometimes"));
    }
}
