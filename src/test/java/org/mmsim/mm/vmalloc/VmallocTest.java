package org.mmsim.mm.vmalloc;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.slab.Kmalloc;
import org.mmsim.mm.slab.Slub;
import org.mmsim.procfs.ProcFs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VmallocTest {
    private static final long K = 1024, M = 1024 * 1024;

    private static Kernel boot() {
        return Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
    }


    private static long sumFree(Kernel k) {
        long n = 0;
        for (var z : k.zones.allZones()) {
            for (int o = 0; o < z.nrFree.length; o++) {
                n += z.nrFree[o] << o;
            }
        }
        return n;
    }

    @Test
    void areasAreFirstFitWithAGuardPageBetween() {
        Kernel k = boot();
        Vmalloc v = k.vmalloc;
        long a = v.vmalloc(M, "test_a");
        long b = v.vmalloc(4 * K, "test_b");
        long c = v.vmallocNode(8 * K, Gfp.GFP_KERNEL, Vmalloc.VM_NO_GUARD, "test_c");
        long d = v.vzalloc(1, "test_d");
        assertEquals(Vmalloc.VMALLOC_START, a);
        assertEquals(a + M + 4 * K, b);
        assertEquals(b + 8 * K, c);
        assertEquals(c + 8 * K, d, "VM_NO_GUARD: no gap after c");
        assertEquals(256 + 1 + 2 + 1, v.nrPages());
    }

    @Test
    void vmallocTotalIsThe32TiBRangeAsMeminfoPrintsIt() {
        assertEquals(34359738367L, Vmalloc.totalBytes() >> 10); // host: "VmallocTotal:   34359738367 kB"
    }

    @Test
    void freedRangesAreReusedOnlyAfterThePurge() {
        Kernel k = boot();
        Vmalloc v = k.vmalloc;
        long a = v.vmalloc(64 * K, "a");
        long b = v.vmalloc(64 * K, "b");
        v.vfree(a);
        assertEquals(16, v.nrPages());
        long c = v.vmalloc(16 * K, "c");
        assertEquals(b + 68 * K, c, "lazily freed range is not reused yet");
        assertTrue(new ProcFs(k).read("/proc/vmallocinfo").contains("   69632 unpurged vm_area"));
        v.purgeVmapAreaLazy();
        long d = v.vmalloc(16 * K, "d");
        assertEquals(a, d, "lowest fit after the purge");
        long e = v.vmalloc(40 * K, "e");
        assertEquals(a + 20 * K, e, "the rest of the old range still fits 44K");
    }

    @Test
    void vmallocinfoListsVmapNodesInTurnAndMergesAdjacentFreedRanges() {
        Kernel k = boot();
        Vmalloc v = k.vmalloc;
        assertEquals(2, v.nrVmapNodes());
        long a = v.vmalloc(64 * K, "a"); // zone 0 -> node 0
        long b = v.vmalloc(64 * K, "b"); // starts at 68K: zone 1 -> node 1
        long c = v.vmalloc(64 * K, "c"); // starts at 136K: zone 2 -> node 0
        String[] lines = new ProcFs(k).read("/proc/vmallocinfo").split("\n");
        assertTrue(lines[0].contains(" a pages=16"));
        assertTrue(lines[1].contains(" c pages=16"));
        assertTrue(lines[2].contains(" b pages=16"));
        long d = v.vmalloc(4 * K, "d"); // 204K: zone 3 -> node 1
        v.vfree(a);
        v.vfree(c);
        v.vfree(b);
        v.vfree(d);
        // a and b touch but sit in different nodes' lazy trees, so nothing merges yet.
        assertEquals(4, v.unpurged().size());
        long[] order = {a, c, b, d};
        for (int i = 0; i < 4; i++) {
            assertEquals(order[i], v.unpurged().get(i)[0]);
        }
        v.purgeVmapAreaLazy();
        assertEquals(a, v.vmalloc(200 * K, "e"), "purged ranges coalesce in the free space");
        long x = v.vmalloc(28 * K, "x"); // 204K..236K: zone 3, node 1
        long y = v.vmalloc(16 * K, "y"); // 236K..256K: zone 3, node 1
        v.vfree(x);
        v.vfree(y);
        assertEquals(1, v.unpurged().size(), "neighbours in one node's lazy tree merge");
        assertEquals(52 * K, v.unpurged().get(0)[1] - v.unpurged().get(0)[0]);
    }

    @Test
    void pageArraysAboveAPageAreThemselvesVmalloced() {
        Kernel k = boot();
        long a = k.vmalloc.vmalloc(4 * M, "big_table");
        assertEquals(2, k.vmalloc.busyAreas().size());
        assertEquals(1024 + 2, k.vmalloc.nrPages(), "1024 pages plus an 8 KiB array of page pointers");
        assertEquals(Vmalloc.VMALLOC_START, a, "the data area is reserved before its page array");
        k.vmalloc.vfree(a);
        assertEquals(0, k.vmalloc.busyAreas().size());
        assertEquals(0, k.vmalloc.nrPages());
    }

    @Test
    void lazyPurgeRunsPastLazyMaxPages() {
        Kernel k = boot();
        Vmalloc v = k.vmalloc;
        assertEquals(2 * 8192, v.lazyMaxPages());
        for (int i = 0; i < 20; i++) {
            v.vfree(v.vmalloc(4 * M, "churn"));
        }
        assertTrue(v.unpurged().size() < 20);
        assertEquals(0, v.nrPages());
    }

    @Test
    void vfreeReturnsPagesAndBadFreesAreLogged() {
        Kernel k = boot();
        k.pageAlloc.drainAllPages(); // boot's slab allocations left pages on the per-CPU lists
        long before = sumFree(k);
        long a = k.vmalloc.vmalloc(3 * M, "big");
        assertTrue(sumFree(k) <= before - 768);
        k.vmalloc.vfree(a);
        k.vmalloc.vfree(a);
        assertTrue(k.printk.records().stream().anyMatch(r -> r.text().contains("Trying to vfree() nonexistent")));
        k.pageAlloc.drainAllPages();
        assertEquals(0, k.vmalloc.nrPages());
        assertEquals(0, k.vmalloc.vmalloc(2L << 30, "huge"));
        assertTrue(k.printk.records().stream().anyMatch(r -> r.text().contains("exceeds total pages")));
    }

    @Test
    void pageShortageUndoesTheWholeArea() {
        Kernel k = Kernel.boot(MachineSpec.uniform(128L << 20, 2, 1), 1);
        long free = sumFree(k);
        long a = k.vmalloc.vmalloc(84 * M, "too_big"); // below totalram (87 MiB), above what is free
        assertEquals(0, a);
        assertEquals(0, k.vmalloc.nrPages());
        assertEquals(0, k.vmalloc.busyAreas().size());
        k.pageAlloc.drainAllPages();
        assertTrue(sumFree(k) >= free - 64, "pages given back");
        assertTrue(k.printk.records().stream().anyMatch(r -> r.text().startsWith("vmalloc error: size ")
                && r.text().endsWith(", failed to allocate pages")));
    }

    @Test
    void vmallocinfoLine() {
        Kernel k = boot();
        k.vmalloc.vmalloc(16 * K, "mmsim_scenario+0x0/0x0");
        String info = new ProcFs(k).read("/proc/vmallocinfo");
        assertEquals("0xffffc90000000000-0xffffc90000005000   20480 mmsim_scenario+0x0/0x0 pages=4 vmalloc N0=4\n",
                info);
    }

    @Test
    void kvmallocTriesKmallocThenFallsBackToVmalloc() {
        Kernel k = boot();
        Vmalloc v = k.vmalloc;
        long small = v.kvmalloc(100, Gfp.GFP_KERNEL, "kv");
        assertFalse(Vmalloc.isVmallocAddr(small));
        assertEquals("kmalloc-128", k.slab.cacheOf(small).name);
        long pages = v.kvmalloc(64 * K, Gfp.GFP_KERNEL, "kv");
        assertTrue(pages >= Slub.PAGE_OFFSET && !Vmalloc.isVmallocAddr(pages), "large kmalloc succeeds first");
        long big = v.kvmalloc(Kmalloc.KMALLOC_MAX_SIZE + 1, Gfp.GFP_KERNEL, "kv");
        assertTrue(Vmalloc.isVmallocAddr(big), "kmalloc cannot serve above KMALLOC_MAX_SIZE");
        assertEquals(0, v.kvmalloc(Kmalloc.KMALLOC_MAX_SIZE + 1, Gfp.GFP_ATOMIC, "kv"), "vmalloc needs to sleep");
        assertTrue(k.printk.records().stream().noneMatch(r -> r.text().contains("page allocation failure")));
        v.kvfree(small);
        v.kvfree(pages);
        v.kvfree(big);
        assertEquals(0, v.nrPages());
        assertNotEquals(0, v.unpurged().size());
    }
}
