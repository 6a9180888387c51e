/*
 * /proc/PID/numa_maps (fs/proc/task_mmu.c show_numa_map, gather_pte_stats, can_gather_numa_stats,
 * gather_stats): one line per VMA with its start, its memory policy as mpol_to_str() prints it, the
 * file (seq_path escaping space, tab, newline and '='), heap or stack marker, then the counts of the
 * normal pages its PTEs map: anon, dirty (PTE or page dirty), mapped (when it differs from both),
 * mapmax (the highest mapcount), swapcache, active (active or unevictable pages, printed when fewer
 * than all), writeback, one N<nid>= per node holding some, and kernelpagesize_kB. A VMA without
 * such pages ends after its name. Pages vm_normal_page() refuses are skipped: the zero page,
 * VM_PFNMAP mappings and reserved frames.
 * Every VMA shows the task's policy (mmsim has no VMA policies: mbind is not modelled); hugetlb
 * and THP mappings (4 kB pages only, never " huge") and /proc/PID/task/TID/numa_maps.
 */
package org.mmsim.procfs;

import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.zone.Zones;
import org.mmsim.task.Task;

import java.util.Arrays;

final class NumaMaps {
    /** mpol_to_str() of a NULL or MPOL_DEFAULT policy. */

    private NumaMaps() {
    }

    static String render(UserMemory um, Zones zones, Task t) {
        String policy = t.mempolicy().toString();
        MmStruct mm = t.mm();
        PageTable pt = t.pageTable();
        long[] perNode = new long[zones.nrNodes()];
        StringBuilder sb = new StringBuilder();
        for (Vma v : mm.vmas()) {
            String start = Long.toHexString(v.start());
            for (int i = start.length(); i < 8; i++) {
                sb.append('0');
            }
            sb.append(start).append(' ').append(policy);
            if (v.file() != null) {
                sb.append(" file=");
                escape(sb, v.file().path);
            } else if (mm.isInitialHeap(v)) {
                sb.append(" heap");
            } else if (v.start() <= mm.startStack && v.end() >= mm.startStack) {
                sb.append(" stack");
            }
            Arrays.fill(perNode, 0);
            long pages = 0, anon = 0, dirty = 0, swapcache = 0, active = 0, writeback = 0, mapcountMax = 0;
            boolean pfnmap = (v.flags() & VmFlags.VM_PFNMAP) != 0;
            for (long addr = v.start(); !pfnmap && addr < v.end(); addr += MemMap.PAGE_SIZE) {
                long e = pt.pte(addr);
                if (!Pte.present(e)) {
                    continue;
                }
                int pfn = Pte.pfn(e);
                if (pfn == um.zeroPfn || um.m.isReserved(pfn)) {
                    continue;
                }
                int flags = um.m.flags[pfn];
                pages++;
                if ((e & Pte.DIRTY) != 0 || (flags & PageFlags.PG_DIRTY) != 0) {
                    dirty++;
                }
                if ((flags & PageFlags.PG_SWAPCACHE) != 0) {
                    swapcache++;
                }
                if ((flags & (PageFlags.PG_ACTIVE | PageFlags.PG_UNEVICTABLE)) != 0) {
                    active++;
                }
                if ((flags & PageFlags.PG_WRITEBACK) != 0) {
                    writeback++;
                }
                if (um.rmap.isAnon(pfn)) {
                    anon++;
                }
                mapcountMax = Math.max(mapcountMax, um.m.mapcount[pfn]);
                perNode[zones.zoneOf(pfn).node.id]++;
            }
            if (pages != 0) {
                count(sb, " anon=", anon);
                count(sb, " dirty=", dirty);
                if (pages != anon && pages != dirty) {
                    sb.append(" mapped=").append(pages);
                }
                if (mapcountMax > 1) {
                    sb.append(" mapmax=").append(mapcountMax);
                }
                count(sb, " swapcache=", swapcache);
                if (active < pages) {
                    sb.append(" active=").append(active);
                }
                count(sb, " writeback=", writeback);
                for (int nid = 0; nid < perNode.length; nid++) {
                    if (perNode[nid] != 0) {
                        sb.append(" N").append(nid).append('=').append(perNode[nid]);
                    }
                }
                sb.append(" kernelpagesize_kB=").append(MemMap.PAGE_SIZE >> 10);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** A field printed only when non-zero. */
    private static void count(StringBuilder sb, String label, long n) {
        if (n != 0) {
            sb.append(label).append(n);
        }
    }

    /** seq_path(m, path, "\n\t= "): those characters as a backslash and three octal digits. */
    private static void escape(StringBuilder sb, String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\n' || c == '\t' || c == ' ' || c == '=') {
                sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                sb.append(c);
            }
        }
    }
}
