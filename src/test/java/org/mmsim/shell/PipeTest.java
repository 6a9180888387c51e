package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pipelines in scenarios: what flows through the pipe, what does not (stderr, the console). */
class PipeTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String scenario) {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, scenario);
        return r;
    }

    @Test
    void grepSelectsTheLinesCatWouldPrint() {
        String meminfo = run("cat /proc/meminfo").out();
        String expected = meminfo.lines().filter(l -> l.startsWith("Dirty:") || l.startsWith("Writeback"))
                .map(l -> l + "\n").collect(Collectors.joining());
        ScenarioRunner.Result r = run("cat /proc/meminfo | grep -E \"Dirty|Writeback\"");
        assertEquals(expected, r.out());
        assertEquals(3, r.out().lines().count(), r.out()); // Dirty, Writeback, WritebackTmp
        assertEquals(0, r.exit());
    }

    @Test
    void chainsOfSeveralPipes() {
        ScenarioRunner.Result r = run(String.join("\n",
                "cat /proc/meminfo | head -n 3",
                "cat /proc/meminfo | grep kB | sort -k2 -n -r | head -1 | wc -l",
                "cat /proc/vmstat | grep ^pgalloc | wc -l",
                "sysctl -a | grep -c min_free_kbytes"));
        String[] out = r.out().split("\n");
        assertTrue(out[0].startsWith("MemTotal:"), r.out());
        assertTrue(out[1].startsWith("MemFree:"), r.out());
        assertTrue(out[2].startsWith("MemAvailable:"), r.out());
        assertEquals("1", out[3]);
        assertEquals("5", out[4]); // pgalloc_dma, _dma32, _normal, _movable, _device
        assertEquals("1", out[5]);
        assertEquals(6, out.length);
    }

    @Test
    void theLargestMeminfoFieldSortsFirst() {
        ScenarioRunner.Result r = run("cat /proc/meminfo | sort -k2 -n -r | head -n 1");
        assertTrue(r.out().startsWith("VmallocTotal:"), r.out());
    }

    @Test
    void aPipeGluedBetweenWordCharactersIsPartOfTheWord() {
        ScenarioRunner.Result r = run("echo GFP_KERNEL|__GFP_ZERO | wc -c\necho a|b | wc -w");
        assertEquals("22\n1\n", r.out());
    }

    @Test
    void stderrIsNotPiped() {
        ScenarioRunner.Result r = run("cat /proc/nope /proc/uptime | wc -l");
        assertEquals("1\n", r.out());
        assertEquals("cat: /proc/nope: No such file or directory\n", r.err());
    }

    @Test
    void consoleMessagesAreNotPiped() {
        ScenarioRunner.Result r = run(String.join("\n",
                "machine memory=64M",
                "alloc_pages order=10 gfp=GFP_KERNEL | grep -c failed",
                "alloc_pages order=10 gfp=GFP_KERNEL | grep -c failed",
                "alloc_pages order=10 gfp=GFP_KERNEL | grep -c failed",
                "alloc_pages order=10 gfp=GFP_KERNEL | grep -c failed"));
        String out = r.out();
        assertTrue(out.contains("page allocation failure"), out);
        assertTrue(out.endsWith("1\n"), out);
        assertTrue(out.lines().filter(l -> l.equals("0") || l.equals("1")).count() == 4, out);
    }

    @Test
    void filtersReadFileOperandsAsTheGnuToolsDo() {
        ScenarioRunner.Result r = run(String.join("\n",
                "grep -c Mem /proc/meminfo /proc/vmstat",
                "wc /proc/meminfo /proc/uptime",
                "head -n 1 /proc/uptime /proc/uptime",
                "cat /proc/nope | grep -c Mem /proc/meminfo", // files win over the pipe
                "grep Mem /proc/nope /proc/sys",
                "sort /proc/uptime /proc/nope",
                "wc -l /proc/meminfo | wc -w", ""));
        assertEquals(String.join("\n",
                "/proc/meminfo:3", "/proc/vmstat:0",
                // /proc files have st_size 0, so coreutils' column width is 1
                "54 158 1503 /proc/meminfo", "1 2 10 /proc/uptime", "55 160 1513 total",
                "==> /proc/uptime <==", "0.00 0.00", "", "==> /proc/uptime <==", "0.00 0.00",
                "3",
                "2", ""), r.out());
        assertEquals(String.join("\n",
                "cat: /proc/nope: No such file or directory",
                "grep: /proc/nope: No such file or directory",
                "grep: /proc/sys: Is a directory",
                "sort: cannot read: /proc/nope: No such file or directory", ""), r.err());
    }
}
