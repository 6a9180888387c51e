/*
 * /proc/zoneinfo (mm/vmstat.c zoneinfo_show, zoneinfo_show_print): every zone of every node; the
 * node's counters under its first populated zone; watermarks, sizes and lowmem protection; then, for
 * populated zones only, the zone and NUMA counters, each CPU's pageset and the node's reclaim state.
 * node_unreclaimable says whether kswapd has given up on the node (kswapd_failures); cma is 0
 * because CONFIG_CMA is off on the reference host.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.mm.zone.Zone;

final class Zoneinfo {
    private Zoneinfo() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (Node node : k.zones.nodes()) {
            Zone firstPopulated = null;
            for (Zone z : node.zones) {
                if (z.populated()) {
                    firstPopulated = z;
                    break;
                }
            }
            for (Zone z : node.zones) {
                zone(sb, z, z == firstPopulated, k.vmscan.kswapd(node.id).hopeless());
            }
        }
        return sb.toString();
    }

    private static void zone(StringBuilder sb, Zone z, boolean withNodeStats, boolean unreclaimable) {
        sb.append(String.format("Node %d, zone %8s", z.node.id, z.name()));
        if (withNodeStats) {
            sb.append("\n  per-node stats");
            for (int i = 0; i < NodeStat.COUNT; i++) {
                stat(sb, NodeStat.NAMES[i], Vmstat.nodeStatForDisplay(i, z.node.stats[i]));
            }
        }
        sb.append(String.format("\n  pages free     %d\n        boost    %d\n        min      %d"
                        + "\n        low      %d\n        high     %d\n        promo    %d\n        spanned  %d"
                        + "\n        present  %d\n        managed  %d\n        cma      %d",
                z.stats[ZoneStat.NR_FREE_PAGES], z.watermarkBoost, z.wmark(Zone.WMARK_MIN),
                z.wmark(Zone.WMARK_LOW), z.wmark(Zone.WMARK_HIGH), z.wmark(Zone.WMARK_PROMO), z.spannedPages,
                z.presentPages, z.managedPages, 0L));
        sb.append("\n        protection: (").append(z.lowmemReserve[0]);
        for (int i = 1; i < z.lowmemReserve.length; i++) {
            sb.append(", ").append(z.lowmemReserve[i]);
        }
        sb.append(')');
        if (!z.populated()) {
            sb.append('\n');
            return;
        }
        for (int i = 0; i < ZoneStat.COUNT; i++) {
            stat(sb, ZoneStat.NAMES[i], z.stats[i]);
        }
        for (int i = 0; i < NumaStat.COUNT; i++) {
            stat(sb, NumaStat.NAMES[i], z.numaStats[i]);
        }
        sb.append("\n  pagesets");
        for (int cpu = 0; cpu < z.pcp.length; cpu++) {
            PerCpuPages p = z.pcp[cpu];
            sb.append(String.format("\n    cpu: %d\n              count:    %d\n              high:     %d"
                            + "\n              batch:    %d\n              high_min: %d\n              high_max: %d",
                    cpu, p.count, p.high, p.batch, p.highMin, p.highMax));
            sb.append("\n  vm stats threshold: ").append(z.statThreshold);
        }
        sb.append(String.format("\n  node_unreclaimable:  %d\n  start_pfn:           %d\n",
                unreclaimable ? 1 : 0, z.startPfn));
    }

    private static void stat(StringBuilder sb, String name, long value) {
        sb.append(String.format("\n      %-12s %d", name, value));
    }
}
