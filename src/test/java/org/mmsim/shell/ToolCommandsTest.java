package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * export, slabtop, numactl and numastat as scenario commands: what they print without the host's
 * tools (RealToolsTest compares them with the real ones), what they refuse before running, and the
 * getopt and printf rules they share.
 */
class ToolCommandsTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines));
    }

    private String file() {
        return dir.resolve("t.mms").toString();
    }

    @Test
    void exportWritesTheStateAtItsLineAndRefusesANonEmptyDirectory() throws Exception {
        Path out = dir.resolve("snap");
        ScenarioRunner.Result r = run("export " + out, "x = kmalloc 100", "export " + out, "cat /proc/loadavg");
        assertEquals("export: " + out + ": directory exists and is not empty (refusing to overwrite)\n", r.err());
        assertTrue(r.out().endsWith("0.00 0.00 0.00 1/1 1\n"), "the run goes on");
        assertEquals(0, r.exit());
        assertTrue(Files.readString(out.resolve("proc/meminfo")).startsWith("MemTotal:"));
    }

    @Test
    void runExportWritesTheFinalStateAndRefusesBeforeRunning() throws Exception {
        Path scenario = Files.writeString(dir.resolve("s.mms"), "x = kmalloc 5000\n");
        Path out = dir.resolve("final");
        ScenarioRunner.Result ok = ScenarioRunner.run(scenario, "--export", out.toString());
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.readString(out.resolve("proc/slabinfo")).contains("kmalloc-8k"));
        ScenarioRunner.Result again = ScenarioRunner.run(scenario, "--export", out.toString());
        assertEquals("mmsim: export: " + out + ": directory exists and is not empty (refusing to overwrite)\n",
                again.err());
        assertEquals("", again.out(), "nothing ran");
        assertEquals(2, again.exit());
    }

    @Test
    void slabtopPrintsTheSummaryHeadingAndOneLinePerCache() {
        ScenarioRunner.Result r = run("slabtop -o -s n");
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].startsWith(" Active / Total Objects (% used)    : "), lines[0]);
        assertEquals("", lines[5]);
        assertEquals(78, lines[6].length());
        assertTrue(lines[7].endsWith("dentry                 "), "names sort in C order: " + lines[7]);
        assertTrue(lines[8].endsWith("dma-kmalloc-128        "), "names sort in C order: " + lines[8]);
        assertEquals("", r.err());
    }

    @Test
    void toolsRefuseWhatTheyDoNotModelBeforeRunning() {
        assertEquals(file() + ":1: slabtop: the full-screen mode needs a terminal; use slabtop -o (usage: "
                + SlabtopCommand.USAGE + ")\n", run("slabtop").err());
        assertEquals(file() + ":1: slabtop: invalid option -- 'x'\n" + SlabtopCommand.USAGE_TEXT + "\n",
                run("slabtop -ox").err());
        assertTrue(run("numactl --physcpubind=0 spawn x").err().contains("numactl: only --membind, --interleave"));
        assertEquals(file() + ":1: " + NumactlCommand.USAGE_TEXT + "\n", run("numactl --membind=0 ls").err());
        assertEquals(file() + ":1: <2> is invalid\n" + NumactlCommand.USAGE_TEXT + "\n",
                run("numactl --membind=2 spawn x").err());
        assertEquals(file() + ":1: numastat: option requires an argument -- 'p'\n" + NumastatCommand.USAGE_TEXT
                + "\n", run("numastat -p").err());
    }

    @Test
    void numactlShowsNodesCpusSizesAndDistances() {
        ScenarioRunner.Result r = run("machine node0=1G node1=2G cpus=3 distance=10,31;31,10", "numactl -H");
        String[] lines = r.out().split("\n");
        assertEquals("available: 2 nodes (0-1)", lines[0]);
        assertTrue(lines[1].startsWith("node 0 cpus: 0"), lines[1]);
        assertEquals(List.of("node distances:", "node   0   1 ", "  0:  10  31 ", "  1:  31  10 "),
                List.of(lines).subList(lines.length - 4, lines.length));
    }

    @Test
    void numastatReportsMissingProcessesAndSkipsItself() {
        ScenarioRunner.Result r = run("numastat -p 7 -p 9", "numastat -p init");
        assertEquals("\nPer-node process memory usage (in MBs)\n"
                + "Found no processes containing pattern: \"init\"\n"
                + "\nPer-node numastat info (in MBs):\n", r.out().substring(0, r.out().indexOf("(in MBs):\n") + 10));
        assertEquals("Can't read /proc/7/numa_maps: No such file or directory\n"
                + "Can't read /proc/9/numa_maps: No such file or directory\n", r.err());
    }

    @Test
    void numastatDefaultIsThePerlScriptsTable() {
        String out = run("machine nodes=2 memory=2G", "numastat").out();
        String[] lines = out.split("\n");
        assertEquals(" ".repeat(27) + "node0" + " ".repeat(11) + "node1", lines[0]);
        assertEquals(7, lines.length);
        assertTrue(lines[1].matches("numa_hit {8}[ \\d]{16}[ \\d]{16}"), lines[1]);
    }

    @Test
    void printfRoundsTheBinaryValueTiesToEven() {
        assertEquals("0.12", CFormat.fixed(0.125, 2));
        assertEquals("0.38", CFormat.fixed(0.375, 2));
        assertEquals("1.00", CFormat.fixed(1.005, 2), "1.005 is just below 1.005 in binary");
        assertEquals("100.0", CFormat.fixed(100.0, 1));
        assertEquals("2", CFormat.fixed(2.5, 0));
    }

    @Test
    void getoptClustersArgumentsLongOptionsAndOperands() {
        GetOpt g = new GetOpt("t", "t", "os:z", Map.of("sort", 's', "once", 'o'),
                Tokenizer.tokenize("-os c --sort=n --on -zsx file -- -o"));
        assertEquals(List.of(new GetOpt.Opt('o', null), new GetOpt.Opt('s', "c"), new GetOpt.Opt('s', "n"),
                new GetOpt.Opt('o', null), new GetOpt.Opt('z', null), new GetOpt.Opt('s', "x")), g.options);
        assertEquals(List.of("file", "-o"), g.operands);
        assertThrows(ScenarioError.class, () -> new GetOpt("t", "t", "o", Map.of(), Tokenizer.tokenize("--x")));
    }
}
