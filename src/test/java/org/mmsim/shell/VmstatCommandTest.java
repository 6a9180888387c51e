package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** vmstat and /proc/stat on a small machine, with the expected figures derived by hand. */
class VmstatCommandTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String scenario) {
        return ScenarioRunner.runText(dir, scenario);
    }

    @Test
    void systemTimeIsWhatTheCostModelChargedAndTheRestIsIdle() {
        ScenarioRunner.Result r = run(String.join("\n",
                "machine memory=256M cpus=2",
                "cost slab_alloc=50000000", // 50 ms per kmalloc, charged to CPU 0
                "kmalloc 64 | wc -l",
                "kmalloc 64 | wc -l",
                "cat /proc/stat | head -n 3",
                "vmstat",
                "vmstat 10 2",
                "cat /proc/uptime", ""));
        assertEquals(String.join("\n",
                "1", "1",
                // 100 ms on CPU 0 = 10 ticks of system time; CPU 1 idled the same 100 ms
                "cpu  0 0 10 10 0 0 0 0 0 0",
                "cpu0 0 0 10 0 0 0 0 0 0 0",
                "cpu1 0 0 0 10 0 0 0 0 0 0",
                // since boot: sy = (100 * 10 + 10) / 20 = 50, id the same; free = MemFree 217612 kB, cache = SReclaimable 4 kB
                "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----",
                " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st",
                " 1  0      0 217612      0      4    0    0     0     0    0    0  0 50 50  0  0",
                "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu-----",
                " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st",
                " 1  0      0 217612      0      4    0    0     0     0    0    0  0 50 50  0  0",
                // the next 10 s: 2000 idle ticks and nothing else
                " 1  0      0 217612      0      4    0    0     0     0    0    0  0  0 100  0  0",
                // 0.1 s of work then 10 s asleep; idle: 10.0 s on CPU 0, 10.1 s on CPU 1
                "10.10 20.10", ""), r.out());
    }

    @Test
    void theHeaderRepeatsEvery21LinesUnlessOneHeaderIsAsked() {
        ScenarioRunner.Result r = run("vmstat 1 25 | grep -c ^procs\nvmstat -n 1 25 | grep -c ^procs\n"
                + "vmstat 1 25 | wc -l\n");
        assertEquals("2\n1\n29\n", r.out()); // 25 samples and two 2-line headers
    }

    @Test
    void statHasTheLinesLinuxHasForTheMachinesCpus() {
        ScenarioRunner.Result r = run("machine memory=256M cpus=4\ncat /proc/stat | grep -c ^cpu\n"
                + "cat /proc/stat | grep ^intr | wc -w\ncat /proc/stat | tail -n 6\n");
        assertEquals(String.join("\n", "5",
                "442", // "intr", the total, and nr_irqs = min(256 * 4, 24 + 8 * 4 + 384) = 440 IRQs
                "ctxt 0", "btime 0", "processes 1", "procs_running 1", "procs_blocked 0",
                "softirq 0 0 0 0 0 0 0 0 0 0 0", ""), r.out());
    }

    @Test
    void timestampsAreOnTheSimulatedWallClockFromTheEpoch() {
        ScenarioRunner.Result r = run("vmstat -t 61 2\n");
        assertEquals(String.join("\n",
                // the header lines as the host's vmstat -t prints them in UTC
                "procs -----------memory---------- ---swap-- -----io---- -system-- ------cpu----- -----timestamp-----",
                " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs us sy id wa st                 UTC",
                " 1  0      0 989836      0      4    0    0     0     0    0    0  0  0 100  0  0 1970-01-01 00:00:00",
                " 1  0      0 989836      0      4    0    0     0     0    0    0  0  0 100  0  0 1970-01-01 00:01:01",
                ""), r.out());
    }
}
