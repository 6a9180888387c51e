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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Malformed command lines: mmsim refuses each as a scenario error whose text is what the host's real
 * tool prints to stderr for the same words (getopt's message and the tool's usage text), after
 * "FILE:LINE: " and with the leading blank line some tools print removed. The real tools are run
 * directly: they stop at their command line before reading /proc.
 */
class UsageErrorsRealToolTest {
    private static final List<String> MALFORMED = List.of(
            "free -x", "free -s", "free --bogus", "free extra",
            "vmstat -x", "vmstat 1 2 3",
            "pmap", "pmap -z 1", "pmap -x", "pmap -x -X 1",
            "slabtop -x", "slabtop -o extra", "slabtop --bogus",
            "numastat -x", "numastat -p", "numastat --bogus",
            "numactl", "numactl -x", "numactl --bogus", "numactl --membind",
            "sysctl -x", "top -x", "swapon -x", "swapon --bogus", "mount -x", "mount --bogus",
            "kill", "kill -x", "kill -s", "kill -9",
            "ps --bogus", "sar -B x", "watch");

    @TestFactory
    List<DynamicTest> refusalsPrintTheRealToolsUsageError(@TempDir Path dir) {
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : MALFORMED) {
            List<String> words = List.of(line.split(" "));
            tests.add(DynamicTest.dynamicTest(line, () -> {
                assumeTrue(RealToolsTest.installed(words.get(0)), words.get(0) + " is not installed");
                RealToolsTest.Run real = RealToolsTest.exec(words);
                if (!words.get(0).equals("top")) {
                    assertNotEquals(0, real.exit(), real.err()); // top exits 0 after getopt's message
                }
                ScenarioRunner.Result mm = ScenarioRunner.run(scenario(dir, line));
                assertEquals(2, mm.exit());
                assertEquals(dir.resolve("t.mms") + ":1: " + real.err().strip() + "\n", mm.err());
            }));
        }
        return tests;
    }

    private static Path scenario(Path dir, String line) throws IOException {
        return Files.writeString(dir.resolve("t.mms"), line + "\n", StandardCharsets.UTF_8);
    }
}
