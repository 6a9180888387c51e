package org.mmsim.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

/**
 * The THP, KSM and hugetlb files against the host's (read only): the same names in each directory,
 * and the same content where the host's value is a default or a tunable choice list rather than a
 * count that grows with uptime; then Linux's write semantics.
 */
class MmSysfsFilesTest {
    private static final List<String> DIRS = List.of("/sys/kernel/mm/transparent_hugepage/khugepaged",
            "/sys/kernel/mm/ksm", "/sys/kernel/mm/hugepages/hugepages-2048kB",
            "/sys/kernel/mm/hugepages/hugepages-1048576kB");
    /** Counters that change with the host's activity, and the files mmsim leaves out. */
    private static final Set<String> HOST_DEPENDENT = Set.of("full_scans", "pages_collapsed", "pages_scanned",
            "pages_shared", "pages_sharing", "pages_skipped", "pages_unshared", "pages_volatile", "general_profit",
            "ksm_zero_pages", "stable_node_chains", "stable_node_dups");
    private static final Set<String> LEFT_OUT = Set.of("demote", "demote_size");

    private static Kernel boot(String thp) {
        return Kernel.boot(new MachineSpec(new long[] {256L << 20}, 1, new int[][] {{10}}, 0, 0, thp), 0);
    }

    private static ProcFs procfs(String thp) {
        return new ProcFs(boot(thp));
    }

