package org.mmsim.shell;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The central check of byte-compatibility: mmsim's /proc and /sys, exported after a scenario, read by
 * the host's real tools (procps-ng free, vmstat, slabtop; numactl, numastat) with the export
 * bind-mounted over /proc and /sys inside a private mount namespace (unshare -m), so no other process
 * ever sees it. Where mmsim has the tool, the real tool's stdout, stderr and exit code must equal
 * mmsim's byte for byte; free and vmstat -s are also checked against the numbers /proc/meminfo holds. Skipped (assumption) only when unshare cannot make a mount
 * namespace or the tool is not installed (.ci/run installs procps and numactl).
 * The reference versions are Debian 12's: procps-ng 4.0.2 and numactl 2.0.16.
 */
class RealToolsTest {
    private static final String TWO_NODES = "machine memory=8G cpus=4 nodes=2 distance=10,21;21,10";

    /** Scenario name to scenario text; the export is of the state after the text runs. */
    private static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("fresh 1G", "machine memory=1G cpus=2");
        SCENARIOS.put("8G 2 nodes", TWO_NODES);
        SCENARIOS.put("2 nodes after allocations", String.join("\n", TWO_NODES,
                "a = kmalloc 100", "b = kmalloc 3000", "big = kmalloc 40000", "c = kmem_cache_create demo 200",
                "o1 = kmem_cache_alloc c", "o2 = kmem_cache_alloc c", "p = alloc_pages order=3 node=1",
                "q = alloc_pages order=9 node=0", "v = vmalloc 1M", "kfree b"));
        SCENARIOS.put("4 nodes, 6 cpus, uneven", String.join("\n",
                "machine node0=1G node1=1G node2=2G node3=512M cpus=6 "
                        + "distance=10,16,22,22;16,10,22,22;22,22,10,16;22,22,16,10",
                "p = alloc_pages order=5 node=2", "r = alloc_pages order=0 node=3", "k = kmalloc 5000"));
        SCENARIOS.put("40 cpus (two-chunk cpumap)", "machine memory=4G cpus=40 nodes=2\nx = kmalloc 64");
    }

    /** Tool invocations mmsim implements: the real tool must print exactly what mmsim prints. */
    private static final List<List<String>> SAME_OUTPUT = List.of(
            List.of("free"), List.of("free", "-b"), List.of("free", "-k"), List.of("free", "-m"),
            List.of("free", "-g"), List.of("free", "-w"), List.of("free", "-t"), List.of("free", "--si"),
            List.of("free", "-h"), List.of("free", "-h", "-w"), List.of("free", "-l"),
            List.of("vmstat"), List.of("vmstat", "-s"), List.of("vmstat", "-a"), List.of("vmstat", "-w"),
            List.of("vmstat", "-s", "-S", "M"), List.of("vmstat", "-f"),
            List.of("slabtop", "-o"), List.of("slabtop", "-o", "-s", "c"), List.of("slabtop", "-o", "-s", "n"),
            List.of("slabtop", "--once", "--sort=u"), List.of("slabtop", "-o", "-s", "l"),
            List.of("slabtop", "-o", "-sa"), List.of("slabtop", "-o", "-s", "b"), List.of("slabtop", "-o", "-s", "p"),
            List.of("slabtop", "-o", "-s", "s"), List.of("slabtop", "-o", "-s", "v"),
            List.of("numactl", "--hardware"), List.of("numastat"), List.of("numastat", "-m"),
            List.of("numastat", "-n"), List.of("numastat", "-c", "-m"), List.of("numastat", "-s", "-z", "-m"),
            List.of("numastat", "-p", "4242"), List.of("numastat", "-p", "nosuchtask"), List.of("numastat", "-c"),
            List.of("numastat", "-s1", "-m"), List.of("numastat", "-z"), List.of("numastat", "-v", "-p", "1", "2"),
            List.of("numastat", "-m", "-n", "-c", "-z"), List.of("numastat", "3", "-p", "2", "x"),
            List.of("ls", "/proc"), List.of("ls", "/proc/1"), List.of("ls", "/proc/sys/kernel", "/proc/meminfo"),
            List.of("ls", "/sys/devices/system/node"), List.of("ls", "-d", "/proc/self", "/sys"),
            List.of("swapon", "--show"), List.of("swapon", "-s"), List.of("swapon"), List.of("cat", "/proc/swaps"));

    /** free's option sets and the divisor its Mem: total column uses (0: human-readable, only run). */
    private static final Map<List<String>, Long> FREE = new LinkedHashMap<>();

    static {
        FREE.put(List.of(), 1024L);
        FREE.put(List.of("-b"), 1L);
        FREE.put(List.of("-k"), 1024L);
        FREE.put(List.of("-m"), 1024L * 1024);
        FREE.put(List.of("-g"), 1024L * 1024 * 1024);
        FREE.put(List.of("-w"), 1024L);
        FREE.put(List.of("-t"), 1024L);
        FREE.put(List.of("--si"), 1000L);
        FREE.put(List.of("-h"), 0L);
        FREE.put(List.of("-h", "-w"), 0L);
    }

    record Run(int exit, String out, String err) {
    }

    @TestFactory
    List<DynamicNode> realToolsReadTheExport(@TempDir Path tmp) throws IOException {
        List<String> unshare = unshareCommand();
        assumeTrue(unshare != null, "unshare cannot create a private mount namespace here");
        List<DynamicNode> scenarios = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, String> s : SCENARIOS.entrySet()) {
            Path dir = tmp.resolve("s" + n);
            Files.createDirectories(dir);
            Path file = dir.resolve("t.mms");
            Files.writeString(file, s.getValue() + "\n", StandardCharsets.UTF_8);
            Path export = dir.resolve("export");
            ScenarioRunner.Result base = ScenarioRunner.run(file, "--export", export.toString());
            assertEquals(0, base.exit(), base.err());
            List<DynamicTest> tests = new ArrayList<>();
            for (List<String> tool : SAME_OUTPUT) {
                int i = tests.size();
                tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                    assumeTrue(installed(tool.get(0)), tool.get(0) + " is not installed");
                    Path withTool = dir.resolve("tool" + i + ".mms");
                    Files.writeString(withTool, s.getValue() + "\n" + String.join(" ", tool) + "\n",
                            StandardCharsets.UTF_8);
                    ScenarioRunner.Result mm = ScenarioRunner.run(withTool);
                    assertEquals(0, mm.exit(), mm.err());
                    assertTrue(mm.out().startsWith(base.out()));
                    Run real = real(unshare, export, tool);
                    assertEquals(real.out(), mm.out().substring(base.out().length()), "stdout of " + tool);
                    assertEquals(real.err(), mm.err(), "stderr of " + tool);
                    assertEquals(0, real.exit());
                }));
            }
            Map<String, Long> meminfo = meminfo(export);
            for (Map.Entry<List<String>, Long> f : FREE.entrySet()) {
                List<String> tool = new ArrayList<>(List.of("free"));
                tool.addAll(f.getKey());
                tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                    assumeTrue(installed("free"), "free is not installed");
                    Run real = real(unshare, export, tool);
                    assertEquals("", real.err());
                    assertEquals(0, real.exit());
                    String[] mem = line(real.out(), "Mem:").trim().split("\\s+");
                    if (f.getValue() != 0) {
                        assertEquals(meminfo.get("MemTotal") * 1024 / f.getValue(), Long.parseLong(mem[0]));
                        assertEquals(meminfo.get("MemFree") * 1024 / f.getValue(), Long.parseLong(mem[2]));
                        assertEquals(meminfo.get("MemAvailable") * 1024 / f.getValue(),
                                Long.parseLong(mem[mem.length - 1]));
                        assertEquals(meminfo.get("Shmem") * 1024 / f.getValue(), Long.parseLong(mem[3]));
                        if (!tool.contains("-w")) {
                            long buffCache = meminfo.get("Buffers") + meminfo.get("Cached")
                                    + meminfo.get("SReclaimable");
                            assertEquals(buffCache * 1024 / f.getValue(), Long.parseLong(mem[4]));
                        }
                    }
                    if (tool.contains("-t")) {
                        assertTrue(real.out().contains("\nTotal:"), real.out());
                    }
                }));
            }
            tests.add(DynamicTest.dynamicTest("vmstat -s", () -> {
                assumeTrue(installed("vmstat"), "vmstat is not installed");
                Run real = real(unshare, export, List.of("vmstat", "-s"));
                assertEquals("", real.err());
                assertEquals(0, real.exit());
                assertTrue(real.out().contains(String.format("%13d K total memory\n", meminfo.get("MemTotal"))),
                        real.out());
                assertTrue(real.out().contains(String.format("%13d K free memory\n", meminfo.get("MemFree"))),
                        real.out());
            }));
            scenarios.add(DynamicContainer.dynamicContainer(s.getKey(), tests));
            n++;
        }
        return scenarios;
    }

    /** The unshare invocation that works here: as root, or in a user namespace mapped to root. */
    static List<String> unshareCommand() {
        if (!installed("unshare")) {
            return null;
        }
        for (List<String> c : List.of(List.of("unshare", "--propagation", "private", "-m"),
                List.of("unshare", "--propagation", "private", "-r", "-m"))) {
            List<String> probe = new ArrayList<>(c);
            probe.addAll(List.of("sh", "-c", "mount --bind /sys /sys"));
            if (exec(probe).exit() == 0) {
                return c;
            }
        }
        return null;
    }

    static boolean installed(String tool) {
        return exec(List.of("sh", "-c", "command -v " + tool)).exit() == 0;
    }

    /** Runs the tool with DIR/proc over /proc and DIR/sys over /sys, in the C locale, stdout a pipe. */
    static Run real(List<String> unshare, Path export, List<String> tool) {
        List<String> cmd = new ArrayList<>(unshare);
        cmd.addAll(List.of("sh", "-c",
                "mount --bind \"$1/proc\" /proc && mount --bind \"$1/sys\" /sys && shift && exec \"$@\"", "sh",
                export.toString()));
        cmd.addAll(tool);
        return exec(cmd);
    }

    static Run exec(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LC_ALL", "C");
        pb.environment().remove("NUMASTAT_WIDTH");
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p, true));
            byte[] out = p.getInputStream().readAllBytes();
            int exit = p.waitFor();
            return new Run(exit, new String(out, StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Run(127, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readAll(Process p, boolean stderr) {
        try {
            return (stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Long> meminfo(Path export) throws IOException {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String l : Files.readAllLines(export.resolve("proc/meminfo"))) {
            String[] f = l.split(":?\\s+");
            m.put(f[0].replace(":", ""), Long.parseLong(f[1]));
        }
        return m;
    }

    private static String line(String text, String prefix) {
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length());
            }
        }
        throw new AssertionError("no " + prefix + " line in:\n" + text);
    }
}
