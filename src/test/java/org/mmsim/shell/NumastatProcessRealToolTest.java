package org.mmsim.shell;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * numastat's per-process tables (numactl 2.0.16) against the real numastat reading mmsim's export,
 * whose /proc/PID/numa_maps it parses: processes on both nodes, with a heap, a stack, private and
 * shared anonymous memory, a forked child sharing pages, and processes run under numactl's
 * interleave and bind policies (numa_maps lines with "interleave:0-1" and "bind:1"). The real numastat runs in a new pid
 * namespace as its pid 1, so it skips init in pattern searches as mmsim's numastat (running as
 * init) does. stdout, stderr and the exit code must be equal byte for byte.
 */
class NumastatProcessRealToolTest {
    private static final String SCENARIO = String.join("\n",
            "machine memory=2G cpus=4 nodes=2",
            "spawn web",
            "web: h = brk +1M",
            "web: write h 0 64K",
            "web: p = mmap 8M rw private anon",
            "web: write p 0 3M",
            "spawn db node=1",
            "db: q = mmap 5M rw shared anon",
            "db: write q 0 2M",
            "db: fork worker",
            "worker: write q 0 12K",
            "worker: r = mmap 1M rw private anon",
            "worker: write r 0 512K",
            "spawn idle node=1",
            "numactl --interleave=all spawn spread",
            "spread: s = mmap 4M rw private anon",
            "spread: write s 0 3M",
            "numactl --membind=1 spawn bound",
            "bound: b = mmap 2M rw private anon",
            "bound: write b 0 1M");

    private static final List<List<String>> SAME = List.of(
            List.of("numastat", "-p", "1000"), List.of("numastat", "-p", "db"), List.of("numastat", "db", "web"),
            List.of("numastat", "-v", "1001", "1000", "7"), List.of("numastat", "-c", "-p", "web"),
            List.of("numastat", "-z", "-p", "1001"), List.of("numastat", "-s", "1000", "1001", "1002", "1003"),
            List.of("numastat", "-s1", "-v", "-z", "usr"), List.of("numastat", "-c", "-z", "usr"),
            List.of("numastat", "1003", "-m", "-n"), List.of("numastat", "-p", "init"),
            List.of("numastat", "9999", "1000"), List.of("numastat", "1000", "9999"),
            List.of("numastat", "-p", "1"), List.of("numastat", "-p", "spread"), List.of("numastat", "1004", "1005"));

    @TestFactory
    List<DynamicTest> numastatReadsTheExportedNumaMaps(@TempDir Path dir) throws IOException {
        List<String> unshare = RealToolsTest.unshareCommand();
        assumeTrue(unshare != null, "unshare cannot create a private mount namespace here");
        List<String> pidns = new ArrayList<>(unshare);
        pidns.addAll(List.of("-p", "-f"));
        Path file = Files.writeString(dir.resolve("s.mms"), SCENARIO + "\n", StandardCharsets.UTF_8);
        Path export = dir.resolve("export");
        ScenarioRunner.Result base = ScenarioRunner.run(file, "--export", export.toString());
        assertEquals(0, base.exit(), base.err());
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> tool : SAME) {
            tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                assumeTrue(RealToolsTest.installed("numastat"), "numastat is not installed");
                Path withTool = Files.writeString(dir.resolve("tool.mms"),
                        SCENARIO + "\n" + String.join(" ", tool) + "\n", StandardCharsets.UTF_8);
                ScenarioRunner.Result mm = ScenarioRunner.run(withTool);
                assertEquals(0, mm.exit(), mm.err());
                assertTrue(mm.out().startsWith(base.out()));
                RealToolsTest.Run real = RealToolsTest.real(pidns, export, tool);
                assertEquals(real.out(), mm.out().substring(base.out().length()), "stdout of " + tool);
                assertEquals(real.err(), mm.err(), "stderr of " + tool);
                assertEquals(0, real.exit());
            }));
        }
        return tests;
    }
}
