package org.mmsim.procfs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each renderer against this host's file of the same name: the same lines (or keys) in the same
 * order. Where both sides print numbers that legitimately differ, each number with the padding
 * before it is masked and the rest of the line must match byte for byte; column widths are checked
 * separately (and by the golden tests) since a number's width moves its padding. Host comparisons are skipped only if the host file is
 * unreadable. The simulated machine has the host's node count and CPU count and enough memory for
 * the host's populated zones (DMA, DMA32, Normal).
 */
class ProcFsFormatTest {
    private static final String NODE = "/sys/devices/system/node/";

    private static Kernel hostLike() {
        return Kernel.boot(MachineSpec.uniform(8L << 30, Runtime.getRuntime().availableProcessors(), 1), 1);
    }

    private static String host(String path) {
        Path p = Path.of(path);
        Assumptions.assumeTrue(Files.isReadable(p), "host file unreadable: " + path);
        try (InputStream in = Files.newInputStream(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            Assumptions.abort("host file unreadable: " + path);
            return "";
        }
    }

    private static List<String> masked(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            // pagetypeinfo marks a free count it stopped counting at 100000 with '>' (either side may).
            out.add(line.replaceAll(" *>?\\d+", "#"));
        }
        return out;
    }

    /** The first whitespace- or colon-terminated token of each line. */
    private static List<String> keys(String text, String separator) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            out.add(line.split(separator)[0]);
        }
        return out;
    }

    private static void assertSameShape(String path, String ours) {
        assertEquals(masked(host(path)), masked(ours), path);
    }

    @Test
    void zoneinfoMatchesHostLineForLine() {
        Assumptions.assumeTrue(host(NODE + "online").trim().equals("0"), "host has more than one node");
        assertSameShape("/proc/zoneinfo", new ProcFs(hostLike()).read("/proc/zoneinfo"));
    }

    @Test
    void pagetypeinfoMatchesHostLineForLine() {
        Assumptions.assumeTrue(host(NODE + "online").trim().equals("0"), "host has more than one node");
        assertSameShape("/proc/pagetypeinfo", new ProcFs(hostLike()).read("/proc/pagetypeinfo"));
    }

    @Test
    void buddyinfoMatchesHostLineForLine() {
        Assumptions.assumeTrue(host(NODE + "online").trim().equals("0"), "host has more than one node");
        assertSameShape("/proc/buddyinfo", new ProcFs(hostLike()).read("/proc/buddyinfo"));
    }

    @Test
    void meminfoHasHostFieldsInOrderAndLayout() {
        String ours = new ProcFs(hostLike()).read("/proc/meminfo");
        assertEquals(keys(host("/proc/meminfo"), ":"), keys(ours, ":"));
        // %-16s%8lu: every value ends in column 24 (longer ones push right), " kB" where the host has it.
        List<String> hostLines = List.of(host("/proc/meminfo").split("\n"));
        List<String> ourLines = List.of(ours.split("\n"));
        for (int i = 0; i < hostLines.size(); i++) {
            assertEquals(hostLines.get(i).endsWith(" kB"), ourLines.get(i).endsWith(" kB"), ourLines.get(i));
            assertTrue(ourLines.get(i).matches("\\S+:\\s+\\d+( kB)?"), ourLines.get(i));
            assertEquals(Math.max(24, ourLines.get(i).replace(" kB", "").length()),
                    ourLines.get(i).replace(" kB", "").length(), ourLines.get(i));
        }
    }

    @Test
    void vmstatHasHostKeysInOrder() {
        assertEquals(keys(host("/proc/vmstat"), " "), keys(new ProcFs(hostLike()).read("/proc/vmstat"), " "));
    }

    @Test
    void nodeFilesMatchHost() {
        Assumptions.assumeTrue(host(NODE + "online").trim().equals("0"), "host has more than one node");
        ProcFs fs = new ProcFs(hostLike());
        String ours = fs.read(NODE + "node0/meminfo");
        assertSameShape(NODE + "node0/meminfo", ours);
        String[] hostLines = host(NODE + "node0/meminfo").split("\n");
        String[] ourLines = ours.split("\n");
        for (int i = 0; i < hostLines.length; i++) {
            // Values are right-aligned to one column while they fit their %8lu (or %5u) field.
            if (hostLines[i].matches(".*\\s\\d{1,5}( kB)?") && ourLines[i].matches(".*\\s\\d{1,5}( kB)?")) {
                assertEquals(hostLines[i].length(), ourLines[i].length(), ourLines[i]);
            }
        }
        assertEquals(host(NODE + "node0/distance"), fs.read(NODE + "node0/distance"));
        assertSameShape(NODE + "node0/numastat", fs.read(NODE + "node0/numastat"));
        for (String f : new String[]{"online", "possible", "has_memory", "has_normal_memory", "has_cpu",
                "has_generic_initiator"}) {
            assertEquals(host(NODE + f), fs.read(NODE + f), f);
        }
    }

    @Test
    void uptimeHasHostLayout() {
        assertSameShape("/proc/uptime", new ProcFs(hostLike()).read("/proc/uptime"));
    }

    /** Same lines, same number of fields on each (the intr line's IRQ count included) as this host's. */
    @Test
    void statHasHostLayout() {
        assertSameShape("/proc/stat", new ProcFs(hostLike()).read("/proc/stat"));
    }

    @Test
    void twoNodeFilesListBothNodes() {
        Kernel k = Kernel.boot(MachineSpec.uniform(2L << 30, 2, 2), 1);
        ProcFs fs = new ProcFs(k);
        assertEquals("0-1\n", fs.read(NODE + "online"));
        assertEquals("0-1\n", fs.read(NODE + "has_cpu"));
        assertEquals("20 10\n", fs.read(NODE + "node1/distance"));
        assertTrue(fs.read(NODE + "node1/meminfo").startsWith("Node 1 MemTotal:"));
        String zoneinfo = fs.read("/proc/zoneinfo");
        // Each node's counters appear once, under its first populated zone.
        assertEquals(2, zoneinfo.split("per-node stats", -1).length - 1);
        assertTrue(zoneinfo.contains("Node 1, zone    DMA32\n  per-node stats\n"), zoneinfo);
        String pagetypeinfo = fs.read("/proc/pagetypeinfo");
        assertEquals(2, pagetypeinfo.split("Page block order: 9", -1).length - 1);
    }

    /** 1 GiB, one node, 2 CPUs: the DMA zone's head of /proc/zoneinfo, worked out by hand. */
    @Test
    void zoneinfoGoldenOneGigabyte() {
        String z = new ProcFs(Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1)).read("/proc/zoneinfo");
        assertTrue(z.startsWith("Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon 0\n"
                + "      nr_active_anon 0\n"), z);
        assertTrue(z.contains("\n      nr_mapped    0\n"), "names shorter than 12 are padded");
        assertTrue(z.contains("  pages free     3840\n        boost    0\n        min      174\n"
                + "        low      217\n        high     260\n        promo    303\n        spanned  4095\n"
                + "        present  3998\n        managed  3840\n        cma      0\n"
                + "        protection: (0, 952, 952, 952, 952)\n      nr_free_pages 3840\n"), z);
        assertTrue(z.contains("  pagesets\n    cpu: 0\n              count:    0\n              high:     0\n"
                + "              batch:    1\n              high_min: 108\n              high_max: 240\n"
                + "  vm stats threshold: 4\n    cpu: 1\n"), z);
        assertTrue(z.contains("  node_unreclaimable:  0\n  start_pfn:           1\nNode 0, zone    DMA32\n"), z);
        assertTrue(z.endsWith("Node 0, zone   Device\n  pages free     0\n        boost    0\n        min      0\n"
                + "        low      0\n        high     0\n        promo    0\n        spanned  0\n"
                + "        present  0\n        managed  0\n        cma      0\n"
                + "        protection: (0, 0, 0, 0, 0)\n"), z);
    }

    /**
     * 1 GiB: pageblocks are counted from each zone's first pfn; DMA starts at pfn 1, DMA32 at 4096. The slab
     * caches made at boot claimed one order-10 block (two pageblocks) as Unmovable: __rmqueue_claim takes
     * the largest fallback block.
     */
    @Test
    void pagetypeinfoGoldenOneGigabyte() {
        String p = new ProcFs(Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1)).read("/proc/pagetypeinfo");
        assertTrue(p.startsWith("Page block order: 9\nPages per block:  512\n\n"
                + "Free pages count per migrate type at order       0      1      2      3      4      5      6"
                + "      7      8      9     10 \n"), p);
        assertTrue(p.endsWith("\nNumber of blocks type     Unmovable      Movable  Reclaimable   HighAtomic      Isolate \n"
                + "Node 0, zone      DMA            0            8            0            0            0 \n"
                // two pageblocks claimed for the reclaimable slab of the mounts' root dentries
                + "Node 0, zone    DMA32            2          500            2            0            0 \n"), p);
    }
}
