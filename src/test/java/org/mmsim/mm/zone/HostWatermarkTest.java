package org.mmsim.mm.zone;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mmsim.mm.page.MemMap;
import org.mmsim.sim.Printk;
import org.mmsim.sim.SimClock;
import org.mmsim.sim.Sysctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Feeds this host's zone sizes, CPU count and min_free_kbytes into mmsim's Watermarks (the code the
 * simulator runs, on zones built to the host's sizes) and expects the host's own figures back.
 *
 * The host boots with deferred_init=lazy: ZONE_NORMAL's managed pages keep growing after boot
 * (observed: 196608, later 2097152 of 5505024 present), and each growth re-runs the watermarks,
 * pcp batch/high_min/high_max, stat thresholds and the lower zones' protection (DMA's went from
 * (0, 3018, 3786, ...) to (0, 3018, 11210, ...)), so every figure matches the managed pages
 * printed in the same snapshot; none lags behind. A read can still land between a growth and the recomputation, so the file is
 * re-read (a few times, no waiting) until one snapshot is self-consistent; the last mismatch is
 * reported if none is. zoneinfo's min/low/high/promo include the zone's current watermark_boost
 * (raised by fragmenting fallbacks, decayed by kswapd), so the printed boost is taken off first.
 */
class HostWatermarkTest {
    private static final Path ZONEINFO = Path.of("/proc/zoneinfo");
    private static final Path MIN_FREE = Path.of("/proc/sys/vm/min_free_kbytes");
    private static final int ATTEMPTS = 20;

    /** What /proc/zoneinfo says about one zone. */
    static final class HostZone {
        int nid;
        String name;
        long boost, min, low, high, promo, spanned, present, managed;
        long[] protection;
        final List<long[]> pagesets = new ArrayList<>(); // batch, high_min, high_max per CPU
        final List<Long> thresholds = new ArrayList<>();
    }

