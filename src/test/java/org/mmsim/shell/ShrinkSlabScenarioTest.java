package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dentry and inode caches as a scenario sees them: /proc/sys/fs/dentry-state and inode-nr,
 * SReclaimable and slabs_scanned, under drop_caches and under memory pressure.
 */
class ShrinkSlabScenarioTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, String.join("\n", lines) + "\n");
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    private static long value(String out, String key, int occurrence) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ":? +(\\d+)").matcher(out);
        for (int i = 0; i <= occurrence; i++) {
            assertTrue(m.find(), key + " #" + i + " in " + out);
        }
        return Long.parseLong(m.group(1));
    }

    @Test
    void dropCachesTwoFreesUnusedDentriesAndInodesButKeepsInodesWithPages() {
        ScenarioRunner.Result r = run(
                "machine memory=1G disk=nvme:10G",
                "mkdir -p /var/d",
                "touch /var/d/f{1..1000}",
                "cat /proc/sys/fs/dentry-state /proc/sys/fs/inode-nr",
                "grep SReclaimable /proc/meminfo",
                "spawn a",
                "a: fd = open /var/d/data create rw",
                "a: pwrite fd 0 1M",
                "a: close fd",
                "echo 2 > /proc/sys/vm/drop_caches",
                "cat /proc/sys/fs/dentry-state /proc/sys/fs/inode-nr",
                "grep SReclaimable /proc/meminfo",
                "grep slabs_scanned /proc/vmstat",
                "sync",
                "echo 3 > /proc/sys/vm/drop_caches",
                "cat /proc/sys/fs/dentry-state /proc/sys/fs/inode-nr");
        String[] out = r.out().split("\n");
        // 1000 files, /var and /var/d, and boot's four: the two roots, /dev and /dev/shm (looked up to
        // mount tmpfs there). Only the roots were never put: the rest are on the LRU (the mountpoint
        // and /dev lazily so, in use since).
        assertEquals("1006\t1004\t45\t0\t0\t0", out[0]);
        assertEquals("1006\t0", out[1]);
        long before = value(r.out(), "SReclaimable", 0);
        // The data file's dentry went, its inode stays: it has 256 dirty pages in the cache.
        int i = r.out().indexOf("close(3) = 0\n");
        String[] after = r.out().substring(i).split("\n");
        assertEquals("4\t0\t45\t0\t0\t0", after[1]);
        assertEquals("5\t0", after[2]);
        // 1344 kB to 216 kB: what stays is mostly empty slabs kept on the node partial lists (min_partial)
        assertTrue(value(r.out(), "SReclaimable", 1) * 5 < before, r.out());
        // drop_slab round 1: 1005 dentries due twice over (2010), one batch of 1024 walks them all; the
        // killed dentries' inodes reach the inode LRU. Round 2: 1002 inodes, one batch of 1024. Round 3:
        // nothing left (SHRINK_EMPTY), so drop_slab stops.
        assertEquals(2048, value(r.out(), "slabs_scanned", 0));
        // Written back and dropped from the page cache, the data file's inode joins the LRU and goes.
        assertEquals("4\t0\t45\t0\t0\t0", out[out.length - 2]);
        assertEquals("4\t0", out[out.length - 1]);
    }

    @Test
    void vfsCachePressureZeroKeepsEverythingAndOpenFilesPinTheirDentries() {
        ScenarioRunner.Result r = run(
                "machine memory=1G disk=nvme:10G",
                "mkdir /tmp/d",
                "touch /tmp/d/a /tmp/d/b /tmp/d/c",
                "spawn p",
                "p: fd = open /tmp/d/b r",
                "echo 0 > /proc/sys/vm/vfs_cache_pressure",
                "echo 2 > /proc/sys/vm/drop_caches",
                "cat /proc/sys/fs/dentry-state",
                "echo 100 > /proc/sys/vm/vfs_cache_pressure",
                "echo 2 > /proc/sys/vm/drop_caches",
                "cat /proc/sys/fs/dentry-state /proc/sys/fs/inode-nr",
                "p: close fd",
                "cat /proc/sys/fs/dentry-state");
        String[] out = r.out().substring(r.out().indexOf("O_RDONLY) = 3\n")).split("\n");
        // vfs_cache_pressure 0: the shrinker reports nothing, so even drop_caches frees nothing
        assertEquals("9\t7\t45\t0\t0\t0", out[1]);
        // At 100 every unused dentry goes (a after its second pass), but b is open: b, /tmp/d and /tmp
        // stay with the four of boot, and their inodes.
        assertEquals("7\t0\t45\t0\t0\t0", out[2]);
        assertEquals("7\t0", out[3]);
        // closing b leaves it, unused, on the LRU (its parents stay in use by it)
        assertEquals("7\t1\t45\t0\t0\t0", out[out.length - 1]);
    }

    /** 10000 files' dentries and inodes, then 100M of anonymous memory on a 128M machine with swap. */
    private ScenarioRunner.Result pressure(int vfsCachePressure) {
        return run(
                "machine memory=128M disk=nvme:1G swap=256M",
                "echo " + vfsCachePressure + " > /proc/sys/vm/vfs_cache_pressure",
                "mkdir -p /var/d",
                "touch /var/d/f{1..10000}",
                "spawn batch",
                "batch: big = mmap 100M rw private anon",
                "batch: write big 0 100M",
                "cat /proc/sys/fs/dentry-state",
                "grep -E '^(slabs_scanned|pswpout|oom_kill) ' /proc/vmstat");
    }

    private static long dentries(ScenarioRunner.Result r) {
        Matcher m = Pattern.compile("(?m)^(\\d+)\t\\d+\t45\t").matcher(r.out());
        assertTrue(m.find(), r.out());
        return Long.parseLong(m.group(1));
    }

    @Test
    void reclaimShrinksTheDcacheHarderAsVfsCachePressureRises() {
        ScenarioRunner.Result none = pressure(0);
        ScenarioRunner.Result normal = pressure(100);
        ScenarioRunner.Result twice = pressure(200);
        // 0: the superblock shrinker counts nothing, reclaim swaps instead; every dentry stays
        assertEquals(10006, dentries(none));
        assertEquals(0, value(none.out(), "slabs_scanned", 0));
        assertTrue(value(none.out(), "pswpout", 0) > 0);
        // 100: shrink_slab at each reclaim priority takes most of them
        assertTrue(dentries(normal) < 5000, normal.out());
        assertTrue(value(normal.out(), "slabs_scanned", 0) > 10000, normal.out());
        // 200: the count doubles, so each pass is due twice the work
        assertTrue(dentries(twice) * 4 < dentries(normal), twice.out());
        assertTrue(value(twice.out(), "slabs_scanned", 0) > value(normal.out(), "slabs_scanned", 0));
        for (ScenarioRunner.Result r : new ScenarioRunner.Result[] {none, normal, twice}) {
            assertEquals(0, value(r.out(), "oom_kill", 0), r.out());
        }
    }

    @Test
    void vfsCachePressureDenomIsAtLeast100() {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, String.join("\n",
                "machine memory=256M",
                "sysctl vm.vfs_cache_pressure vm.vfs_cache_pressure_denom",
                "echo 99 > /proc/sys/vm/vfs_cache_pressure_denom",
                "echo 1 > /proc/sys/fs/dentry-state", ""));
        assertTrue(r.out().startsWith("vm.vfs_cache_pressure = 100\nvm.vfs_cache_pressure_denom = 100\n"), r.out());
        assertTrue(r.err().contains("echo: write error: Invalid argument"), r.err());
        assertTrue(r.err().contains("/proc/sys/fs/dentry-state: Permission denied"), r.err());
    }
}
