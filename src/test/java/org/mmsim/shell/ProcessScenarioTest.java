package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Processes in scenarios: spawn, system calls printed as strace prints them, faults, fork, exit, segfaults. */
class ProcessScenarioTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines));
    }

    @Test
    void anonymousMappingFaultsOncePerPage() {
        ScenarioRunner.Result r = run(
                "spawn web",
                "web: buf = mmap 64M rw private anon",
                "web: write buf 0 64M",
                "web: read buf+4K 8K",
                "expect web.pid == 1000",
                // exec took 2 faults and left 2 anonymous pages: the stack page holding argv and
                // the auxv, and the data page padzero copied; the default program maps 852K
                "expect web.minflt == 16386",
                "expect web.majflt == 0",
                "expect web.rss == 65544K",
                "expect web.rss_anon == 65544K",
                "expect web.rss_file == 0",
                "expect web.vm == 66388K",
                "expect web.errno == 0");
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        String[] out = r.out().split("\n");
        assertEquals("spawn web: pid 1000", out[0]);
        assertTrue(out[1].matches("web: mmap\\(NULL, 67108864, PROT_READ\\|PROT_WRITE, MAP_PRIVATE\\|MAP_ANONYMOUS, -1, 0\\)"
                + " = 0x7f[0-9a-f]{10}"), out[1]);
        String base = out[1].substring(out[1].lastIndexOf("0x"));
        long start = Long.parseUnsignedLong(base.substring(2), 16);
        assertEquals("web: write " + base + "..0x" + Long.toHexString(start + (64L << 20))
                + ": 16384 minor, 0 major faults", out[2]);
        assertEquals("web: read 0x" + Long.toHexString(start + 4096) + "..0x" + Long.toHexString(start + 3 * 4096)
                + ": 0 minor, 0 major faults", out[3]);
    }

    @Test
    void forkSharesPagesCopyOnWrite() {
        ScenarioRunner.Result r = run(
                "spawn web",
                "web: buf = mmap 1M rw private anon",
                "web: write buf 0 1M",
                "web: fork worker",
                "expect worker.rss == 1032K",          // with exec's stack and data pages
                "expect worker.minflt == 0",
                "worker: write buf 0 4K",
                "expect worker.minflt == 1",
                "web: write buf 0 1M",
                "expect web.minflt == 514",            // 256 + 256 + exec's 2
                "worker: exit",
                "expect web.rss == 1032K");
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("web: fork() = 1001   (worker)\n"), r.out());
        assertTrue(r.out().contains("worker: exit_group(0) = ?\nworker: +++ exited with 0 +++\n"), r.out());
    }

    @Test
    void refusedCallsSetErrnoAndAreNotScenarioErrors() {
        ScenarioRunner.Result r = run(
                "spawn web",
                "web: bad = mmap 0 rw private anon",
                "expect web.errno == EINVAL",
                "web: munmap bad 4K",
                "expect web.errno == EINVAL",
                "web: buf = mmap 64M rw private anon",
                "expect web.errno == 0",
                "web: mlockall current",
                "expect web.errno == ENOMEM",
                "web: mprotect 0x1000 4K r",
                "expect web.errno == ENOMEM");
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("web: mmap(NULL, 0, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 "
                + "EINVAL (Invalid argument)\n"), r.out());
        assertTrue(r.out().contains("web: munmap(0xffffffffffffffff, 4096) = -1 EINVAL (Invalid argument)\n"), r.out());
        assertTrue(r.out().contains("web: mlockall(MCL_CURRENT) = -1 ENOMEM (Cannot allocate memory)\n"), r.out());
        assertTrue(r.out().contains("web: mprotect(0x1000, 4096, PROT_READ) = -1 ENOMEM (Cannot allocate memory)\n"),
                r.out());
    }

    @Test
    void otherCallsPrintAsStraceDoes() {
        ScenarioRunner.Result r = run(
                "spawn web",
                "web: buf = mmap 4M r|w private|anon|populate",
                "expect web.minflt == 1026",            // with exec's 2
                "expect web.rss == 4104K",
                "web: madvise buf 0 1M dontneed",
                "expect web.rss == 3080K",
                "web: buf = mremap buf+1M 1M 8M maymove",
                "web: write buf 0 8M",
                "web: mlock buf 0 1M",
                "web: munlock buf 1M",
                "web: munlockall",
                "web: heap = brk +1M",
                "web: write heap 0 1M",
                "expect web.minflt == 3074",
                "web: brk -1M",
                "expect web.errno == 0");
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("(?s).*web: mmap\\(NULL, 4194304, PROT_READ\\|PROT_WRITE, "
                + "MAP_PRIVATE\\|MAP_ANONYMOUS\\|MAP_POPULATE, -1, 0\\) = 0x[0-9a-f]+\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*web: madvise\\(0x[0-9a-f]+, 1048576, MADV_DONTNEED\\) = 0\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*web: mremap\\(0x[0-9a-f]+, 1048576, 8388608, MREMAP_MAYMOVE\\) = 0x[0-9a-f]+\n.*"),
                r.out());
        assertTrue(r.out().matches("(?s).*web: mlock\\(0x[0-9a-f]+, 1048576\\) = 0\n.*"), r.out());
        assertTrue(r.out().contains("web: munlockall() = 0\n"), r.out());
        // the break lies past the bss (0x4ac000), up to 1 GiB further when randomized
        assertTrue(r.out().matches("(?s).*web: brk\\(0x[0-9a-f]{6,8}\\) = 0x[0-9a-f]{6,8}\n.*"), r.out());
    }

    @Test
    void segfaultKillsTheTaskAndLaterLinesAreSkipped() {
        ScenarioRunner.Result r = run(
                "spawn web",
                "web: buf = mmap 8K r private anon",
                "web: read buf 0 8K",
                "web: write buf 4K 4K",
                "web: write buf 0 4K",
                "dmesg | tail -n 2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("mmsim: web: no such process (killed by SIGSEGV on line 4); line skipped\n", r.err());
        String addr = r.out().split("\n")[1].replaceAll(".* = 0x", "");
        String page = Long.toHexString(Long.parseUnsignedLong(addr, 16) + 4096);
        assertTrue(r.out().contains("web: write 0x" + page + "..0x" + Long.toHexString(Long.parseUnsignedLong(addr, 16)
                + 8192) + ": 0 minor, 0 major faults\n"
                + "web: --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_ACCERR, si_addr=0x" + page + "} ---\n"
                + "web: +++ killed by SIGSEGV +++\n"), r.out());
        assertTrue(r.out().contains("] web[1000]: segfault at " + page + " ip 0000000000000000 sp 0000000000000000 "
                + "error 7 likely on CPU 0 (core 0, socket 0)\n"), r.out());
        assertTrue(r.out().endsWith("] Code: Unable to access opcode bytes at 0xffffffffffffffd6.\n"), r.out());
    }

    @Test
    void unmappedAccessIsAMapErrAndAnExpectOnTheDeadTaskFails() {
        ScenarioRunner.Result r = run(
                "spawn web",
                "web: write 0x10000 4K",
                "expect web.rss == 0");
        assertEquals(1, r.exit());
        assertTrue(r.out().contains("web: --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=0x10000} ---\n"),
                r.out());
        assertTrue(r.err().endsWith(":3: expect failed: web.rss: web is gone (killed by SIGSEGV on line 2), wanted == 0\n"),
                r.err());
    }

    @Test
    void aChildKeepsItsParentsNamesAndADeadParentsForkIsSkipped() {
        ScenarioRunner.Result r = run(
                "spawn web",
                "web: buf = mmap 4K rw private anon",
                "web: fork a",
                "a: write buf 0 4K",
                "expect a.minflt == 1",
                "web: write 0 4K",
                "web: fork b",
                "b: write buf 0 4K");
        assertEquals(0, r.exit(), r.err());
        assertEquals("mmsim: web: no such process (killed by SIGSEGV on line 6); line skipped\n"
                + "mmsim: b: no such process (web was not running); line skipped\n", r.err());
    }
}
