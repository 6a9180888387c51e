package org.mmsim.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** spawn with a program, exec, vfork, mincore, msync and mlock2 as scenario lines. */
class ExecAndCallFormsTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines));
    }

    @Test
    void spawnWithSizesLaysTheProgramOutAsLdDoes() {
        ScenarioRunner.Result r = run("sysctl kernel.randomize_va_space=0",
                "spawn db program=/opt/db/bin/postgres text=64K rodata=16K data=8K bss=1M",
                "cat /proc/db/maps", "cat /proc/db/comm", "cat /proc/db/cmdline");
        assertEquals("", r.err());
        assertTrue(r.out().contains("\n00400000-00401000 r--p 00000000 00:00 1000001                            "
                + "/opt/db/bin/postgres\n00401000-00411000 r-xp 00001000 00:00 1000001                            "
                + "/opt/db/bin/postgres\n00411000-00415000 r--p 00011000 00:00 1000001                            "
                + "/opt/db/bin/postgres\n00415000-00417000 rw-p 00015000 00:00 1000001                            "
                + "/opt/db/bin/postgres\n00417000-00517000 rw-p 00000000 00:00 0 \n"), r.out());
        assertTrue(r.out().contains("7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          "
                + "[stack]\n"), r.out());
        assertTrue(r.out().endsWith("\npostgres\n/opt/db/bin/postgres\0"), r.out());
    }

    @Test
    void execReplacesTheAddressSpaceAndItsNames() {
        ScenarioRunner.Result r = run("spawn web", "web: buf = mmap 1M rw private anon", "web: write buf 0 1M",
                "web: exec program=/usr/bin/psql",
                // exec's own pages: 2 or 3 as the randomized stack alignment puts argc in the strings' page or not
                "expect web.rss >= 8K", "expect web.rss <= 12K", "expect web.vm == 852K",
                "cat /proc/web/comm");
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("web: execve(\"/usr/bin/psql\", [\"/usr/bin/psql\"], [] /* 0 vars */) = 0\n"),
                r.out());
        assertTrue(r.out().endsWith("psql\n"), r.out());
        ScenarioRunner.Result stale = run("spawn web", "web: buf = mmap 1M rw private anon", "web: exec",
                "web: write buf 0 4K");
        assertEquals(2, stale.exit());
        assertTrue(stale.err().contains(":4: "), stale.err());
    }

    @Test
    void vforkChildBorrowsTheParentsMemoryUntilItExecs() {
        ScenarioRunner.Result r = run("spawn sh", "sh: buf = mmap 64K rw private anon", "sh: write buf 0 16K",
                "sh: vfork child", "child: write buf 16K 16K",
                "expect child.rss == 40K",            // the parent's 16K and exec's 8K, plus its own 16K
                "expect child.minflt == 4", "child: exec program=/usr/bin/ls", "expect child.rss <= 12K",
                "sh: write buf 0 64K", "expect sh.rss == 72K", "expect sh.minflt == 14");
        assertEquals("", r.err());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("sh: vfork() = 1001   (child)\n"), r.out());
        ScenarioRunner.Result blocked = run("spawn sh", "sh: vfork c", "sh: mmap 4K rw private anon");
        assertEquals(2, blocked.exit());
        assertTrue(blocked.err().endsWith(":3: sh is suspended in vfork() until c execs or exits\n"), blocked.err());
        ScenarioRunner.Result resumed = run("spawn sh", "sh: vfork c", "c: exit", "sh: mmap 4K rw private anon");
        assertEquals(0, resumed.exit(), resumed.err());
    }

    @Test
    void mincoreMsyncAndMlock2PrintAsStraceDoes() {
        ScenarioRunner.Result r = run("spawn web", "web: buf = mmap 160K rw private anon", "web: write buf 0 4K",
                "web: write buf 12K 4K", "web: mincore buf 160K", "web: mincore buf 0 12K", "web: mincore buf+1 4K",
                "expect web.errno == EINVAL", "web: mlock2 buf 0 8K onfault", "expect web.rss == 16K",
                // mlock2 without onfault populates page 2; page 3 was written already
                "web: mlock2 buf 8K 8K", "expect web.rss == 20K", "web: msync buf 4K sync",
                "web: msync buf 4K async invalidate", "expect web.errno == EBUSY", "cat /proc/web/status | grep VmLck");
        assertEquals("", r.err());
        assertEquals(0, r.exit(), r.out());
        String b = r.out().split("\n")[1].replaceAll(".* = ", "");
        assertTrue(r.out().contains("web: mincore(" + b + ", 163840, [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "
                + "0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...]) = 0\n"), r.out());
        assertTrue(r.out().contains("web: mincore(" + b + ", 12288, [1, 0, 0]) = 0\n"), r.out());
        assertTrue(r.out().contains(", 4096, []) = -1 EINVAL (Invalid argument)\n"), r.out());
        assertTrue(r.out().contains("web: mlock2(" + b + ", 8192, MLOCK_ONFAULT) = 0\n"), r.out());
        assertTrue(r.out().contains("web: msync(" + b + ", 4096, MS_SYNC) = 0\n"), r.out());
        assertTrue(r.out().contains("web: msync(" + b + ", 4096, MS_ASYNC|MS_INVALIDATE) = -1 EBUSY "
                + "(Device or resource busy)\n"), r.out());
        assertTrue(r.out().endsWith("VmLck:\t      16 kB\n"), r.out());
    }

    @Test
    void badProgramArgumentsAreScenarioErrors() {
        assertTrue(run("spawn web program=bin/web").err().contains(":1: program= wants an absolute file path"));
        assertTrue(run("spawn web text=1T").err().contains(":1: program sizes add up to more than 1G"));
        assertTrue(run("spawn web\nweb: msync 0x1000 4K").err().contains(":2: msync: missing argument"));
        assertTrue(run("spawn web\nweb: mlock2 0x1000 4K sometimes").err().contains(":2: "));
    }

    @Test
    void growsdownLockedAndNoreserveMappings() {
        ScenarioRunner.Result r = run("spawn web", "web: s = mmap 64K rw private anon growsdown",
                "web: write s-8K 4K",                            // below the mapping: it grows down
                "web: l = mmap 16K rw private anon locked", "expect web.rss >= 28K",
                "web: n = mmap 1G rw private anon noreserve",
                "cat /proc/web/status | grep -E \"VmLck|VmStk\"", "cat /proc/web/smaps | grep VmFlags");
        assertEquals("", r.err());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().matches("(?s).*\nweb: write 0x[0-9a-f]+\\.\\.0x[0-9a-f]+: 1 minor, 0 major faults\n.*"),
                r.out());
        assertTrue(r.out().contains("VmLck:\t      16 kB\nVmStk:\t     204 kB\n"), r.out()); // 132K stack + 72K
        assertTrue(r.out().contains("VmFlags: rd wr mr mw me nr sd \n"), r.out());
        assertTrue(r.out().contains("VmFlags: rd wr mr mw me lo ac sd \n"), r.out());
        assertTrue(r.out().contains("VmFlags: rd wr mr mw me gd ac sd \n"), r.out());
    }
}
