package org.mmsim.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Overcommit, the OOM killer, oom_score_adj and PSI triggers as a scenario shows them. */
class MemoryPressureScenarioTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines) + "\n");
    }

    @Test
    void theOomVictimDiesAtTheEndOfTheLineAndLaterLinesAreSkipped() {
        ScenarioRunner.Result r = run(
                "machine memory=256M cpus=1",
                "spawn web",
                "spawn hog",
                "web: a = mmap 120M rw private anon",
                "web: write a 0 120M",
                "cat /proc/web/oom_score",
                "hog: b = mmap 120M rw private anon",
                "hog: write b 0 120M",
                "web: read a 0 4K",
                "expect oom_kill == 1",
                "expect hog.rss >= 120M");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("hog: write 0x"), r.out());
        assertTrue(r.out().contains(": 30720 minor, 0 major faults\nweb: +++ killed by SIGKILL +++\n"), r.out());
        assertTrue(r.out().contains("] Out of memory: Killed process 1000 (web) total-vm:123732kB, anon-rss:122888kB, "
                + "file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:"), r.out());
        assertTrue(r.err().contains("web: no such process (killed by SIGKILL (out of memory) on line 8); line skipped"),
                r.err());
    }

    @Test
    void oomScoreAdjFromTheScenarioOrEchoSparesATask() {
        ScenarioRunner.Result r = run(
                "machine memory=256M cpus=1",
                "spawn web",
                "spawn db",
                "spawn hog",
                "web: a = mmap 100M rw private anon",
                "web: write a 0 100M",
                "db: a = mmap 40M rw private anon",
                "db: write a 0 40M",
                "oom_score_adj web -1000",
                "echo 500 > /proc/db/oom_score_adj",
                "cat /proc/web/oom_score /proc/web/oom_score_adj /proc/db/oom_adj",
                "oom_score_adj db 1001",
                "hog: b = mmap 100M rw private anon",
                "hog: write b 0 100M",
                "expect web.rss >= 100M");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("0\n-1000\n8\n"), r.out());
        assertTrue(r.err().contains("bash: echo: write error: Invalid argument"), r.err());
        assertTrue(r.out().contains("] Out of memory: Killed process 1001 (db) "), r.out());
        assertTrue(r.out().contains("db: +++ killed by SIGKILL +++"), r.out());
    }

    @Test
    void panicOnOomEndsTheRunWithThePanicOnTheConsole() {
        ScenarioRunner.Result r = run(
                "machine memory=256M cpus=1",
                "sysctl vm.panic_on_oom=2",
                "spawn hog",
                // together more than the machine's 213M of RAM; each alone passes overcommit's heuristic
                "hog: a = mmap 108M rw private anon",
                "hog: b = mmap 108M rw private anon",
                "hog: write a 0 108M",
                "hog: write b 0 108M",
                "cat /proc/meminfo");
        assertEquals(4, r.exit(), r.err());
        assertTrue(r.out().endsWith("] Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is enabled\n"
                + r.out().substring(r.out().lastIndexOf('\n', r.out().length() - 2) + 1)), r.out());
        assertTrue(r.out().contains("---[ end Kernel panic - not syncing: Out of memory: compulsory panic_on_oom is "
                + "enabled ]---"), r.out());
        assertTrue(!r.out().contains("MemTotal"), "nothing runs after the panic");
    }

    @Test
    void overcommitNeverRefusesWhatExceedsCommitLimit() {
        ScenarioRunner.Result r = run(
                "machine memory=512M cpus=1",
                "sysctl vm.overcommit_memory=2",
                "spawn app",
                "app: a = mmap 200M rw private anon",
                "app: b = mmap 100M rw private anon",
                "expect app.errno == ENOMEM",
                "app: c = mmap 100M rw private anon noreserve",
                "expect app.errno == ENOMEM",
                "app: d = mmap 100M r private anon",
                "expect app.errno == 0",
                "expect Committed_AS == 204980K", // 200M and exec's 180K (data, bss, stack)
                "expect CommitLimit < 240M");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("__vm_enough_memory: pid: 1000, comm: app, bytes: 104857600 not enough memory for "
                + "the allocation"), r.out());
    }

    @Test
    void psiTriggersAreValidatedAndHeldOpen() {
        ScenarioRunner.Result r = run(
                "machine memory=256M cpus=1",
                "t = psi_trigger memory \"some 150000 1000000\"",
                "bad = psi_trigger memory \"some 0 1000000\"",
                "echo \"full 2000000 1000000\" > /proc/pressure/memory",
                "echo \"some 150000 1000000\" > /proc/pressure/memory",
                "cat /proc/pressure/memory /proc/pressure/cpu",
                "psi_close t");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("t: trigger on /proc/pressure/memory: some 150000 1000000\n"), r.out());
        assertEquals(2, r.err().split("bash: echo: write error: Invalid argument", -1).length - 1, r.err());
        assertTrue(r.out().contains("some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"), r.out());
    }

    @Test
    void mlockedPagesAreCountedAsMlockedAndUnevictable() {
        ScenarioRunner.Result r = run(
                "machine memory=256M cpus=1",
                "spawn web",
                "web: a = mmap 8M rw private anon",
                "web: write a 0 8M",
                "web: mlock a 0 8M",
                "expect Mlocked == 8M",
                "expect Unevictable == 8M",
                "expect nr_mlock == 2048",
                "expect unevictable_pgs_mlocked == 2048",
                "expect unevictable_pgs_culled == 2048",
                "web: fork kid",
                "kid: write a 0 1M",
                "expect Mlocked == 8M",
                "web: munlock a 0 2M",
                "expect Mlocked == 6M",
                "expect unevictable_pgs_munlocked == 512",
                "expect unevictable_pgs_rescued == 512",
                "web: munmap a 2M 2M",
                "expect Mlocked == 4M",
                "web: exit",
                "expect Mlocked == 0",
                "expect Unevictable == 0",
                "expect nr_unevictable == 0",
                "expect unevictable_pgs_munlocked == 2048");
        assertEquals(0, r.exit(), r.out() + r.err());
    }
}
