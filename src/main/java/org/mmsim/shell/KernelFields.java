/*
 * The numbers `expect` can test, computed from kernel state the way the files that show them compute
 * them: every /proc/vmstat counter (mm/vmstat.c vmstat_show: zone, NUMA and node items summed over
 * zones and nodes, then the VM events) and the /proc/meminfo fields the simulated kernel tracks so
 * far (fs/proc/meminfo.c: MemTotal, MemFree, MemAvailable via si_mem_available()). Other meminfo
 * fields are added here as their mechanisms land.
 */
package org.mmsim.shell;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

final class KernelFields {
    /** One field: its name, whether /proc/meminfo shows it in kB (else a plain count), and its value. */
    record Field(String name, boolean kilobytes, ToLongFunction<Kernel> value) {
        /** The value in the unit expect compares: bytes for meminfo fields, the count otherwise. */
        long compared(Kernel k) {
            return kilobytes ? value.applyAsLong(k) << 10 : value.applyAsLong(k);
        }

        /** The value as its /proc file shows it. */
        String shown(Kernel k) {
            return value.applyAsLong(k) + (kilobytes ? " kB" : "");
        }
    }

    private static final Map<String, Field> FIELDS = new HashMap<>();

    static {
        add(new Field("MemTotal", true, k -> k.zones.totalramPages() * 4));
        add(new Field("MemFree", true, k -> zoneStat(k, ZoneStat.NR_FREE_PAGES) * 4));
        add(new Field("MemAvailable", true, k -> memAvailablePages(k) * 4));
        for (int i = 0; i < ZoneStat.COUNT; i++) {
            int item = i;
            add(new Field(ZoneStat.NAMES[i], false, k -> zoneStat(k, item)));
        }
        for (int i = 0; i < NumaStat.COUNT; i++) {
            int item = i;
            add(new Field(NumaStat.NAMES[i], false, k -> {
                long sum = 0;
                for (Zone z : k.zones.allZones()) {
                    sum += z.numaStats[item];
                }
                return sum;
            }));
        }
        for (int i = 0; i < NodeStat.COUNT; i++) {
            int item = i;
            add(new Field(NodeStat.NAMES[i], false, k -> nodeStat(k, item)));
        }
        for (int i = 0; i < VmEvent.COUNT; i++) {
            int item = i;
            add(new Field(VmEvent.NAMES[i], false, k -> k.vmEvents[item]));
        }
    }

    private KernelFields() {
    }

    private static void add(Field f) {
        FIELDS.put(f.name(), f);
    }

    /** The field of that name, or null. */
    static Field get(String name) {
        return FIELDS.get(name);
    }

    private static long zoneStat(Kernel k, int item) {
        long sum = 0;
        for (Zone z : k.zones.allZones()) {
            sum += z.stats[item];
        }
        return sum;
    }

    private static long nodeStat(Kernel k, int item) {
        long sum = 0;
        for (Node n : k.zones.nodes()) {
            sum += n.stats[item];
        }
        return sum;
    }

    /** si_mem_available(): free pages above the reserves, plus the cheaply reclaimable part of the page cache and slab. */
    private static long memAvailablePages(Kernel k) {
        long wmarkLow = 0;
        for (Zone z : k.zones.allZones()) {
            wmarkLow += z.wmark(Zone.WMARK_LOW);
        }
        long available = zoneStat(k, ZoneStat.NR_FREE_PAGES) - k.watermarks.totalreservePages();
        long pagecache = nodeStat(k, NodeStat.NR_ACTIVE_FILE) + nodeStat(k, NodeStat.NR_INACTIVE_FILE);
        pagecache -= Math.min(pagecache / 2, wmarkLow);
        available += pagecache;
        long reclaimable = nodeStat(k, NodeStat.NR_SLAB_RECLAIMABLE) + nodeStat(k, NodeStat.NR_KERNEL_MISC_RECLAIMABLE);
        reclaimable -= Math.min(reclaimable / 2, wmarkLow);
        available += reclaimable;
        return Math.max(0, available);
    }
}