    /** One large read, as cat does (Files.readString loses the newline of /proc/sys files). */
    private static String host(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[4096];
            int n = in.read(buf);
            return new String(buf, 0, Math.max(n, 0), StandardCharsets.US_ASCII);
        }
    }

    private static Set<String> hostNames(String dir) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            s.filter(Files::isRegularFile).forEach(p -> out.add(p.getFileName().toString()));
        }
        out.removeAll(LEFT_OUT);
        return out;
    }

    @Test
    void namesAndDefaultsMatchTheHost() throws IOException {
        assumeTrue(Files.isDirectory(Path.of("/sys/kernel/mm/ksm")), "host has no KSM sysfs");
        String hostThp = host(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        String mode = hostThp.substring(hostThp.indexOf('[') + 1, hostThp.indexOf(']'));
        ProcFs fs = procfs(mode);
        for (String dir : DIRS) {
            assertEquals(hostNames(dir), new TreeSet<>(fs.list(dir)), dir);
            for (String name : hostNames(dir)) {
                if (!HOST_DEPENDENT.contains(name)) {
                    assertEquals(host(Path.of(dir, name)), fs.read(dir + "/" + name), dir + "/" + name);
                }
            }
        }
        String thp = "/sys/kernel/mm/transparent_hugepage/";
        for (String name : List.of("enabled", "defrag", "shmem_enabled", "hpage_pmd_size", "use_zero_page",
                "shrink_underused", "anon_beside_full")) {
            Path host = Path.of(thp, name);
            if (Files.exists(host)) {
                assertEquals(host(host), fs.read(thp + name), name);
            }
        }
        for (String name : List.of("nr_hugepages", "nr_overcommit_hugepages")) {
            assertEquals(host(Path.of("/proc/sys/vm", name)), fs.read("/proc/sys/vm/" + name), name);
        }
        assertTrue(fs.list("/sys/kernel/mm").containsAll(List.of("hugepages", "ksm", "transparent_hugepage")));
        assertTrue(fs.allFiles().contains(thp + "enabled"), "exported");
    }

    private static void refused(ProcFs fs, String path, String value) {
        String before = fs.read(path);
        KernelError e = assertThrows(KernelError.class, () -> fs.write(path, value), path + " <- " + value);
        assertEquals(Errno.EINVAL, e.errno, path + " <- " + value);
        assertEquals(before, fs.read(path), "unchanged after a refused write");
    }

    @Test
    void thpTunablesTakeLinuxsValuesAndRefuseOthers() {
        ProcFs fs = procfs("always");
        String thp = "/sys/kernel/mm/transparent_hugepage/";
        assertEquals("[always] madvise never\n", fs.read(thp + "enabled"));
        fs.write(thp + "enabled", "never\n");
        assertEquals("always madvise [never]\n", fs.read(thp + "enabled"));
        refused(fs, thp + "enabled", "sometimes");
        refused(fs, thp + "enabled", "never\n\n");
        for (String v : List.of("always", "defer", "defer+madvise", "madvise", "never")) {
            fs.write(thp + "defrag", v + "\n");
            assertTrue(fs.read(thp + "defrag").contains("[" + v + "]"));
        }
        refused(fs, thp + "defrag", "defer+always");
        fs.write(thp + "shmem_enabled", "force");
        assertEquals("always within_size advise never deny [force]\n", fs.read(thp + "shmem_enabled"));
        refused(fs, thp + "use_zero_page", "2");
        refused(fs, thp + "khugepaged/pages_to_scan", "0");
        refused(fs, thp + "khugepaged/max_ptes_none", "512");
        refused(fs, thp + "khugepaged/scan_sleep_millisecs", "-1");
        refused(fs, thp + "khugepaged/alloc_sleep_millisecs", "4294967296");
        fs.write(thp + "khugepaged/max_ptes_none", "0\n");
        assertEquals("0\n", fs.read(thp + "khugepaged/max_ptes_none"));
        assertThrows(KernelError.class, () -> fs.write(thp + "hpage_pmd_size", "4096"));
    }

    @Test
    void ksmAndHugetlbWrites() {
        ProcFs fs = procfs("madvise");
        String ksm = "/sys/kernel/mm/ksm/";
        fs.write(ksm + "run", "2\n");
        assertEquals("2\n", fs.read(ksm + "run"));
        refused(fs, ksm + "run", "3");
        refused(fs, ksm + "run", "one");
        refused(fs, ksm + "max_page_sharing", "1");
        refused(fs, ksm + "merge_across_nodes", "2");
        fs.write(ksm + "sleep_millisecs", "50");
        assertEquals("50\n", fs.read(ksm + "sleep_millisecs"));
        fs.write(ksm + "advisor_mode", "scan-time\n");
        assertEquals("none [scan-time]\n", fs.read(ksm + "advisor_mode"));
        refused(fs, ksm + "pages_to_scan", "200");
        refused(fs, ksm + "advisor_mode", "auto");

        String pool = "/sys/kernel/mm/hugepages/hugepages-2048kB/";
        refused(fs, "/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", "1");
        refused(fs, "/proc/sys/vm/nr_hugepages", "-1");
        refused(fs, pool + "nr_hugepages", "four");
        fs.write("/proc/sys/vm/nr_hugepages", "0\n");
        fs.write("/proc/sys/vm/nr_overcommit_hugepages", "16");
        assertEquals("16\n", fs.read(pool + "nr_overcommit_hugepages"));
        assertEquals("0\n", fs.read(pool + "surplus_hugepages"));
    }

    private static long meminfo(ProcFs fs, String field) {
        for (String line : fs.read("/proc/meminfo").split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split(" ")[0]);
            }
        }
        throw new AssertionError(field);
    }

    @Test
    void nrHugepagesFillsAndEmptiesThePoolFromTheBuddyAllocator() {
        Kernel k = boot("madvise");
        ProcFs fs = new ProcFs(k);
        String pool = "/sys/kernel/mm/hugepages/hugepages-2048kB/";
        long free = meminfo(fs, "MemFree");
        fs.write("/proc/sys/vm/nr_hugepages", "4\n");
        assertEquals("4\n", fs.read(pool + "nr_hugepages"));
        assertEquals("4\n", fs.read(pool + "free_hugepages"));
        assertEquals(4, meminfo(fs, "HugePages_Total"));
        assertEquals(4, meminfo(fs, "HugePages_Free"));
        assertEquals(8192, meminfo(fs, "Hugetlb"));
        assertTrue(free - meminfo(fs, "MemFree") >= 8192, "the pool's pages left the free lists");
        assertTrue(fs.read("/sys/devices/system/node/node0/meminfo").matches("(?s).*HugePages_Total:\\s+4\n.*"));
        // More than the machine has: the pool takes what it can get, as Linux does.
        fs.write(pool + "nr_hugepages", "1000");
        long got = meminfo(fs, "HugePages_Total");
        assertTrue(got > 4 && got < 128, "shortfall leaves fewer pages: " + got);
        fs.write(pool + "nr_hugepages", "0");
        assertEquals(0, meminfo(fs, "HugePages_Total"));
        assertEquals(0, meminfo(fs, "Hugetlb"));
        k.pageAlloc.drainAllPages(); // freed order-9 blocks may wait on the per-CPU lists
        assertTrue(Math.abs(free - meminfo(fs, "MemFree")) < 1024, "freed back: " + free + " " + meminfo(fs, "MemFree"));
    }
}
