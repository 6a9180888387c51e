/*
 * The "Mem-Info:" report (mm/show_mem.c: __show_mem, show_free_areas, show_migration_types,
 * si_mem_available) that allocation failures and the OOM killer print, with the hugetlb per-node
 * lines (hugetlb_show_meminfo_node, for the 1 GiB and 2 MiB hstates) and swap summary
 * (show_swap_cache_info). Hugetlb pools, swap, bounce, writeback_tmp and kswapd failures do not
 * exist yet and print 0 / "no". CONFIG_CMA and CONFIG_MEMORY_FAILURE are off on the reference host
 * (its /proc/meminfo has neither CmaTotal nor HardwareCorrupted), so their lines are absent.
 */
package org.mmsim.mm.vmstat;

import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.Printk;

public final class ShowMem {
    /** SHOW_MEM_FILTER_NODES: leave out nodes the current task may not allocate from. */
    public static final int SHOW_MEM_FILTER_NODES = 1;
    /** Hugepage sizes in kB, in hstate registration order on x86-64 with gbpages. */
    private static final long[] HSTATE_SIZES_KB = {1048576, 2048};
    /** Letters of show_migration_types(), by migratetype. */
    private static final char[] TYPE_LETTERS = {'U', 'M', 'E', 'H', 'I'};

    private ShowMem() {
    }

    /** si_mem_available(): free pages above the reserves plus what reclaim could give back without thrashing. */
    public static long siMemAvailable(Zones zones, long totalreservePages) {
        long wmarkLow = 0;
        long free = 0;
        for (Zone z : zones.allZones()) {
            wmarkLow += z.wmark(Zone.WMARK_LOW);
            free += z.stats[ZoneStat.NR_FREE_PAGES];
        }
        long available = free - totalreservePages;
        long pagecache = globalNode(zones, NodeStat.NR_ACTIVE_FILE) + globalNode(zones, NodeStat.NR_INACTIVE_FILE);
        pagecache -= Math.min(pagecache / 2, wmarkLow);
        available += pagecache;
        long reclaimable = globalNode(zones, NodeStat.NR_SLAB_RECLAIMABLE)
                + globalNode(zones, NodeStat.NR_KERNEL_MISC_RECLAIMABLE);
        reclaimable -= Math.min(reclaimable / 2, wmarkLow);
        available += reclaimable;
        return Math.max(0, available);
    }

