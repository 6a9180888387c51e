package org.mmsim.mm.vmstat;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.sim.Printk;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShowMemTest {
    @Test
    void freshOneGigabyteMachine() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
        int before = k.printk.records().size();
        ShowMem.show(k.zones, k.printk, ShowMem.SHOW_MEM_FILTER_NODES, 1, ZoneType.NORMAL, 0);
        List<String> l = k.printk.records().subList(before, k.printk.records().size()).stream()
                .map(Printk.Record::text).toList();
        Zone dma = k.zones.node(0).zones[ZoneType.DMA];
        Zone dma32 = k.zones.node(0).zones[ZoneType.DMA32];
        long free = dma.freePages() + dma32.freePages();
        assertEquals(List.of("Mem-Info:",
                "active_anon:0 inactive_anon:0 isolated_anon:0",
                " active_file:0 inactive_file:0 isolated_file:0",
                " unevictable:0 dirty:0 writeback:0",
                // Boot's slab caches: 6 pages, with the rest of their refill batch on CPU 0's per-CPU list.
                " slab_reclaimable:1 slab_unreclaimable:13",
                " mapped:0 shmem:0 pagetables:0",
                " sec_pagetables:0 bounce:0",
                " kernel_misc_reclaimable:0",
                " free:" + free + " free_pcp:" + dma32.pcpPages() + " free_cma:0",
                "Node 0 active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB "
                        + "isolated(anon):0kB isolated(file):0kB mapped:0kB dirty:0kB writeback:0kB shmem:0kB "
                        + "shmem_thp:0kB shmem_pmdmapped:0kB anon_thp:0kB writeback_tmp:0kB kernel_stack:0kB "
                        + "pagetables:0kB sec_pagetables:0kB all_unreclaimable? no",
                // Watermarks of the hand-worked 1 GiB machine (WatermarkFormulaTest), in kB.
                "Node 0 DMA free:15360kB boost:0kB min:696kB low:868kB high:1040kB reserved_highatomic:0KB "
                        + "active_anon:0kB inactive_anon:0kB active_file:0kB inactive_file:0kB unevictable:0kB "
                        + "writepending:0kB present:15992kB managed:15360kB mlocked:0kB bounce:0kB free_pcp:0kB "
                        + "local_pcp:0kB free_cma:0kB",
                "lowmem_reserve[]: 0 952 952 952 952"), l.subList(0, 12));
        assertEquals("Node 0 DMA: " + ShowMem.buddySummary(dma).substring("Node 0 DMA: ".length()), l.get(14));
        assertTrue(l.get(14).endsWith("= 15360kB"), l.get(14));
        assertTrue(l.get(14).matches("Node 0 DMA: (\\d+\\*\\d+kB (\\(M\\) )?){11}= 15360kB"), l.get(14));
        assertEquals(List.of(
                "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB",
                "Node 0 hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=2048kB",
                "0 total pagecache pages", "0 pages in swap cache", "Free swap  = 0kB", "Total swap = 0kB",
                (dma.presentPages + dma32.presentPages) + " pages RAM", "0 pages HighMem/MovableOnly",
                (dma.presentPages + dma32.presentPages - dma.managedPages - dma32.managedPages) + " pages reserved"),
                l.subList(16, l.size()));
    }

    @Test
    void filterLeavesOutNodesOutsideTheMask() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 2), 1);
        int before = k.printk.records().size();
        ShowMem.show(k.zones, k.printk, ShowMem.SHOW_MEM_FILTER_NODES, 0b10, ZoneType.NORMAL, 0);
        List<String> l = k.printk.records().subList(before, k.printk.records().size()).stream()
                .map(Printk.Record::text).toList();
        assertTrue(l.stream().noneMatch(s -> s.startsWith("Node 0")), String.join("\n", l));
        assertTrue(l.stream().anyMatch(s -> s.startsWith("Node 1 DMA32:")));
    }
}