    @Test
    void mmsimReproducesHostWatermarksAndPagesets() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(ZONEINFO) && Files.isReadable(MIN_FREE), "no host /proc");
        int minFreeKbytes = Integer.parseInt(readHost(MIN_FREE).trim());
        List<String> mismatches = null;
        for (int attempt = 0; attempt < ATTEMPTS && (mismatches == null || !mismatches.isEmpty()); attempt++) {
            mismatches = compare(parse(readHost(ZONEINFO)), minFreeKbytes);
        }
        assertEquals(List.of(), mismatches);
    }

    /**
     * khugepaged's min_free_kbytes (11 pageblocks per zone up to Normal, unless a twentieth of the
     * buffer pages is less) does not depend on how far Normal has grown, so mmsim's boot sequence
     * on the host's current sizes must give the host's value.
     */
    @Test
    void mmsimBootComputesHostMinFreeKbytes() throws IOException {
        Assumptions.assumeTrue(Files.isReadable(ZONEINFO) && Files.isReadable(MIN_FREE), "no host /proc");
        int hostValue = Integer.parseInt(readHost(MIN_FREE).trim());
        Assumptions.assumeTrue(readHost(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"))
                .matches("(?s).*\\[(always|madvise)\\].*"), "THP off on host");
        List<HostZone> host = parse(readHost(ZONEINFO));
        Zones zones = hostShapedZones(host);
        Watermarks w = new Watermarks(zones, new Printk(new SimClock()));
        w.updatePcpHighAndBatch();
        w.boot(true);
        assertEquals(hostValue, w.minFreeKbytes());
    }

    private static List<String> compare(List<HostZone> host, int minFreeKbytes) {
        Zones zones = hostShapedZones(host);
        Watermarks w = new Watermarks(zones, new Printk(new SimClock()));
        Sysctl sysctl = new Sysctl();
        w.registerSysctls(sysctl);
        sysctl.get("vm.min_free_kbytes").write(Integer.toString(minFreeKbytes));
        w.setupPerZoneLowmemReserve();
        w.refreshZoneStatThresholds();
        List<String> out = new ArrayList<>();
        for (HostZone h : host) {
            Zone z = zones.node(h.nid).zones[typeOf(h.name)];
            String where = "node " + h.nid + " " + h.name + " ";
            check(out, where + "min", h.min - h.boost, z.wmark(Zone.WMARK_MIN));
            check(out, where + "low", h.low - h.boost, z.wmark(Zone.WMARK_LOW));
            check(out, where + "high", h.high - h.boost, z.wmark(Zone.WMARK_HIGH));
            check(out, where + "promo", h.promo - h.boost, z.wmark(Zone.WMARK_PROMO));
            for (int j = 0; j < h.protection.length; j++) {
                check(out, where + "protection[" + j + "]", h.protection[j], z.lowmemReserve[j]);
            }
            for (int cpu = 0; cpu < h.pagesets.size(); cpu++) {
                long[] p = h.pagesets.get(cpu);
                check(out, where + "cpu " + cpu + " batch", p[0], z.pcp[cpu].batch);
                check(out, where + "cpu " + cpu + " high_min", p[1], z.pcp[cpu].highMin);
                check(out, where + "cpu " + cpu + " high_max", p[2], z.pcp[cpu].highMax);
                check(out, where + "cpu " + cpu + " vm stats threshold", h.thresholds.get(cpu), z.statThreshold);
            }
        }
        return out;
    }

    private static void check(List<String> out, String what, long hostValue, long mmsimValue) {
        if (hostValue != mmsimValue) {
            out.add(what + ": host " + hostValue + ", mmsim " + mmsimValue);
        }
    }

    /** Nodes and zones sized as the host's, every online CPU on node 0 unless sysfs says otherwise. */
    static Zones hostShapedZones(List<HostZone> host) {
        int nrNodes = 0;
        int nrCpus = 0;
        for (HostZone h : host) {
            nrNodes = Math.max(nrNodes, h.nid + 1);
            nrCpus = Math.max(nrCpus, h.pagesets.size());
        }
        Node[] nodes = new Node[nrNodes];
        for (int i = 0; i < nrNodes; i++) {
            nodes[i] = new Node(i);
        }
        int[] cpuToNode = new int[nrCpus];
        for (int nid = 0; nid < nrNodes; nid++) {
            for (int cpu : cpusOfNode(nid, nrCpus, nrNodes)) {
                cpuToNode[cpu] = nid;
            }
        }
        for (Node n : nodes) {
            List<Integer> cpus = new ArrayList<>();
            for (int c = 0; c < nrCpus; c++) {
                if (cpuToNode[c] == n.id) {
                    cpus.add(c);
                }
            }
            n.cpus = cpus.stream().mapToInt(Integer::intValue).toArray();
        }
        for (HostZone h : host) {
            Zone z = nodes[h.nid].zones[typeOf(h.name)];
            z.spannedPages = h.spanned;
            z.presentPages = h.present;
            z.managedPages = h.managed;
            nodes[h.nid].presentPages += h.present;
            z.pcp = new PerCpuPages[nrCpus];
            for (int c = 0; c < nrCpus; c++) {
                z.pcp[c] = new PerCpuPages();
            }
        }
        int[][] distance = org.mmsim.mm.init.MachineSpec.defaultDistances(nrNodes);
        Zones zones = new Zones(nodes, nrCpus, cpuToNode, distance, new MemMap(1));
        Zonelists.build(zones);
        return zones;
    }

    private static List<Integer> cpusOfNode(int nid, int nrCpus, int nrNodes) {
        List<Integer> out = new ArrayList<>();
        Path list = Path.of("/sys/devices/system/node/node" + nid + "/cpulist");
        try {
            String text = readHost(list).trim();
            for (String part : text.isEmpty() ? new String[0] : text.split(",")) {
                String[] r = part.split("-");
                int lo = Integer.parseInt(r[0]);
                int hi = r.length > 1 ? Integer.parseInt(r[1]) : lo;
                for (int c = lo; c <= hi && c < nrCpus; c++) {
                    out.add(c);
                }
            }
        } catch (IOException e) {
            if (nrNodes == 1) {
                for (int c = 0; c < nrCpus; c++) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * Reads a host file to EOF through a plain stream: on this host Files.readString returned a
     * short read for a sysctl file ("6" for "67584").
     */
    static String readHost(Path p) throws IOException {
        try (java.io.InputStream in = new java.io.FileInputStream(p.toFile())) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private static int typeOf(String name) {
        for (int t = 0; t < ZoneType.MAX_NR_ZONES; t++) {
            if (ZoneType.NAMES[t].equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown zone " + name);
    }

    static List<HostZone> parse(String text) {
        List<HostZone> out = new ArrayList<>();
        HostZone cur = null;
        Map<String, Long> kv = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (raw.startsWith("Node ")) {
                cur = new HostZone();
                String[] f = raw.split("[ ,]+");
                cur.nid = Integer.parseInt(f[1]);
                cur.name = f[3];
                out.add(cur);
                continue;
            }
            if (cur == null) {
                continue;
            }
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "pages" -> { } // "pages free N": not a formula output
                case "boost" -> cur.boost = Long.parseLong(f[1]);
                case "min" -> cur.min = Long.parseLong(f[1]);
                case "low" -> cur.low = Long.parseLong(f[1]);
                case "high" -> cur.high = Long.parseLong(f[1]);
                case "promo" -> cur.promo = Long.parseLong(f[1]);
                case "spanned" -> cur.spanned = Long.parseLong(f[1]);
                case "present" -> cur.present = Long.parseLong(f[1]);
                case "managed" -> cur.managed = Long.parseLong(f[1]);
                case "protection:" -> {
                    String[] v = line.substring(line.indexOf('(') + 1, line.indexOf(')')).split(",\\s*");
                    cur.protection = new long[v.length];
                    for (int i = 0; i < v.length; i++) {
                        cur.protection[i] = Long.parseLong(v[i]);
                    }
                }
                case "batch:" -> kv.put("batch", Long.parseLong(f[1]));
                case "high_min:" -> kv.put("high_min", Long.parseLong(f[1]));
                case "high_max:" -> {
                    cur.pagesets.add(new long[]{kv.get("batch"), kv.get("high_min"), Long.parseLong(f[1])});
                }
                case "vm" -> cur.thresholds.add(Long.parseLong(f[3]));
                default -> { }
            }
        }
        return out;
    }
}
