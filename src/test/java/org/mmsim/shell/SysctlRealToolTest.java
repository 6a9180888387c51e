package org.mmsim.shell;

import org.junit.jupiter.api.DynamicNode;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * procps-ng 4.0.2 sysctl reading and writing the /proc/sys of mmsim's export, compared with mmsim's
 * sysctl on the same state: stdout and stderr byte for byte, and for refused command lines the usage
 * text. Each case gets its own export, since the real sysctl writes into the exported files (which,
 * being plain files, take any value: only values the simulated kernel accepts are written here).
 * Not compared: `sysctl -a`, which on an exported directory tree loops through "." entries that the
 * real /proc/sys does not return to it (mmsim's -a is checked in ShellBehaviourTest). The real
 * sysctl's exit status after its usage text varies (0 after getopt's message); mmsim refuses the line.
 */
class SysctlRealToolTest {
    private static final String CONF = String.join("\n",
            "vm.watermark_scale_factor = 60", "# comment", "; other comment", "vm.nope = 3", "",
            "  vm.min_free_kbytes=2000  ", "-vm.nothere = 1", "bad line", "kernel.randomize_va_space =   1 ", "");

    private static final List<List<String>> SAME = List.of(
            List.of("sysctl", "kernel.pid_max", "vm.min_free_kbytes"), List.of("sysctl", "-n", "kernel.pid_max",
                    "vm.watermark_boost_factor"), List.of("sysctl", "-N", "kernel.randomize_va_space"),
            List.of("sysctl", "-b", "kernel.pid_max"), List.of("sysctl", "vm.lowmem_reserve_ratio"),
            List.of("sysctl", "vm/min_free_kbytes"), List.of("sysctl", "vm.nope", "kernel.pid_max"),
            List.of("sysctl", "-e", "vm.nope"), List.of("sysctl", "-w", "vm.min_free_kbytes"),
            List.of("sysctl", "vm.watermark_scale_factor=100"), List.of("sysctl", "-w", "kernel.pid_max=40000"),
            List.of("sysctl", "-q", "kernel.randomize_va_space=0"), List.of("sysctl", "-p", "s.conf"),
            List.of("sysctl", "-e", "-p", "s.conf"), List.of("sysctl", "-q", "--load=s.conf"),
            List.of("sysctl", "-p", "missing.conf"), List.of("sysctl", "--dry-run", "kernel.pid_max=4000"),
            List.of("sysctl", "-V"));

    private static final List<List<String>> REFUSED = List.of(List.of("sysctl"), List.of("sysctl", "-Z"),
            List.of("sysctl", "--bogus"), List.of("sysctl", "-r"));

    @TestFactory
    List<DynamicNode> sysctlMatchesTheRealOne(@TempDir Path dir) throws IOException {
        List<String> unshare = RealToolsTest.unshareCommand();
        assumeTrue(unshare != null, "unshare cannot create a private mount namespace here");
        Files.writeString(dir.resolve("s.conf"), CONF, StandardCharsets.UTF_8);
        Path scenario = Files.writeString(dir.resolve("base.mms"), "machine memory=1G cpus=2\n");
        List<DynamicNode> tests = new ArrayList<>();
        int n = 0;
        for (List<String> tool : SAME) {
            Path export = dir.resolve("export" + n++);
            tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                assumeTrue(RealToolsTest.installed("sysctl"), "sysctl is not installed");
                ScenarioRunner.Result base = ScenarioRunner.run(scenario, "--export", export.toString());
                assertEquals(0, base.exit(), base.err());
                Path withTool = Files.writeString(dir.resolve("tool.mms"),
                        "machine memory=1G cpus=2\n" + String.join(" ", tool) + "\n");
                ScenarioRunner.Result mm = ScenarioRunner.run(withTool);
                assertEquals(0, mm.exit(), mm.err());
                List<String> inDir = new ArrayList<>(List.of("sh", "-c", "cd \"$0\" && exec \"$@\"", dir.toString()));
                inDir.addAll(tool);
                RealToolsTest.Run real = RealToolsTest.real(unshare, export, inDir);
                assertEquals(real.out(), mm.out(), "stdout");
                assertEquals(real.err(), mm.err(), "stderr");
            }));
        }
        for (List<String> tool : REFUSED) {
            tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                assumeTrue(RealToolsTest.installed("sysctl"), "sysctl is not installed");
                Path withTool = Files.writeString(dir.resolve("bad.mms"), String.join(" ", tool) + "\n");
                ScenarioRunner.Result mm = ScenarioRunner.run(withTool);
                assertEquals(2, mm.exit());
                RealToolsTest.Run real = RealToolsTest.real(unshare, dir.resolve("export0"), tool);
                assertEquals(withTool + ":1: " + real.err().strip() + "\n", mm.err());
            }));
        }
        return tests;
    }
}