    /**
     * __show_mem(): logs the report at KERN_INFO (printk's default level for these lines).
     * allowedNodes is the current task's mems_allowed as a bit mask, consulted with SHOW_MEM_FILTER_NODES;
     * cpu is the reporting CPU, whose own per-CPU list is shown as local_pcp.
     */
    public static void show(Zones zones, Printk printk, int filter, long allowedNodes, int maxZoneIdx, int cpu) {
        printk.info("Mem-Info:");
        long freePcp = 0;
        for (Zone z : shownZones(zones, filter, allowedNodes, maxZoneIdx)) {
            freePcp += z.pcpPages();
        }
        printk.info(String.format("active_anon:%d inactive_anon:%d isolated_anon:%d\n"
                        + " active_file:%d inactive_file:%d isolated_file:%d\n"
                        + " unevictable:%d dirty:%d writeback:%d\n"
                        + " slab_reclaimable:%d slab_unreclaimable:%d\n"
                        + " mapped:%d shmem:%d pagetables:%d\n"
                        + " sec_pagetables:%d bounce:%d\n"
                        + " kernel_misc_reclaimable:%d\n"
                        + " free:%d free_pcp:%d free_cma:%d",
                globalNode(zones, NodeStat.NR_ACTIVE_ANON), globalNode(zones, NodeStat.NR_INACTIVE_ANON),
                globalNode(zones, NodeStat.NR_ISOLATED_ANON), globalNode(zones, NodeStat.NR_ACTIVE_FILE),
                globalNode(zones, NodeStat.NR_INACTIVE_FILE), globalNode(zones, NodeStat.NR_ISOLATED_FILE),
                globalNode(zones, NodeStat.NR_UNEVICTABLE), globalNode(zones, NodeStat.NR_DIRTY),
                globalNode(zones, NodeStat.NR_WRITEBACK), globalNode(zones, NodeStat.NR_SLAB_RECLAIMABLE),
                globalNode(zones, NodeStat.NR_SLAB_UNRECLAIMABLE), globalNode(zones, NodeStat.NR_MAPPED),
                globalNode(zones, NodeStat.NR_SHMEM), globalNode(zones, NodeStat.NR_PAGE_TABLE_PAGES),
                globalNode(zones, NodeStat.NR_SEC_PAGE_TABLE_PAGES), 0L,
                globalNode(zones, NodeStat.NR_KERNEL_MISC_RECLAIMABLE), globalZone(zones, ZoneStat.NR_FREE_PAGES),
                freePcp, globalZone(zones, ZoneStat.NR_FREE_CMA)));
        for (Node n : zones.nodes()) {
            if (skipNode(filter, allowedNodes, n.id) || !hasManagedZones(n, maxZoneIdx)) {
                continue;
            }
            long[] s = n.stats;
            printk.info(String.format("Node %d active_anon:%dkB inactive_anon:%dkB active_file:%dkB "
                            + "inactive_file:%dkB unevictable:%dkB isolated(anon):%dkB isolated(file):%dkB "
                            + "mapped:%dkB dirty:%dkB writeback:%dkB shmem:%dkB shmem_thp:%dkB "
                            + "shmem_pmdmapped:%dkB anon_thp:%dkB writeback_tmp:%dkB kernel_stack:%dkB "
                            + "pagetables:%dkB sec_pagetables:%dkB all_unreclaimable? %s",
                    n.id, k(s[NodeStat.NR_ACTIVE_ANON]), k(s[NodeStat.NR_INACTIVE_ANON]),
                    k(s[NodeStat.NR_ACTIVE_FILE]), k(s[NodeStat.NR_INACTIVE_FILE]), k(s[NodeStat.NR_UNEVICTABLE]),
                    k(s[NodeStat.NR_ISOLATED_ANON]), k(s[NodeStat.NR_ISOLATED_FILE]), k(s[NodeStat.NR_MAPPED]),
                    k(s[NodeStat.NR_DIRTY]), k(s[NodeStat.NR_WRITEBACK]), k(s[NodeStat.NR_SHMEM]),
                    k(s[NodeStat.NR_SHMEM_HUGEPAGES]), k(s[NodeStat.NR_SHMEM_PMDMAPPED]),
                    k(s[NodeStat.NR_ANON_TRANSPARENT_HUGEPAGES]), 0L, s[NodeStat.NR_KERNEL_STACK],
                    k(s[NodeStat.NR_PAGE_TABLE_PAGES]), k(s[NodeStat.NR_SEC_PAGE_TABLE_PAGES]), "no"));
        }
        for (Zone z : shownZones(zones, filter, allowedNodes, maxZoneIdx)) {
            long[] s = z.stats;
            printk.info(String.format("Node %d %s free:%dkB boost:%dkB min:%dkB low:%dkB high:%dkB "
                            + "reserved_highatomic:%dKB active_anon:%dkB inactive_anon:%dkB active_file:%dkB "
                            + "inactive_file:%dkB unevictable:%dkB writepending:%dkB present:%dkB managed:%dkB "
                            + "mlocked:%dkB bounce:%dkB free_pcp:%dkB local_pcp:%dkB free_cma:%dkB",
                    z.node.id, z.name(), k(s[ZoneStat.NR_FREE_PAGES]), k(z.watermarkBoost),
                    k(z.wmark(Zone.WMARK_MIN)), k(z.wmark(Zone.WMARK_LOW)), k(z.wmark(Zone.WMARK_HIGH)),
                    k(z.nrReservedHighatomic), k(s[ZoneStat.NR_ZONE_ACTIVE_ANON]),
                    k(s[ZoneStat.NR_ZONE_INACTIVE_ANON]), k(s[ZoneStat.NR_ZONE_ACTIVE_FILE]),
                    k(s[ZoneStat.NR_ZONE_INACTIVE_FILE]), k(s[ZoneStat.NR_ZONE_UNEVICTABLE]),
                    k(s[ZoneStat.NR_ZONE_WRITE_PENDING]), k(z.presentPages), k(z.managedPages),
                    k(s[ZoneStat.NR_MLOCK]), 0L, k(z.pcpPages()), k(z.pcp[cpu].count), k(s[ZoneStat.NR_FREE_CMA])));
            StringBuilder reserve = new StringBuilder("lowmem_reserve[]:");
            for (long r : z.lowmemReserve) {
                reserve.append(' ').append(r);
            }
            printk.info(reserve.toString());
        }
        for (Zone z : shownZones(zones, filter, allowedNodes, maxZoneIdx)) {
            printk.info(buddySummary(z));
        }
        for (Node n : zones.nodes()) {
            if (skipNode(filter, allowedNodes, n.id)) {
                continue;
            }
            for (long sizeKb : HSTATE_SIZES_KB) {
                printk.info(String.format("Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 "
                        + "hugepages_size=%dkB", n.id, sizeKb));
            }
        }
        printk.info(globalNode(zones, NodeStat.NR_FILE_PAGES) + " total pagecache pages");
        printk.info(globalNode(zones, NodeStat.NR_SWAPCACHED) + " pages in swap cache");
        printk.info("Free swap  = 0kB");
        printk.info("Total swap = 0kB");
        long total = 0;
        long reserved = 0;
        for (Zone z : zones.allZones()) {
            if (z.populated()) {
                total += z.presentPages;
                reserved += z.presentPages - z.managedPages;
            }
        }
        printk.info(total + " pages RAM");
        printk.info("0 pages HighMem/MovableOnly");
        printk.info(reserved + " pages reserved");
    }

