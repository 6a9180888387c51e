package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * util-linux ipcs reading mmsim's exported /proc/sysvipc/shm and kernel.shm* (bind-mounted over
 * /proc in a private mount namespace): the segments, the removed one's "dest" status, the pids, and
 * the limits, which must read as this host's own (both at Linux's defaults).
 */
class IpcsRealToolTest {
    private static final String SCENARIO = String.join("\n",
            "spawn db",
            "db: id = shmget key=0x1234 4M create",
            "db: id2 = shmget private 5000 create",
            "db: p = shmat id",
            "db: q = shmat id2",
            "db: write p 0 1M",
            "db: fork worker",
            "worker: exit",
            "db: shmctl id2 rmid",
            "");

    @Test
    void ipcsReadsTheSegments(@TempDir Path dir) throws Exception {
        List<String> unshare = RealToolsTest.unshareCommand();
        assumeTrue(unshare != null, "unshare cannot create a private mount namespace here");
        assumeTrue(RealToolsTest.installed("ipcs"), "ipcs is not installed");
        Path file = Files.writeString(dir.resolve("t.mms"), SCENARIO, StandardCharsets.UTF_8);
        Path export = dir.resolve("export");
        ScenarioRunner.Result r = ScenarioRunner.run(file, "--export", export.toString());
        assertEquals(0, r.exit(), r.err());

        RealToolsTest.Run m = RealToolsTest.real(unshare, export, List.of("ipcs", "-m"));
        assertEquals(String.join("\n", "",
                "------ Shared Memory Segments --------",
                "key        shmid      owner      perms      bytes      nattch     status      ",
                "0x00001234 0          root       600        4194304    1                       ",
                "0x00000000 1          root       600        5000       1          dest         ",
                "", ""), m.out());
        RealToolsTest.Run pids = RealToolsTest.real(unshare, export, List.of("ipcs", "-m", "-p"));
        assertEquals(String.join("\n", "",
                "------ Shared Memory Creator/Last-op PIDs --------",
                "shmid      owner      cpid       lpid      ",
                "0          root       1000       1001      ",
                "1          root       1000       1001      ",
                "", ""), pids.out(), "the child's exit closed its attaches last");

        List<String> host = Files.readAllLines(Path.of("/proc/sys/kernel/shmmax"));
        assumeTrue(host.equals(List.of("18446744073692774399"))
                && Files.readAllLines(Path.of("/proc/sys/kernel/shmall")).equals(host)
                && Files.readAllLines(Path.of("/proc/sys/kernel/shmmni")).equals(List.of("4096")),
                "this host's kernel.shm* are not Linux's defaults");
        RealToolsTest.Run limits = RealToolsTest.real(unshare, export, List.of("ipcs", "-m", "-l"));
        RealToolsTest.Run hostLimits = RealToolsTest.exec(List.of("ipcs", "-m", "-l"));
        assertEquals(hostLimits.out(), limits.out());
    }
}
