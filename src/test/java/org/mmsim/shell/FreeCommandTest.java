package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** free on a small simulated machine, with the expected figures derived by hand from /proc/meminfo. */
class FreeCommandTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String scenario) {
        return ScenarioRunner.runText(dir, scenario);
    }

    @Test
    void figuresComeFromMeminfoAsProcpsDerivesThem() {
        ScenarioRunner.Result r = run("machine memory=256M\ncat /proc/meminfo\nfree\nfree -m -w\nfree -h\nfree -l\n");
        String out = r.out();
        // /proc/meminfo of this machine: MemTotal 217840, MemFree 217612, MemAvailable 200712 kB;
        // Buffers, Cached, Shmem and swap all 0 (SReclaimable: the root dentry's slab page).
        assertTrue(out.startsWith("MemTotal:         217840 kB\nMemFree:          217612 kB\n"
                + "MemAvailable:     200712 kB\nBuffers:               0 kB\nCached:                0 kB\n"), out);
        String free = out.substring(out.indexOf("               total"));
        assertEquals(String.join("\n",
                // used = MemTotal - MemAvailable = 217840 - 200712 = 17128; buff/cache counts SReclaimable
                "               total        used        free      shared  buff/cache   available",
                "Mem:          217840       17128      217612           0           4      200712",
                "Swap:              0           0           0",
                // -m: kB * 1024 / 2^20, truncated: 212.7 -> 212, 16.7 -> 16, 212.5 -> 212, 196.0 -> 196
                "               total        used        free      shared     buffers       cache   available",
                "Mem:             212          16         212           0           0           0         196",
                "Swap:              0           0           0",
                // -h: 212.7Mi is 7 characters, more than 5, so the integer form
                "               total        used        free      shared  buff/cache   available",
                "Mem:           212Mi        16Mi       212Mi          0B       4.0Ki       196Mi",
                "Swap:             0B          0B          0B",
                // -l without highmem: Low is all memory, used = MemTotal - MemFree = 228; High is 0
                "               total        used        free      shared  buff/cache   available",
                "Mem:          217840       17128      217612           0           4      200712",
                "Low:          217840         228      217612",
                "High:              0           0           0",
                "Swap:              0           0           0", ""), free);
    }

    @Test
    void repeatsPrintABlankLineBetweenSamplesAndAdvanceSimulatedTime() {
        ScenarioRunner.Result r = run("free -c 3 -s 2 | grep -c ^Mem\nfree -c 2 | grep -c '^$'\ncat /proc/uptime\n");
        String[] out = r.out().split("\n");
        assertEquals("3", out[0]);
        assertEquals("1", out[1]); // one blank line between two samples, none after the last
        // 2 s twice, then 1 s (the default interval), plus the few microseconds boot's work charged
        assertTrue(out[2].startsWith("5.00 "), r.out());
    }

    @Test
    void fractionalSecondsAreUsleptAsFreeDoes() {
        ScenarioRunner.Result r = run("free -s 0.25 -c 5 | wc -l\ncat /proc/uptime\n");
        assertEquals("19", r.out().split("\n")[0]); // 5 samples of 3 lines and 4 blank lines between them
        assertTrue(r.out().split("\n")[1].startsWith("1.00 "), r.out());
    }

    @Test
    void versionAndHelp() {
        ScenarioRunner.Result r = run("free -V\nfree --help | head -n 3");
        assertEquals("free from procps-ng 4.0.2\n\nUsage:\n free [options]\n", r.out());
    }
}
