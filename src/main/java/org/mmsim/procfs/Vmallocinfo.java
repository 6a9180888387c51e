/*
 * /proc/vmallocinfo (mm/vmalloc.c vmalloc_info_show/show_purge_info): busy areas vmap_node by
 * vmap_node, each node's in address order, then lazily freed ranges not yet purged. Addresses print
 * unhashed, as root sees them with kptr_restrict=0; the caller is the name the simulated caller gave.
 * Left out: ioremap, vmap and vm_map_ram areas (nothing creates them here).
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.vmalloc.Vmalloc;

final class Vmallocinfo {
    private Vmallocinfo() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (int node = 0; node < k.vmalloc.nrVmapNodes(); node++) {
            for (Vmalloc.Area a : k.vmalloc.busyAreas()) {
                if (k.vmalloc.vmapNodeOf(a.addr) == node) {
                    area(sb, a);
                }
            }
        }
        for (long[] r : k.vmalloc.unpurged()) {
            sb.append(String.format("0x%016x-0x%016x %7d unpurged vm_area\n", r[0], r[1], r[1] - r[0]));
        }
        return sb.toString();
    }

    private static void area(StringBuilder sb, Vmalloc.Area a) {
        sb.append(String.format("0x%016x-0x%016x %7d %s", a.addr, a.addr + a.size, a.size, a.caller));
        if (a.nrPages() > 0) {
            sb.append(" pages=").append(a.nrPages());
        }
        if ((a.flags & Vmalloc.VM_ALLOC) != 0) {
            sb.append(" vmalloc");
        }
        for (int n = 0; n < a.pagesPerNode.length; n++) {
            if (a.pagesPerNode[n] > 0) {
                sb.append(" N").append(n).append('=').append(a.pagesPerNode[n]);
            }
        }
        sb.append('\n');
    }
}
