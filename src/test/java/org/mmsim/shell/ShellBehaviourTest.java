package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runtime behaviour of the scenario language on the default (1G) and small machines. */
class ShellBehaviourTest {
    @TempDir
    Path dir;

    private String file() {
        return dir.resolve("t.mms").toString();
    }

    private ScenarioRunner.Result run(String scenario) {
        return ScenarioRunner.runText(dir, scenario);
    }

    @Test
    void expectOperatorsCompareMeminfoInBytes() {
        ScenarioRunner.Result r = run(String.join("\n",
                "expect MemTotal > 512M",
                "expect MemTotal >= 0x20000000",
                "expect MemTotal < 1G",
                "expect MemTotal <= 1048576kB",
                "expect MemTotal != 1G",
                "expect MemFree <= 1024M",
                "expect pgalloc_normal == 0",
                "expect nr_free_pages > 100000"));
        assertEquals("", r.err());
        assertEquals(0, r.exit());
    }

    @Test
    void failedExpectReportsValueAsProcShowsItAndTheRunGoesOn() {
        ScenarioRunner.Result r = run("expect MemFree > 7G\nexpect pgalloc_dma32 >= 80\necho still running\n");
        String[] err = r.err().split("\n");
        assertEquals(2, err.length, r.err());
        assertTrue(err[0].matches(java.util.regex.Pattern.quote(file())
                + ":1: expect failed: MemFree = \\d+ kB, wanted > 7G"), err[0]);
        assertEquals(file() + ":2: expect failed: pgalloc_dma32 = 14, wanted >= 80", err[1]);
        assertEquals("still running\n", r.out());
        assertEquals(1, r.exit());
    }

    @Test
    void allocationsCountInVmstatAndFreesReturnThem() {
        ScenarioRunner.Result r = run(String.join("\n",
                "p = alloc_pages order=3 gfp=GFP_KERNEL",
                "expect pgalloc_dma32 == 22", // 14 slab pages at boot (caches, root dentries and inodes), then these 8
                "free_pages p",
                "p = alloc_pages order=0",
                "free_pages p"));
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        assertTrue(r.out().matches("p: pfn 0x[0-9a-f]+, order 3 \\(8 pages\\), Node 0 DMA32\n"
                + "p: pfn 0x[0-9a-f]+, order 0 \\(1 page\\), Node 0 DMA32\n"), r.out());
    }

    @Test
    void failedAllocationIsNoScenarioErrorAndItsWarningReachesTheConsoleInOrder() {
        ScenarioRunner.Result r = run(String.join("\n",
                "machine memory=64M cpus=1",
                "echo before",
                "a = alloc_pages order=10",
                "b = alloc_pages order=10",
                "c = alloc_pages order=10",
                "d = alloc_pages order=10",
                "e = alloc_pages order=10",
                "free_pages e",
                "echo after"));
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        int warning = out.indexOf("] mmsim: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), "
                + "nodemask=(null),cpuset=/,mems_allowed=0\n");
        int failed = out.indexOf("e: allocation failed (order 10, GFP_KERNEL)\n");
        assertTrue(out.startsWith("before\n"), out);
        assertTrue(warning > 0 && failed > warning, out);
        assertTrue(out.endsWith("after\n"), out);
        assertTrue(out.contains("[    0.000000]  </TASK>\n"), out);
        assertTrue(!out.contains("Memory:"), "boot messages are not echoed: " + out);
    }

    @Test
    void nowarnAllocationFailsQuietly() {
        ScenarioRunner.Result r = run("machine memory=64M\na = alloc_pages order=10 gfp=GFP_KERNEL|__GFP_NOWARN\n"
                + "b = alloc_pages order=10 gfp=GFP_KERNEL|__GFP_NOWARN\nc = alloc_pages order=10 gfp=GFP_KERNEL|__GFP_NOWARN\n"
                + "d = alloc_pages order=10 gfp=GFP_KERNEL|__GFP_NOWARN\ne = alloc_pages order=10 gfp=GFP_KERNEL|__GFP_NOWARN\n");
        assertTrue(r.out().contains("e: allocation failed (order 10, GFP_KERNEL|__GFP_NOWARN)\n"), r.out());
        assertTrue(!r.out().contains("page allocation failure"), r.out());
    }

    @Test
    void sysctlReadsWritesAndReportsRefusalsAsProcpsDoes() {
        ScenarioRunner.Result r = run(String.join("\n",
                "sysctl vm.watermark_scale_factor",
                "sysctl vm.watermark_scale_factor=20",
                "sysctl -w vm/watermark_scale_factor=30",
                "sysctl -n vm.watermark_scale_factor",
                "sysctl -q vm.watermark_scale_factor=40",
                "sysctl vm.watermark_scale_factor=0",
                "sysctl vm.nope",
                "sysctl vm.watermark_scale_factor vm.lowmem_reserve_ratio"));
        assertEquals(0, r.exit());
        assertEquals("vm.watermark_scale_factor = 10\nvm.watermark_scale_factor = 20\n"
                + "vm.watermark_scale_factor = 30\n30\nvm.watermark_scale_factor = 40\n"
                + "vm.lowmem_reserve_ratio = 256\t256\t32\t0\t0\n", r.out());
        assertEquals("sysctl: setting key \"vm.watermark_scale_factor\": Invalid argument\n"
                + "sysctl: cannot stat /proc/sys/vm/nope: No such file or directory\n", r.err());
    }

    @Test
    void sysctlAllListsEveryKeySorted() {
        ScenarioRunner.Result r = run("sysctl -a\n");
        assertTrue(r.out().contains("vm.min_free_kbytes = "), r.out());
        String[] lines = r.out().split("\n");
        for (int i = 1; i < lines.length; i++) {
            assertTrue(lines[i - 1].compareTo(lines[i]) < 0, lines[i]);
        }
    }

    @Test
    void echoWritesProcSysAndReportsRefusalsAsBashDoes() {
        ScenarioRunner.Result r = run(String.join("\n",
                "echo 25 > /proc/sys/vm/watermark_scale_factor",
                "cat /proc/sys/vm/watermark_scale_factor",
                "echo 0 > /proc/sys/vm/watermark_scale_factor",
                "echo 1 > /proc/nope",
                "echo 1 > /proc/buddyinfo",
                "echo \"two  words\" 'and # this'",
                "cat /proc/sys/vm/watermark_scale_factor /proc/nope /proc/sys"));
        assertEquals(0, r.exit());
        assertEquals("25\ntwo  words and # this\n25\n", r.out());
        assertEquals("bash: echo: write error: Invalid argument\n"
                + "bash: /proc/nope: No such file or directory\n"
                + "bash: /proc/buddyinfo: Permission denied\n"
                + "cat: /proc/nope: No such file or directory\n"
                + "cat: /proc/sys: Is a directory\n", r.err());
    }

    @Test
    void dmesgPrintsTheBootLog() {
        ScenarioRunner.Result r = run("machine memory=2G cpus=4 nodes=2 distance=10,21;21,10 thp=never\ndmesg\n");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("[    0.000000] BIOS-provided physical RAM map:\n"), r.out());
        assertTrue(r.out().contains("Built 2 zonelists"), r.out());
    }

    @Test
    void seedOptionIsAccepted() {
        run("echo ok\n");
        ScenarioRunner.Result r = ScenarioRunner.run(dir.resolve("t.mms"), "--seed", "42");
        assertEquals("ok\n", r.out());
        assertEquals(0, r.exit());
    }
}
