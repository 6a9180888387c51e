package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** set_mempolicy / get_mempolicy as task calls, numactl --show against the host's, and numa_maps' policy column. */
class MempolicyCommandsTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines));
    }

    @Test
    void setMempolicyChangesThePolicyOrFailsWithEinval() {
        ScenarioRunner.Result r = run("machine memory=1G cpus=2 nodes=2", "spawn a",
                "a: get_mempolicy",
                "a: set_mempolicy interleave all",
                "a: get_mempolicy",
                "a: set_mempolicy bind 3",
                "expect a.errno == EINVAL",
                "a: set_mempolicy local 0",
                "expect a.errno == EINVAL",
                "a: set_mempolicy preferred 1",
                "a: get_mempolicy",
                "cat /proc/a/numa_maps | head -1");
        assertEquals("", r.err());
        assertEquals("spawn a: pid 1000\n"
                + "a: get_mempolicy([MPOL_DEFAULT], [0x0], 64, NULL, 0) = 0\n"
                + "a: set_mempolicy(MPOL_INTERLEAVE, [0x3], 64) = 0\n"
                + "a: get_mempolicy([MPOL_INTERLEAVE], [0x3], 64, NULL, 0) = 0\n"
                + "a: set_mempolicy(MPOL_BIND, [0x8], 64) = -1 EINVAL (Invalid argument)\n"
                + "a: set_mempolicy(MPOL_LOCAL, [0x1], 64) = -1 EINVAL (Invalid argument)\n"
                + "a: set_mempolicy(MPOL_PREFERRED, [0x2], 64) = 0\n"
                + "a: get_mempolicy([MPOL_PREFERRED], [0x2], 64, NULL, 0) = 0\n"
                + "00400000 prefer:1 file=/usr/bin/a\n", r.out());
        assertTrue(run("spawn a", "a: set_mempolicy sometimes 0").err().contains("set_mempolicy: unknown mode"));
        assertTrue(run("spawn a", "a: set_mempolicy bind 0-x").err().contains("set_mempolicy: bad node list"));
    }

    @Test
    void numactlShowMatchesTheHostsForTheSameNodesAndCpus() throws Exception {
        assumeTrue(RealToolsTest.installed("numactl"), "numactl is not installed");
        long nodes;
        try (var dirs = Files.list(Path.of("/sys/devices/system/node"))) {
            nodes = dirs.filter(p -> p.getFileName().toString().matches("node\\d+")).count();
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        assumeTrue(nodes == 1, "the host's CPUs are spread over its nodes in a way mmsim's machine line may not match");
        RealToolsTest.Run real = RealToolsTest.exec(List.of("numactl", "--show"));
        assumeTrue(real.exit() == 0, real.err());
        StringBuilder all = new StringBuilder();
        for (int cpu = 0; cpu < cpus; cpu++) {
            all.append(cpu).append(' ');
        }
        assumeTrue(real.out().contains("physcpubind: " + all + "\n"), "the host's numactl may run on all its CPUs");
        ScenarioRunner.Result mm = run("machine memory=1G cpus=" + cpus + " nodes=1", "numactl --show");
        assertEquals(real.out(), mm.out());
    }
}
