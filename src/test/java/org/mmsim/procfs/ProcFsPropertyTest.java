package org.mmsim.procfs;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vmstat.ZoneStat;
import org.mmsim.mm.zone.Zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** For any machine shape: the files agree with each other and with the zones. */
class ProcFsPropertyTest {
    @Property(tries = 25)
    void filesAgreeWithZones(@ForAll @IntRange(min = 32, max = 2048) int pageblocksOf2M,
                             @ForAll @IntRange(min = 1, max = 2) int nodes,
                             @ForAll @IntRange(min = 1, max = 8) int cpus) {
        long mem = (long) pageblocksOf2M * (2L << 20);
        Kernel k = Kernel.boot(MachineSpec.uniform(mem, cpus, nodes), 1);
        ProcFs fs = new ProcFs(k);
        long free = 0;
        long managed = 0;
        long buddyPages = 0;
        for (Zone z : k.zones.allZones()) {
            free += z.stats[ZoneStat.NR_FREE_PAGES];
            managed += z.managedPages;
            for (int o = 0; o < Zone.NR_PAGE_ORDERS; o++) {
                buddyPages += z.nrFree[o] << o;
            }
        }
        String meminfo = fs.read("/proc/meminfo");
        assertTrue(meminfo.startsWith(String.format("MemTotal:       %8d kB\nMemFree:        %8d kB\n",
                managed * 4, free * 4)), meminfo);
        assertEquals(free, buddyPages);
        String zoneinfo = fs.read("/proc/zoneinfo");
        long zoneHeaders = zoneinfo.lines().filter(l -> l.startsWith("Node ")).count();
        assertEquals(nodes * 5L, zoneHeaders, "every zone of every node, populated or not");
        long nodeFreeKb = 0;
        for (int nid = 0; nid < nodes; nid++) {
            String nm = fs.read("/sys/devices/system/node/node" + nid + "/meminfo");
            nodeFreeKb += Long.parseLong(nm.split("\n")[1].replaceAll("\\D+", " ").trim().split(" ")[1]);
        }
        assertEquals(free * 4, nodeFreeKb);
    }
}
