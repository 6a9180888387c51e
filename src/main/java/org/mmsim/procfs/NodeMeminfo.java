/*
 * /sys/devices/system/node/nodeN/meminfo (drivers/base/node.c node_read_meminfo with
 * si_meminfo_node and hugetlb_report_node_meminfo). Shown as 0 until their mechanisms exist:
 * NFS_Unstable, Bounce, WritebackTmp and the hugetlb pool lines.
 */
package org.mmsim.procfs;

import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;

final class NodeMeminfo {
    private NodeMeminfo() {
    }

    static String render(Node n, org.mmsim.mm.hugetlb.HugetlbPool hugetlb) {
        StringBuilder sb = new StringBuilder();
        long[] s = n.stats;
        long total = n.managedPages();
        long free = 0;
        long mlocked = 0;
        for (Zone z : n.zones) {
            free += z.stats[ZoneStat.NR_FREE_PAGES];
            mlocked += z.stats[ZoneStat.NR_MLOCK];
        }
        long sreclaimable = s[NodeStat.NR_SLAB_RECLAIMABLE];
        long sunreclaim = s[NodeStat.NR_SLAB_UNRECLAIMABLE];
        kb(sb, n, "MemTotal:", total);
        kb(sb, n, "MemFree:", free);
        kb(sb, n, "MemUsed:", total - free);
        kb(sb, n, "SwapCached:", s[NodeStat.NR_SWAPCACHED]);
        kb(sb, n, "Active:", s[NodeStat.NR_ACTIVE_ANON] + s[NodeStat.NR_ACTIVE_FILE]);
        kb(sb, n, "Inactive:", s[NodeStat.NR_INACTIVE_ANON] + s[NodeStat.NR_INACTIVE_FILE]);
        kb(sb, n, "Active(anon):", s[NodeStat.NR_ACTIVE_ANON]);
        kb(sb, n, "Inactive(anon):", s[NodeStat.NR_INACTIVE_ANON]);
        kb(sb, n, "Active(file):", s[NodeStat.NR_ACTIVE_FILE]);
        kb(sb, n, "Inactive(file):", s[NodeStat.NR_INACTIVE_FILE]);
        kb(sb, n, "Unevictable:", s[NodeStat.NR_UNEVICTABLE]);
        kb(sb, n, "Mlocked:", mlocked);
        kb(sb, n, "Dirty:", s[NodeStat.NR_DIRTY]);
        kb(sb, n, "Writeback:", s[NodeStat.NR_WRITEBACK]);
        kb(sb, n, "FilePages:", s[NodeStat.NR_FILE_PAGES]);
        kb(sb, n, "Mapped:", s[NodeStat.NR_MAPPED]);
        kb(sb, n, "AnonPages:", s[NodeStat.NR_ANON_PAGES]);
        kb(sb, n, "Shmem:", s[NodeStat.NR_SHMEM]);
        line(sb, n, String.format("%-16s%8d kB", "KernelStack:", s[NodeStat.NR_KERNEL_STACK]));
        kb(sb, n, "PageTables:", s[NodeStat.NR_PAGE_TABLE_PAGES]);
        kb(sb, n, "SecPageTables:", s[NodeStat.NR_SEC_PAGE_TABLE_PAGES]);
        kb(sb, n, "NFS_Unstable:", 0);
        kb(sb, n, "Bounce:", 0);
        kb(sb, n, "WritebackTmp:", 0);
        kb(sb, n, "KReclaimable:", sreclaimable + s[NodeStat.NR_KERNEL_MISC_RECLAIMABLE]);
        kb(sb, n, "Slab:", sreclaimable + sunreclaim);
        kb(sb, n, "SReclaimable:", sreclaimable);
        kb(sb, n, "SUnreclaim:", sunreclaim);
        kb(sb, n, "AnonHugePages:", s[NodeStat.NR_ANON_TRANSPARENT_HUGEPAGES]);
        kb(sb, n, "ShmemHugePages:", s[NodeStat.NR_SHMEM_HUGEPAGES]);
        kb(sb, n, "ShmemPmdMapped:", s[NodeStat.NR_SHMEM_PMDMAPPED]);
        kb(sb, n, "FileHugePages:", s[NodeStat.NR_FILE_HUGEPAGES]);
        kb(sb, n, "FilePmdMapped:", s[NodeStat.NR_FILE_PMDMAPPED]);
        line(sb, n, String.format("%-17s%5d", "HugePages_Total:", hugetlb.nodeHugepages(n.id)));
        line(sb, n, String.format("%-17s%5d", "HugePages_Free:", hugetlb.nodeHugepages(n.id)));
        line(sb, n, String.format("%-17s%5d", "HugePages_Surp:", 0));
        return sb.toString();
    }

    private static void kb(StringBuilder sb, Node n, String label, long pages) {
        line(sb, n, String.format("%-16s%8d kB", label, pages << 2));
    }

    private static void line(StringBuilder sb, Node n, String text) {
        sb.append("Node ").append(n.id).append(' ').append(text).append('\n');
    }
}
