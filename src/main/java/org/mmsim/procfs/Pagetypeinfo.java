/*
 * /proc/pagetypeinfo (mm/vmstat.c pagetypeinfo_show, pagetypeinfo_showfree_print,
 * pagetypeinfo_showblockcount_print), once per node with memory: free blocks per order on each
 * migratetype's list (capped at 100000 with a '>' as Linux does), then pageblocks per migratetype,
 * counted by stepping pageblock_nr_pages from the zone's first pfn over online sections only.
 * Left out: the mixed-block counts, printed only with page_owner enabled (off on this host).
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.E820;
import org.mmsim.mm.init.MemInit;
import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;

final class Pagetypeinfo {
    private static final long FREE_COUNT_CAP = 100000;

    private Pagetypeinfo() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (Node node : k.zones.nodes()) {
            if (node.presentPages == 0) {
                continue;
            }
            sb.append("Page block order: ").append(Zones.PAGEBLOCK_ORDER).append('\n');
            sb.append("Pages per block:  ").append(Zones.PAGEBLOCK_NR_PAGES).append('\n');
            sb.append('\n');
            sb.append(String.format("%-43s ", "Free pages count per migrate type at order"));
            for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
                sb.append(String.format("%6d ", order));
            }
            sb.append('\n');
            for (Zone z : node.zones) {
                if (!z.populated()) {
                    continue;
                }
                for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                    sb.append(String.format("Node %4d, zone %8s, type %12s ", node.id, z.name(),
                            MigrateType.NAMES[mt]));
                    for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
                        long n = z.freeListLength[Zone.freeList(order, mt)];
                        sb.append(n >= FREE_COUNT_CAP ? String.format(">%6d ", FREE_COUNT_CAP)
                                : String.format("%6d ", n));
                    }
                    sb.append('\n');
                }
            }
            sb.append(String.format("\n%-23s", "Number of blocks type "));
            for (int mt = 0; mt < MigrateType.MIGRATE_TYPES; mt++) {
                sb.append(String.format("%12s ", MigrateType.NAMES[mt]));
            }
            sb.append('\n');
            for (Zone z : node.zones) {
                if (!z.populated()) {
                    continue;
                }
                long[] count = blockCounts(k, z);
                sb.append(String.format("Node %d, zone %8s ", node.id, z.name()));
                for (long c : count) {
                    sb.append(String.format("%12d ", c));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Pageblocks of each migratetype, visiting pfns as pagetypeinfo_showblockcount_print does. */
    static long[] blockCounts(Kernel k, Zone z) {
        long[] count = new long[MigrateType.MIGRATE_TYPES];
        for (long pfn = z.startPfn; pfn < z.endPfn(); pfn += Zones.PAGEBLOCK_NR_PAGES) {
            if (!sectionOnline(k, pfn) || k.zones.zoneOf((int) pfn) != z) {
                continue;
            }
            count[k.zones.migratetypeOf((int) pfn)]++;
        }
        return count;
    }

    /** pfn_to_online_page(): the pfn's memory section holds some RAM. */
    private static boolean sectionOnline(Kernel k, long pfn) {
        long first = pfn >> MemInit.SECTION_SHIFT_PAGES << MemInit.SECTION_SHIFT_PAGES;
        long end = first + (1L << MemInit.SECTION_SHIFT_PAGES);
        for (E820.Range r : k.layout.usable) {
            if (r.start() < end && r.end() > first) {
                return true;
            }
        }
        return false;
    }
}