    /** One zone's free blocks per order with the migratetypes that hold them: "Node 0 DMA: 1*4kB (U) ... = 8kB". */
    static String buddySummary(Zone z) {
        StringBuilder sb = new StringBuilder(String.format("Node %d %s: ", z.node.id, z.name()));
        long total = 0;
        for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
            long nr = z.nrFree[order];
            total += nr << order;
            sb.append(nr).append('*').append(4L << order).append("kB ");
            if (nr != 0) {
                sb.append('(');
                for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                    if (z.freeListLength[Zone.freeList(order, mt)] != 0) {
                        sb.append(TYPE_LETTERS[mt]);
                    }
                }
                sb.append(") ");
            }
        }
        return sb.append("= ").append(k(total)).append("kB").toString();
    }

    private static java.util.List<Zone> shownZones(Zones zones, int filter, long allowedNodes, int maxZoneIdx) {
        java.util.List<Zone> out = new java.util.ArrayList<>();
        for (Zone z : zones.allZones()) {
            if (z.populated() && z.type <= maxZoneIdx && !skipNode(filter, allowedNodes, z.node.id)) {
                out.add(z);
            }
        }
        return out;
    }

    private static boolean skipNode(int filter, long allowedNodes, int nid) {
        return (filter & SHOW_MEM_FILTER_NODES) != 0 && (allowedNodes & (1L << nid)) == 0;
    }

    private static boolean hasManagedZones(Node n, int maxZoneIdx) {
        for (int t = 0; t <= maxZoneIdx && t < ZoneType.MAX_NR_ZONES; t++) {
            if (n.zones[t].managedPages != 0) {
                return true;
            }
        }
        return false;
    }

    private static long globalNode(Zones zones, int item) {
        long sum = 0;
        for (Node n : zones.nodes()) {
            sum += n.stats[item];
        }
        return sum;
    }

    private static long globalZone(Zones zones, int item) {
        long sum = 0;
        for (Zone z : zones.allZones()) {
            sum += z.stats[item];
        }
        return sum;
    }

    private static long k(long pages) {
        return pages << 2;
    }
}
