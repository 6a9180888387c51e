package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ls, kill, dmesg -T, sleep, sync, watch, swapon/swapoff/mkswap and mount as scenario commands:
 * their output, their effect on the simulated machine, and their refusals with the real tools'
 * messages (RealToolsTest compares ls and swapon with the real tools on an export).
 */
class SystemCommandsTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines) + "\n");
    }

    private String refusal(String line) {
        ScenarioRunner.Result r = run(line);
        assertEquals(2, r.exit());
        return r.err().substring((dir.resolve("t.mms") + ":1: ").length());
    }

    @Test
    void lsListsProcAndPidDirectoriesAndReportsMissingPaths() {
        ScenarioRunner.Result r = run("spawn web", "ls /proc/web", "ls /proc/nope /proc/1000/stat", "ls -a /proc/sys",
                "ls");
        assertEquals("spawn web: pid 1000\ncmdline\ncomm\nmaps\nnuma_maps\noom_adj\noom_score\noom_score_adj\nsmaps\nsmaps_rollup\nstat\nstatm\nstatus\n"
                + "/proc/1000/stat\n.\n..\nfs\nkernel\nvm\n", r.out());
        assertEquals("ls: cannot access '/proc/nope': No such file or directory\n", r.err());
        assertEquals("ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", refusal("ls -z /proc")
                + "");
        assertTrue(refusal("ls -l /proc").startsWith("ls: -l is not simulated"));
    }

    @Test
    void catOfAMissingOrDirectoryPathGivesLinuxErrors() {
        ScenarioRunner.Result r = run("cat /proc/nope /proc/sys", "cat /proc/self/comm");
        assertEquals("cat: /proc/nope: No such file or directory\ncat: /proc/sys: Is a directory\n", r.err());
        assertEquals("init\n", r.out());
    }

    @Test
    void killEndsATaskAndFreesItsMemory() {
        ScenarioRunner.Result r = run("spawn web", "web: p = mmap 4M rw private anon", "web: write p 0 4M",
                "spawn db", "kill -9 web", "kill -s SEGV 1001", "kill 4242", "kill -CHLD 1", "kill 1",
                "expect AnonPages == 0", "ps -eo pid,comm", "db: m = mmap 4K rw private anon", "kill -l", "kill -l 9 TERM",
                "dmesg | grep -c killed");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("web: +++ killed by SIGKILL +++\ndb: +++ killed by SIGSEGV +++\n"
                + "  PID COMMAND\n    1 init\n"), r.out());
        assertTrue(r.out().endsWith("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\n"
                + "CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\nKILL\n15\n0\n"), r.out());
        assertEquals("kill: (4242): No such process\n"
                + "mmsim: db: no such process (killed by SIGSEGV on line 6); line skipped\n", r.err());
        assertTrue(refusal("kill -FOO 1").startsWith("kill: invalid argument F\n\nUsage:\n kill [options] <pid> [...]"));
        assertEquals("kill: failed to parse argument: 'nosuch'\n", refusal("kill nosuch"));
        assertTrue(refusal("kill -STOP 1").startsWith("kill: SIGSTOP stops a process"));
    }

    @Test
    void sleepAdvancesSimulatedTimeAndDmesgTShowsItAsADate() {
        ScenarioRunner.Result r = run("sleep 1m 5.5", "cat /proc/uptime", "dmesg -T | head -1", "sleep 2h",
                "ps -o etime -p 1");
        assertTrue(r.out().startsWith("65.50 "), r.out());
        assertTrue(r.out().contains("[Thu Jan  1 00:00:00 1970] "), r.out());
        assertTrue(r.out().endsWith("    ELAPSED\n   02:01:05\n"), r.out());
        assertEquals("sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
                refusal("sleep x"));
        assertEquals("sleep: missing operand\nTry 'sleep --help' for more information.\n", refusal("sleep"));
    }

    @Test
    void watchRepeatsACommandAdvancingTime() {
        ScenarioRunner.Result r = run("watch -n 5 --count 2 \"cat /proc/uptime | head -c 4\"", "watch -t --count 1 sync");
        assertEquals("Every 5.0s: cat /proc/uptime | head -c 4    mmsim: Thu Jan  1 00:00:00 1970\n\n0.00"
                + "Every 5.0s: cat /proc/uptime | head -c 4    mmsim: Thu Jan  1 00:00:05 1970\n\n5.00", r.out());
        assertTrue(refusal("watch free").startsWith("watch: without --count N it repeats forever"));
        assertTrue(refusal("watch --count 2").startsWith("Usage:\n watch [options] command\n"));
    }

    @Test
    void sarPrintsSysstatsReportsOverSimulatedTime() {
        ScenarioRunner.Result r = run("sar -B 1 2", "sar -r -B 2 1");
        assertEquals(0, r.exit(), r.err());
        String[] l = r.out().split("\n");
        assertEquals("Linux 6.18.0-mmsim (mmsim) \t01/01/70 \t_x86_64_\t(2 CPU)", l[0]);
        assertEquals("", l[1]);
        assertEquals("00:00:00     pgpgin/s pgpgout/s   fault/s  majflt/s  pgfree/s pgscank/s pgscand/s pgsteal/s"
                + "    %vmeff", l[2]);
        assertEquals("00:00:01         0.00      0.00      0.00      0.00      0.00      0.00      0.00      0.00"
                + "      0.00", l[3]);
        assertTrue(l[5].startsWith("Average:         0.00 "), l[5]);
        assertEquals("00:00:02    kbmemfree   kbavail kbmemused  %memused kbbuffers  kbcached  kbcommit   %commit"
                + "  kbactive   kbinact   kbdirty", l[11]);
        assertTrue(l[12].matches("00:00:04 +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+\\.[0-9][0-9] .*"), l[12]);
        assertTrue(l[17].startsWith("Average:    kbmemfree"), l[17]);
        assertTrue(refusal("sar -B").startsWith("sar: without INTERVAL"));
        assertTrue(refusal("sar -Q 1").startsWith("Usage: sar [ options ]"));
    }

    @Test
    void iostatRowsOfBusyDisksMatchTheRealOneOnTheExport() throws Exception {
        ScenarioRunner.Result r = run("machine memory=256M disk=nvme:1G,hdd:10G", "spawn db",
                "db: fd = open /data create rw", "db: pwrite fd 0 64M", "db: fsync fd",
                "echo 1 > /proc/sys/vm/drop_caches", "db: pread fd 0 64M", "iostat -x");
        assertEquals(0, r.exit(), r.err());
        String ours = r.out().substring(r.out().indexOf("Device "));
        assertTrue(ours.contains("\nnvme0n1 ") && !ours.contains("\nsda "), "an idle disk is left out: " + ours);
        java.util.List<String> unshare = RealToolsTest.unshareCommand();
        if (unshare != null && RealToolsTest.installed("iostat")) {
            Path export = dir.resolve("export");
            assertEquals(0, ScenarioRunner.run(dir.resolve("t.mms"), "--export", export.toString()).exit());
            RealToolsTest.Run real = RealToolsTest.real(unshare, export, java.util.List.of("iostat", "-x"));
            assertEquals(ours, real.out().substring(real.out().indexOf("Device ")), "real iostat's device table");
        }
    }

    @Test
    void iostatPrintsTheExtendedReportAsTheRealOneOnTheExport() throws Exception {
        ScenarioRunner.Result r = run("sleep 10", "iostat -x");
        String expected = "\navg-cpu:  %user   %nice %system %iowait  %steal   %idle\n"
                + "           0.00    0.00    0.00    0.00    0.00  100.00\n\n" + IostatCommand.DEVICE_HEADING + "\n\n\n";
        assertEquals("Linux 6.18.0-mmsim (mmsim) \t01/01/70 \t_x86_64_\t(2 CPU)\n" + expected, r.out());
        java.util.List<String> unshare = RealToolsTest.unshareCommand();
        if (unshare != null && RealToolsTest.installed("iostat")) {
            Path export = dir.resolve("export");
            assertEquals(0, ScenarioRunner.run(dir.resolve("t.mms"), "--export", export.toString()).exit());
            RealToolsTest.Run real = RealToolsTest.real(unshare, export, java.util.List.of("iostat", "-x"));
            assertEquals(expected, real.out().substring(real.out().indexOf('\n') + 1), "real iostat after its heading");
        }
        String row = IostatCommand.row("254 0 vda 100 20 800 50 10 0 80 30 0 60 80 0 0 0 0 4 2".split(" "), 10);
        assertEquals("vda             10.00     40.00     2.00  16.67    0.50     4.00    1.00      4.00     0.00"
                + "   0.00    3.00     4.00    0.00      0.00     0.00   0.00    0.00     0.00    0.40    0.50    0.01"
                + "   0.60", row);
        assertTrue(refusal("iostat").startsWith("Usage: iostat"));
    }

    @Test
    void syncPrintsNothingAndRefusesOperands() {
        assertEquals("", run("sync").out());
        assertTrue(refusal("sync /x").startsWith("sync: "));
    }

    @Test
    void swapCommandsShowNoSwapAndUtilLinuxErrors() {
        ScenarioRunner.Result r = run("swapon --show", "swapon -s", "cat /proc/swaps", "swapon -p 3 /swapfile",
                "swapoff /swapfile", "swapoff -a", "mkswap /swapfile");
        assertEquals("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n", r.out());
        assertEquals("swapon: cannot open /swapfile: No such file or directory\n"
                + "swapoff: /swapfile: swapoff failed: No such file or directory\n"
                + "mkswap: cannot open /swapfile: No such file or directory\n", r.err());
        assertEquals("swapon: failed to parse priority: 'x'\n", refusal("swapon -p x /f"));
        assertEquals("swapon: invalid option -- 'Q'\nTry 'swapon --help' for more information.\n",
                refusal("swapon -Q"));
        assertEquals("swapoff: bad usage\nTry 'swapoff --help' for more information.\n", refusal("swapoff"));
        assertEquals("mkswap: error: Nowhere to set up swap on?\nTry 'mkswap --help' for more information.\n",
                refusal("mkswap"));
    }

    @Test
    void swaponShowFormatsAreasAsUtilLinux() {
        String table = SwapCommands.show(java.util.List.of(
                new org.mmsim.procfs.SwapAreas.Area("/dev/vdb", "partition", 2 * 1024 * 1024, 0, -2),
                new org.mmsim.procfs.SwapAreas.Area("/swapfile", "file", 1536 * 1024, 10240, 5)),
                java.util.List.of("NAME", "TYPE", "SIZE", "USED", "PRIO"), true, false);
        assertEquals("NAME      TYPE      SIZE USED PRIO\n/dev/vdb  partition   2G   0B   -2\n"
                + "/swapfile file      1.5G  10M    5\n", table);
    }

    @Test
    void runLetsSimulatedTimePass() {
        ScenarioRunner.Result r = run("run 10s", "cat /proc/uptime", "run 1.5m", "cat /proc/uptime");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().matches("(?s)10\\.\\d\\d \\S+\n100\\.\\d\\d \\S+\n"), r.out());
        assertTrue(refusal("run x").contains("run: bad duration \"x\""));
    }

    @Test
    void maxMapCountAndVfsCachePressureAreSysctls() {
        ScenarioRunner.Result r = run("sysctl vm.max_map_count vm.vfs_cache_pressure", "spawn a",
                "sysctl -w vm.max_map_count=3", "a: x = mmap 4K rw private anon", "expect a.errno == ENOMEM",
                "sysctl -w vm.max_map_count=65530", "a: y = mmap 4K rw private anon", "expect a.errno == 0",
                "sysctl vm.vfs_cache_pressure=-1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("vm.max_map_count = 65530\nvm.vfs_cache_pressure = 100\n"), r.out());
        assertEquals("sysctl: setting key \"vm.vfs_cache_pressure\": Invalid argument\n", r.err());
    }

    @Test
    void mountTmpfsMountsARealTmpfsWhosePagesAreShmem() {
        ScenarioRunner.Result r = run("mkdir -p /mnt/ram", "mount -t tmpfs none /mnt/ram", "spawn w",
                "w: fd = open /mnt/ram/f create rw", "w: pwrite fd 0 1M", "expect Shmem == 1M",
                "mount | grep /mnt/ram", "mount -t tmpfs none /mnt/ram/f");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("none on /mnt/ram type tmpfs (rw,relatime)\n"), r.out());
        assertEquals("mount: /mnt/ram/f: mount point is not a directory.\n"
                + "       dmesg(1) may have more information after failed mount system call.\n", r.err());
    }

    /** The host, in a private mount namespace, printed these for the same mounts. */
    @Test
    void tmpfsSizeIsAppliedAndListedAsLinuxListsIt() {
        ScenarioRunner.Result r = run("mkdir -p /mnt/t", "mkdir -p /mnt/u", "mount -t tmpfs -o size=8M tmpfs /mnt/t",
                "mount -o size=abc -t tmpfs tmpfs /mnt/u", "mount | grep /mnt/", "spawn w",
                "w: fd = open /mnt/t/f create rw", "w: pwrite fd 0 10M", "expect Shmem == 8M", "w: pwrite fd 8M 4K",
                "expect w.errno == ENOSPC", "dmesg | tail -1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("tmpfs on /mnt/t type tmpfs (rw,relatime,size=8192k)\n"), r.out());
        assertTrue(r.out().endsWith("tmpfs: Bad value for 'size'\n"), r.out());
        assertEquals("mount: /mnt/u: wrong fs type, bad option, bad superblock on tmpfs, missing codepage or helper "
                + "program, or other error.\n"
                + "       dmesg(1) may have more information after failed mount system call.\n", r.err());
    }

    @Test
    void mountListsTheTableAndRefusesWhatCannotMount() {
        ScenarioRunner.Result r = run("mount", "mount -t tmpfs none /mnt", "mount -t hugetlbfs none /sys",
                "mount -t proc proc /proc/sys", "cat /proc/mounts");
        // a machine without disk= has its root on tmpfs; /dev/shm is tmpfs on every machine
        assertEquals("proc on /proc type proc (rw,relatime)\nsysfs on /sys type sysfs (rw,relatime)\n"
                + "tmpfs on / type tmpfs (rw,nosuid,nodev)\ntmpfs on /dev/shm type tmpfs (rw,nosuid,nodev)\n"
                + "proc /proc proc rw,relatime 0 0\nsysfs /sys sysfs rw,relatime 0 0\n"
                + "tmpfs / tmpfs rw,nosuid,nodev 0 0\ntmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\n"
                + "proc /proc/sys proc rw,relatime 0 0\n", r.out());
        assertEquals("mount: /mnt: mount point does not exist.\n"
                + "       dmesg(1) may have more information after failed mount system call.\n"
                + "mount: /sys: unknown filesystem type 'hugetlbfs'.\n"
                + "       dmesg(1) may have more information after failed mount system call.\n", r.err());
        assertEquals("mount: /mnt: can't find in /etc/fstab.\n", refusal("mount /mnt"));
        assertEquals("mount: option requires an argument -- 't'\nTry 'mount --help' for more information.\n",
                refusal("mount -t"));
    }

    @Test
    void everyCommandInTheShellsHelpIsExercisedByATest() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.walk(Path.of("src/test/java"))) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                all.append(Files.readString(f));
            }
        }
        try (var examples = Files.list(Path.of("examples"))) {
            for (Path f : (Iterable<Path>) examples::iterator) {
                all.append(Files.readString(f));
            }
        }
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (CommandSpec c : Commands.standard().all()) {
            String name = c.name();
            boolean used = all.indexOf("\"" + name + " ") >= 0 || all.indexOf("\"" + name + "\"") >= 0
                    || all.indexOf(": " + name + " ") >= 0 || all.indexOf("\n" + name + " ") >= 0
                    || all.indexOf("= " + name + " ") >= 0 || all.indexOf(": " + name + "\"") >= 0;
            if (!used) {
                missing.add(name);
            }
        }
        assertEquals(java.util.List.of(), missing, "commands no test or example runs");
        assertFalse(Commands.standard().all().isEmpty());
    }
}
