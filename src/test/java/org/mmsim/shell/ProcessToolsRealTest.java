package org.mmsim.shell;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ps and top (procps-ng 4.0.2) against the real tools reading mmsim's export. Both look themselves
 * up in /proc (libproc2's "lookup self"), so they run in a new pid namespace as its pid 1 and find
 * mmsim's init at /proc/1. Processes are listed with a sort whose keys have no ties, because the
 * real tools list an export's /proc in the order of the host file system's readdir. What depends on
 * the host's wall clock is masked: the START/STIME column of ps and the clock at the start of top's
 * first line (mmsim shows its simulated wall clock there).
 */
class ProcessToolsRealTest {
    private static final String SCENARIO = String.join("\n",
            "machine memory=1G cpus=2",
            "spawn web",
            "web: p = mmap 8M rw private anon",
            "web: write p 0 4M",
            "sleep 65",
            "spawn db",
            "db: q = mmap 3M rw private anon",
            "db: write q 0 2M",
            "db: mlock q 1M",
            "sleep 3700",
            "db: fork worker",
            "worker: write q 0 12K",
            "worker: r = mmap 1M rw private anon",
            "worker: write r 0 512K",
            "sleep 2");

    private static final List<List<String>> SAME = List.of(
            List.of("ps", "-eo", "pid,ppid,comm,rss,vsz,%mem,%cpu,maj_flt,min_flt,stat,args,etime,time,user,tty,"
                    + "nlwp,ni,pri,uid,sz,c,s,etimes,majflt,minflt,rsz,vsize,cmd,command,ucomm,pgid,sid,tname",
                    "--sort=pid"),
            List.of("ps", "-eo", "pid,rss,comm", "--sort=-rss"),
            List.of("ps", "-e", "-o", "pid,min_flt", "--sort", "+min_flt"),
            List.of("ps", "-p", "1000,1001", "-o", "pid=PROCESS,comm=,rss=R"),
            List.of("ps", "--sort=pid"),
            List.of("ps", "-C", "web", "-o", "pid,vsz"),
            List.of("ps", "-e", "--no-headers", "-o", "pid,vsz", "--sort=vsz"),
            List.of("ps", "axo", "pid,stat", "--sort=-pid"),
            List.of("top", "-b", "-n", "1", "-o", "PID"),
            List.of("top", "-b", "-n", "1", "-o", "RES"),
            List.of("top", "-b", "-n", "1", "-o", "%MEM"),
            List.of("top", "-b", "-n", "1", "-o", "-PID"),
            List.of("top", "-b", "-n1", "-p", "1000,1002"));

    /** Invocations whose START (aux: 9th column) or STIME (-ef: 5th) column is the host's clock. */
    private static final List<List<String>> START_MASKED = List.of(
            List.of("ps", "aux", "--sort=pid"), List.of("ps", "-ef", "--sort=-pid"));

    private static final List<List<String>> REFUSED = List.of(
            List.of("ps", "-eo", "foo"), List.of("ps", "--sort"), List.of("ps", "aux", "--sort=foo"),
            List.of("ps", "-Q"), List.of("ps", "--bogus"), List.of("ps", "-o"), List.of("ps", "-p"),
            List.of("ps", "-p", "abc"), List.of("ps", "aQ"), List.of("top", "-b", "-n", "x"),
            List.of("top", "-b", "-n", "1", "-d", "x"), List.of("top", "-b", "-n", "1", "-o", "FOO"),
            List.of("top", "-b", "-n", "1", "extra"), List.of("top", "-b", "-n"));

    @TestFactory
    List<DynamicNode> psAndTopMatchTheRealTools(@TempDir Path dir) throws IOException {
        List<String> unshare = RealToolsTest.unshareCommand();
        assumeTrue(unshare != null, "unshare cannot create a private mount namespace here");
        List<String> pidns = new ArrayList<>(unshare);
        pidns.addAll(List.of("-p", "-f"));
        Path file = Files.writeString(dir.resolve("s.mms"), SCENARIO + "\n", StandardCharsets.UTF_8);
        Path export = dir.resolve("export");
        ScenarioRunner.Result base = ScenarioRunner.run(file, "--export", export.toString());
        assertEquals(0, base.exit(), base.err());
        List<DynamicNode> tests = new ArrayList<>();
        for (List<String> tool : SAME) {
            tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                assumeTrue(RealToolsTest.installed(tool.get(0)), tool.get(0) + " is not installed");
                String mm = mmsim(dir, base, tool);
                String real = real(pidns, export, tool, 0);
                if (tool.get(0).equals("top")) {
                    assertEquals(afterClock(real), afterClock(mm));
                    assertTrue(mm.startsWith("top - 01:02:47 up  1:02,  0 user,"), mm);
                } else {
                    assertEquals(real, mm);
                }
            }));
        }
        for (List<String> tool : START_MASKED) {
            tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                assumeTrue(RealToolsTest.installed("ps"), "ps is not installed");
                int column = tool.contains("aux") ? 8 : 4;
                assertEquals(maskColumn(real(pidns, export, tool, 0), column),
                        maskColumn(mmsim(dir, base, tool), column));
            }));
        }
        for (List<String> tool : REFUSED) {
            tests.add(DynamicTest.dynamicTest(String.join(" ", tool), () -> {
                assumeTrue(RealToolsTest.installed(tool.get(0)), tool.get(0) + " is not installed");
                Path withTool = Files.writeString(dir.resolve("bad.mms"), String.join(" ", tool) + "\n");
                ScenarioRunner.Result mm = ScenarioRunner.run(withTool);
                assertEquals(2, mm.exit());
                RealToolsTest.Run real = RealToolsTest.real(pidns, export, tool);
                assertTrue(real.exit() != 0 || tool.get(0).equals("top"), "top exits 0 after getopt's message");
                assertEquals(withTool + ":1: " + real.err().strip() + "\n", mm.err());
            }));
        }
        return tests;
    }

    private static String mmsim(Path dir, ScenarioRunner.Result base, List<String> tool) throws IOException {
        Path withTool = Files.writeString(dir.resolve("tool.mms"), SCENARIO + "\n" + String.join(" ", tool) + "\n");
        ScenarioRunner.Result mm = ScenarioRunner.run(withTool);
        assertEquals(0, mm.exit(), mm.err());
        assertTrue(mm.out().startsWith(base.out()));
        return mm.out().substring(base.out().length());
    }

    private static String real(List<String> pidns, Path export, List<String> tool, int exit) {
        List<String> withTz = new ArrayList<>(List.of("env", "TZ=UTC"));
        withTz.addAll(tool);
        RealToolsTest.Run r = RealToolsTest.real(pidns, export, withTz);
        assertEquals("", r.err());
        assertEquals(exit, r.exit());
        return r.out();
    }

    /** top's text after "top - HH:MM:SS" on every frame. */
    private static String afterClock(String top) {
        return top.replaceAll("(?m)^top - \\d\\d:\\d\\d:\\d\\d", "top - CLOCK");
    }

    private static String maskColumn(String text, int column) {
        StringBuilder sb = new StringBuilder();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > column) {
                f[column] = "*";
            }
            sb.append(String.join(" ", f)).append('\n');
        }
        return sb.toString();
    }
}
