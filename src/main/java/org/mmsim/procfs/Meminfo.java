/*
 * /proc/meminfo (fs/proc/meminfo.c meminfo_proc_show, with si_meminfo, si_mem_available,
 * vm_commit_limit, hugetlb_report_meminfo and x86's arch_report_meminfo), every field the
 * reference host prints, in its order. CommitLimit and Committed_AS come from the overcommit policy.
 * Shown as 0 until their mechanisms exist: Buffers, NFS_Unstable, Bounce, WritebackTmp,
 * VmallocChunk (always 0 in Linux), HugePages_Rsvd and HugePages_Surp (no hugetlbfs mappings).
 * VmallocUsed is vmalloc_nr_pages(); VmallocTotal is the vmalloc range's size.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.DirectMap;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.ShowMem;
import org.mmsim.mm.vmalloc.Vmalloc;
import org.mmsim.mm.vmstat.ZoneStat;

final class Meminfo {
    static final long HUGEPAGESIZE_KB = 2048;

    private Meminfo() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        long totalram = k.zones.totalramPages();
        long free = Vmstat.globalZone(k, ZoneStat.NR_FREE_PAGES);
        long buffers = 0;
        long swapCached = Vmstat.globalNode(k, NodeStat.NR_SWAPCACHED);
        long cached = Math.max(0, Vmstat.globalNode(k, NodeStat.NR_FILE_PAGES) - swapCached - buffers);
        long activeAnon = Vmstat.globalNode(k, NodeStat.NR_ACTIVE_ANON);
        long inactiveAnon = Vmstat.globalNode(k, NodeStat.NR_INACTIVE_ANON);
        long activeFile = Vmstat.globalNode(k, NodeStat.NR_ACTIVE_FILE);
        long inactiveFile = Vmstat.globalNode(k, NodeStat.NR_INACTIVE_FILE);
        long sreclaimable = Vmstat.globalNode(k, NodeStat.NR_SLAB_RECLAIMABLE);
        long sunreclaim = Vmstat.globalNode(k, NodeStat.NR_SLAB_UNRECLAIMABLE);
        DirectMap.Counts direct = k.directMap;

        kb(sb, "MemTotal:", totalram);
        kb(sb, "MemFree:", free);
        kb(sb, "MemAvailable:", ShowMem.siMemAvailable(k.zones, k.watermarks.totalreservePages()));
        kb(sb, "Buffers:", buffers);
        kb(sb, "Cached:", cached);
        kb(sb, "SwapCached:", swapCached);
        kb(sb, "Active:", activeAnon + activeFile);
        kb(sb, "Inactive:", inactiveAnon + inactiveFile);
        kb(sb, "Active(anon):", activeAnon);
        kb(sb, "Inactive(anon):", inactiveAnon);
        kb(sb, "Active(file):", activeFile);
        kb(sb, "Inactive(file):", inactiveFile);
        kb(sb, "Unevictable:", Vmstat.globalNode(k, NodeStat.NR_UNEVICTABLE));
        kb(sb, "Mlocked:", Vmstat.globalZone(k, ZoneStat.NR_MLOCK));
        kb(sb, "SwapTotal:", k.user.swapCache.swapFile.totalPages());
        kb(sb, "SwapFree:", k.user.swapCache.swapFile.freePages());
        kb(sb, "Zswap:", k.user.swapCache.zswap().totalPages());
        kb(sb, "Zswapped:", k.user.swapCache.zswap().storedPages());
        kb(sb, "Dirty:", Vmstat.globalNode(k, NodeStat.NR_DIRTY));
        kb(sb, "Writeback:", Vmstat.globalNode(k, NodeStat.NR_WRITEBACK));
        kb(sb, "AnonPages:", Vmstat.globalNode(k, NodeStat.NR_ANON_PAGES));
        kb(sb, "Mapped:", Vmstat.globalNode(k, NodeStat.NR_MAPPED));
        kb(sb, "Shmem:", Vmstat.globalNode(k, NodeStat.NR_SHMEM));
        kb(sb, "KReclaimable:", sreclaimable + Vmstat.globalNode(k, NodeStat.NR_KERNEL_MISC_RECLAIMABLE));
        kb(sb, "Slab:", sreclaimable + sunreclaim);
        kb(sb, "SReclaimable:", sreclaimable);
        kb(sb, "SUnreclaim:", sunreclaim);
        field(sb, "KernelStack:", Vmstat.globalNode(k, NodeStat.NR_KERNEL_STACK), true);
        kb(sb, "PageTables:", Vmstat.globalNode(k, NodeStat.NR_PAGE_TABLE_PAGES));
        kb(sb, "SecPageTables:", Vmstat.globalNode(k, NodeStat.NR_SEC_PAGE_TABLE_PAGES));
        kb(sb, "NFS_Unstable:", 0);
        kb(sb, "Bounce:", 0);
        kb(sb, "WritebackTmp:", 0);
        kb(sb, "CommitLimit:", k.overcommit.commitLimit());
        kb(sb, "Committed_AS:", k.overcommit.committed());
        field(sb, "VmallocTotal:", Vmalloc.totalBytes() >> 10, true);
        kb(sb, "VmallocUsed:", k.vmalloc.nrPages());
        kb(sb, "VmallocChunk:", 0);
        kb(sb, "Percpu:", k.layout.percpuPages);
        kb(sb, "AnonHugePages:", Vmstat.globalNode(k, NodeStat.NR_ANON_TRANSPARENT_HUGEPAGES));
        kb(sb, "ShmemHugePages:", Vmstat.globalNode(k, NodeStat.NR_SHMEM_HUGEPAGES));
        kb(sb, "ShmemPmdMapped:", Vmstat.globalNode(k, NodeStat.NR_SHMEM_PMDMAPPED));
        kb(sb, "FileHugePages:", Vmstat.globalNode(k, NodeStat.NR_FILE_HUGEPAGES));
        kb(sb, "FilePmdMapped:", Vmstat.globalNode(k, NodeStat.NR_FILE_PMDMAPPED));
        kb(sb, "Balloon:", Vmstat.globalNode(k, NodeStat.NR_BALLOON_PAGES));
        field(sb, "HugePages_Total:", k.hugetlb.nrHugepages(), false);
        field(sb, "HugePages_Free:", k.hugetlb.nrHugepages(), false);
        field(sb, "HugePages_Rsvd:", 0, false);
        field(sb, "HugePages_Surp:", 0, false);
        field(sb, "Hugepagesize:", HUGEPAGESIZE_KB, true);
        kb(sb, "Hugetlb:", k.hugetlb.nrHugepages() << org.mmsim.mm.hugetlb.HugetlbPool.ORDER);
        field(sb, "DirectMap4k:", direct.bytes4k() >> 10, true);
        field(sb, "DirectMap2M:", direct.bytes2m() >> 10, true);
        field(sb, "DirectMap1G:", direct.bytes1g() >> 10, true);
        return sb.toString();
    }

    private static void kb(StringBuilder sb, String label, long pages) {
        field(sb, label, pages << 2, true);
    }

    /** show_val_kb() layout: the label padded to 16 columns, the value right-aligned in 8. */
    static void field(StringBuilder sb, String label, long value, boolean kB) {
        sb.append(String.format("%-16s%8d", label, value)).append(kB ? " kB\n" : "\n");
    }
}
