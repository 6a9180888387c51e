/*
 * /proc/buddyinfo (mm/vmstat.c frag_show): free blocks per order for each populated zone.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.zone.Zone;

final class Buddyinfo {
    private Buddyinfo() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (Zone z : k.zones.allZones()) {
            if (!z.populated()) {
                continue;
            }
            sb.append(String.format("Node %d, zone %8s ", z.node.id, z.name()));
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                sb.append(String.format("%6d ", z.nrFree[o]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
