package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A task's name stands for its pid in /proc paths and for pmap, while the task lives. */
class TaskNamePathTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines));
    }

    @Test
    void nameAndPidReadTheSameFiles() {
        ScenarioRunner.Result r = run("spawn web", "web: buf = mmap 64K rw private anon", "web: write buf 0 16K",
                "cat /proc/web/smaps_rollup", "cat /proc/1000/smaps_rollup", "pmap -x web", "pmap -x 1000");
        assertEquals("", r.err());
        String out = r.out();
        int rollup = out.indexOf("[rollup]");
        String first = out.substring(out.lastIndexOf('\n', rollup) + 1, out.indexOf("1000:   /usr/bin/web"));
        assertEquals(2, first.split("\\[rollup]", -1).length - 1, "both reads give the rollup");
        String[] halves = first.split("(?m)^(?=[0-9a-f]+-[0-9a-f]+ ---p)");
        assertEquals(halves[0], halves[1], "by name and by pid: the same file");
        // 16 kB written plus exec's 2 or 3 pages (stack strings and tables, the data page padzero copied)
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Rss: +(\\d+) kB\n").matcher(out);
        assertTrue(m.find(), out);
        int rss = Integer.parseInt(m.group(1));
        assertTrue(rss >= 24 && rss <= 28, out);
        int pmap = out.indexOf("1000:   /usr/bin/web");
        String pmaps = out.substring(pmap);
        assertEquals(pmaps.substring(0, pmaps.length() / 2), pmaps.substring(pmaps.length() / 2));
    }

    @Test
    void exitedTasksLeaveNoFiles() {
        ScenarioRunner.Result r = run("spawn web", "web: exit", "cat /proc/web/status");
        assertEquals("cat: /proc/web/status: No such file or directory\n", r.err());
    }

    @Test
    void pmapOfAnUnknownNameIsAFileError() {
        ScenarioRunner.Result r = run("pmap nosuch");
        assertTrue(r.err().endsWith(":1: pmap: invalid process id: nosuch\n"), r.err());
        assertEquals(2, r.exit());
    }
}
