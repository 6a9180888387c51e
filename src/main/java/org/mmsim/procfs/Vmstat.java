/*
 * /proc/vmstat (mm/vmstat.c vmstat_start, vmstat_show): zone counters summed over zones, NUMA
 * events summed over zones, node counters summed over nodes (THP counts in huge pages), the dirty
 * thresholds (global_dirty_limits), the memmap page counts, every VM event, and the deprecated
 * nr_unstable. nr_memmap_pages counts memmap allocated after boot (memory hotplug), which does not
 * exist here, so it is 0 as on the host.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.writeback.DirtyLimits;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;

final class Vmstat {
    private static final int HPAGE_PMD_NR = 512;

    private Vmstat() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ZoneStat.COUNT; i++) {
            line(sb, ZoneStat.NAMES[i], globalZone(k, i));
        }
        for (int i = 0; i < NumaStat.COUNT; i++) {
            long sum = 0;
            for (Zone z : k.zones.allZones()) {
                sum += z.numaStats[i];
            }
            line(sb, NumaStat.NAMES[i], sum);
        }
        for (int i = 0; i < NodeStat.COUNT; i++) {
            long sum = 0;
            for (Node n : k.zones.nodes()) {
                sum += n.stats[i];
            }
            line(sb, NodeStat.NAMES[i], nodeStatForDisplay(i, sum));
        }
        DirtyLimits.Thresholds t = k.user.writeback.thresholds();
        line(sb, "nr_dirty_threshold", t.dirty());
        line(sb, "nr_dirty_background_threshold", t.background());
        line(sb, "nr_memmap_pages", 0);
        line(sb, "nr_memmap_boot_pages", k.layout.memmapPages);
        for (int i = 0; i < VmEvent.COUNT; i++) {
            line(sb, VmEvent.NAMES[i], k.vmEvents[i]);
        }
        sb.append("nr_unstable 0\n");
        return sb.toString();
    }

    /** vmstat_item_print_in_thp(): THP counters are kept in pages but shown in huge pages. */
    static long nodeStatForDisplay(int item, long value) {
        return switch (item) {
            case NodeStat.NR_ANON_TRANSPARENT_HUGEPAGES, NodeStat.NR_FILE_HUGEPAGES, NodeStat.NR_SHMEM_HUGEPAGES,
                    NodeStat.NR_SHMEM_PMDMAPPED, NodeStat.NR_FILE_PMDMAPPED -> value / HPAGE_PMD_NR;
            default -> value;
        };
    }

    static long globalZone(Kernel k, int item) {
        long sum = 0;
        for (Zone z : k.zones.allZones()) {
            sum += z.stats[item];
        }
        return sum;
    }

    static long globalNode(Kernel k, int item) {
        long sum = 0;
        for (Node n : k.zones.nodes()) {
            sum += n.stats[item];
        }
        return sum;
    }

    private static void line(StringBuilder sb, String name, long value) {
        sb.append(name).append(' ').append(value).append('\n');
    }
}
