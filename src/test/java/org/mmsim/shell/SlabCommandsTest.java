package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slab, vmalloc and cost commands: what they print, what they refuse before running, what they charge. */
class SlabCommandsTest {
    @TempDir
    Path dir;

    private ScenarioRunner.Result run(String... lines) {
        return ScenarioRunner.runText(dir, String.join("\n", lines));
    }

    private String file() {
        return dir.resolve("t.mms").toString();
    }

    @Test
    void kmallocPicksTheSizeClassAndKfreeReturnsIt() {
        ScenarioRunner.Result r = run("x = kmalloc 200", "y = kmalloc 64 gfp=GFP_KERNEL_ACCOUNT",
                "big = kmalloc 20000", "expect SUnreclaim > 0", "kfree x", "kfree y", "kfree big");
        assertEquals("", r.err());
        String[] out = r.out().split("\n");
        assertTrue(out[0].matches("x: 0xffff888[0-9a-f]{9} \\(kmalloc-256\\)"), out[0]);
        assertTrue(out[1].endsWith("(kmalloc-cg-64)"), out[1]);
        assertTrue(out[2].endsWith("(large kmalloc, 32768 bytes)"), out[2]);
        assertEquals(0, r.exit());
    }

    @Test
    void cacheObjectsCanOnlyGoBackToTheirCache() {
        ScenarioRunner.Result r = run("a = kmem_cache_create one 100", "b = kmem_cache_create two 300",
                "o = kmem_cache_alloc a", "kmem_cache_free b o");
        assertEquals(file() + ":4: kmem_cache_free: o holds an object of a (line 3), not an object of b\n", r.err());
        assertEquals("", r.out(), "nothing ran");
        assertEquals(2, r.exit());
    }

    @Test
    void vmallocMemoryIsNotKfreed() {
        ScenarioRunner.Result r = run("v = vmalloc 1M", "kfree v");
        assertEquals(file() + ":2: kfree: v holds vmalloc memory (line 1), not kmalloc memory\n", r.err());
        assertEquals(2, r.exit());
    }

    @Test
    void aCacheMustBeNamedAndLive() {
        assertEquals(file() + ":1: kmem_cache_create: bind the cache to a name (usage: " + SlabCommands.CREATE_USAGE
                + ")\n", run("kmem_cache_create lonely 64").err());
        assertEquals(file() + ":3: kmem_cache_alloc: c was already freed (line 2)\n",
                run("c = kmem_cache_create gone 64", "kmem_cache_destroy c", "o = kmem_cache_alloc c").err());
    }

    @Test
    void aRefusedCacheIsReportedAndItsAllocationsFail() {
        ScenarioRunner.Result r = run("c = kmem_cache_create kmalloc-64 64", "o = kmem_cache_alloc c");
        assertEquals("[    0.000000] kmem_cache of name 'kmalloc-64' already exists\n"
                + "c: kmem_cache_create failed: File exists\no: kmem_cache_alloc failed (c is NULL)\n", r.out());
        assertEquals(0, r.exit());
    }

    @Test
    void vmallocShowsInVmallocinfoAndMeminfo() {
        ScenarioRunner.Result r = run("v = vmalloc 64K", "expect VmallocUsed == 64K", "cat /proc/vmallocinfo",
                "vfree v", "expect VmallocUsed == 0");
        assertEquals("", r.err());
        assertTrue(r.out().contains(" 69632 scenario_line_1 pages=16 vmalloc N0=16\n"), r.out());
    }

    @Test
    void costTableChargesSimulatedTime() {
        ScenarioRunner.Result r = run("cost page_alloc.pcp=0 page_zero=1000000000",
                "p = alloc_pages order=1 gfp=GFP_KERNEL|__GFP_ZERO", "cat /proc/uptime");
        assertEquals("", r.err());
        assertTrue(r.out().endsWith("\n2.00 2.00\n"), r.out()); // CPU 0 worked the 2 s, CPU 1 idled
    }

    @Test
    void unknownCostIsAFileError() {
        ScenarioRunner.Result r = run("cost page_alloc.pcp=10 warp_speed=1");
        assertTrue(r.err().startsWith(file() + ":1: cost: unknown cost \"warp_speed\""), r.err());
        assertEquals(2, r.exit());
    }
}
