package org.mmsim.mm.slab;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.procfs.ProcFs;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlubTest {
    private static Kernel boot() {
        return Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
    }

    private static long unreclaimable(Kernel k) {
        return k.zones.node(0).stats[NodeStat.NR_SLAB_UNRECLAIMABLE];
    }

    private static boolean logged(Kernel k, String text) {
        return k.printk.records().stream().anyMatch(r -> r.text().contains(text));
    }

    @Test
    void kmallocPicksSizeClassAndVariant() {
        Kernel k = boot();
        Slub s = k.slab;
        assertEquals("kmalloc-256", s.cacheOf(s.kmalloc(200, Gfp.GFP_KERNEL)).name);
        assertEquals("kmalloc-96", s.cacheOf(s.kmalloc(65, Gfp.GFP_KERNEL)).name);
        assertEquals("kmalloc-192", s.cacheOf(s.kmalloc(129, Gfp.GFP_KERNEL)).name);
        assertEquals("kmalloc-cg-64", s.cacheOf(s.kmalloc(64, Gfp.GFP_KERNEL_ACCOUNT)).name);
        assertEquals("kmalloc-rcl-8k", s.cacheOf(s.kmalloc(5000, Gfp.GFP_KERNEL | Gfp.__GFP_RECLAIMABLE)).name);
        assertEquals("dma-kmalloc-16", s.cacheOf(s.kmalloc(9, Gfp.GFP_KERNEL | Gfp.__GFP_DMA
                | Gfp.__GFP_ACCOUNT)).name);
        assertEquals(Slub.ZERO_SIZE_PTR, s.kmalloc(0, Gfp.GFP_KERNEL));
        s.kfree(Slub.ZERO_SIZE_PTR);
        s.kfree(0);
    }

    @Test
    void objectsAreDirectMapAddressesInsideTheirSlab() {
        Kernel k = boot();
        long a = k.slab.kmalloc(64, Gfp.GFP_KERNEL);
        long b = k.slab.kmalloc(64, Gfp.GFP_KERNEL);
        assertEquals(64, Math.abs(b - a));
        int pfn = (int) ((a - Slub.PAGE_OFFSET) >>> MemMap.PAGE_SHIFT);
        assertEquals(PageFlags.TYPE_SLAB, k.zones.memMap.pageType(pfn));
        k.slab.kfree(a);
        assertEquals(a, k.slab.kmalloc(64, Gfp.GFP_KERNEL), "LIFO per-CPU freelist hands back the last freed");
    }

    @Test
    void largeKmallocComesFromPagesAndCountsAsUnreclaimableSlab() {
        Kernel k = boot();
        long before = unreclaimable(k);
        long p = k.slab.kmalloc(10000, Gfp.GFP_KERNEL);
        int pfn = (int) ((p - Slub.PAGE_OFFSET) >>> MemMap.PAGE_SHIFT);
        assertEquals(0, p & 4095);
        assertEquals(PageFlags.TYPE_LARGE_KMALLOC, k.zones.memMap.pageType(pfn));
        assertEquals(before + 4, unreclaimable(k));
        assertEquals(16384, k.slab.ksize(p + 5000));
        k.slab.kfree(p + 5000); // virt_to_folio finds the head from any byte of the block
        assertEquals(before, unreclaimable(k));
        assertFalse(k.zones.memMap.pageType(pfn) == PageFlags.TYPE_LARGE_KMALLOC);
        assertEquals(0, k.slab.kmalloc(Kmalloc.KMALLOC_MAX_SIZE + 1, Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN));
        long h = k.slab.kmalloc(100, Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM);
        assertEquals("kmalloc-128", k.slab.cacheOf(h).name);
        k.slab.kfree(k.slab.kmalloc(9000, Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM));
        assertTrue(logged(k, "Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!"));
    }

    @Test
    void badFreesAreLoggedAndChangeNothing() {
        Kernel k = boot();
        long a = k.slab.kmalloc(32, Gfp.GFP_KERNEL);
        k.slab.kfree(a);
        k.slab.kfree(a);
        assertTrue(logged(k, "already free"));
        k.slab.kfree(a + 3);
        assertTrue(logged(k, "Invalid object pointer"));
        k.slab.kfree(Slub.PAGE_OFFSET + (1L << 29));
        assertTrue(logged(k, "Not a kmalloc allocation"));
        long x = k.slab.kmalloc(32, Gfp.GFP_KERNEL);
        long y = k.slab.kmalloc(32, Gfp.GFP_KERNEL);
        assertNotEquals(x, y);
    }

    @Test
    void createRefusesBadInput() {
        Kernel k = boot();
        Slub s = k.slab;
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class, () -> s.kmemCacheCreate("", 64, 0, 0)).errno);
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class, () -> s.kmemCacheCreate("z", 0, 0, 0)).errno);
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class,
                () -> s.kmemCacheCreate("big", (int) Kmalloc.KMALLOC_MAX_SIZE + 1, 0, 0)).errno);
        assertEquals(Errno.EEXIST, assertThrows(KernelError.class,
                () -> s.kmemCacheCreate("kmalloc-64", 64, 0, 0)).errno);
        assertTrue(logged(k, "kmem_cache_create(z) integrity check failed"));
        assertTrue(logged(k, "kmem_cache of name 'kmalloc-64' already exists"));
        assertEquals(SlabFlags.SLAB_HWCACHE_ALIGN | SlabFlags.SLAB_ACCOUNT,
                SlabFlags.parse("SLAB_HWCACHE_ALIGN|SLAB_ACCOUNT"));
        assertEquals(-1, SlabFlags.parse("SLAB_BOGUS"));
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class, () -> s.kmemCacheCreate("fp", 64, 0, 0, 8)).errno,
                "freeptr_offset needs SLAB_TYPESAFE_BY_RCU");
        KmemCache rcu = s.kmemCacheCreate("rcu_in", 64, 0, SlabFlags.SLAB_TYPESAFE_BY_RCU, 8);
        assertEquals(64, rcu.size);
        assertEquals(72, s.kmemCacheCreate("rcu_out", 64, 0, SlabFlags.SLAB_TYPESAFE_BY_RCU).size);
    }

    @Test
    void plainCachesMergeWithEachOtherButNotWithKmalloc() {
        Kernel k = boot();
        ProcFs fs = new ProcFs(k);
        KmemCache a = k.slab.kmemCacheCreate("my_cache", 192, 0, 0);
        assertSame(a, k.slab.findCache("my_cache"));
        assertNotEquals("kmalloc-192", a.name, "KMALLOC_NORMAL caches are SLAB_NO_MERGE with memcg");
        KmemCache b = k.slab.kmemCacheCreate("other", 190, 0, 0);
        assertSame(a, b);
        assertEquals(2, a.refcount);
        KmemCache c = k.slab.kmemCacheCreate("acct", 192, 0, SlabFlags.SLAB_ACCOUNT);
        assertNotEquals(a, c);
        assertFalse(fs.read("/proc/slabinfo").contains("other "));
        assertSame(a, k.slab.kmemCacheCreate("third", 186, 0, 0));
        assertEquals(3, a.refcount);
        KmemCache wide = k.slab.kmemCacheCreate("wide", 200, 0, 0);
        assertNotEquals(a, wide, "192 is too small for 200");
        k.slab.kmemCacheDestroy(b, "test+0x0/0x0");
        k.slab.kmemCacheDestroy(b, "test+0x0/0x0");
        assertTrue(fs.read("/proc/slabinfo").contains("my_cache "));
        k.slab.kmemCacheDestroy(a, "test+0x0/0x0");
        assertFalse(fs.read("/proc/slabinfo").contains("my_cache "));
    }

    @Test
    void destroyWithLiveObjectsWarnsAndKeepsTheCache() {
        Kernel k = boot();
        ProcFs fs = new ProcFs(k);
        KmemCache c = k.slab.kmemCacheCreate("leaky", 700, 0, 0);
        long o = k.slab.kmemCacheAlloc(c, Gfp.GFP_KERNEL);
        assertNotEquals(0, o);
        k.slab.kmemCacheDestroy(c, "test+0x0/0x0");
        assertTrue(logged(k, "kmem_cache_destroy leaky: Slab cache still has objects when called from test+0x0/0x0"));
        assertTrue(fs.read("/proc/slabinfo").contains("leaky "));
        assertEquals(1, c.nrSlabs());
    }

    @Test
    void slabinfoFormat() {
        Kernel k = boot();
        String[] lines = new ProcFs(k).read("/proc/slabinfo").split("\n");
        assertEquals("slabinfo - version: 2.1", lines[0]);
        assertEquals("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables "
                + "<limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>", lines[1]);
        assertTrue(lines[lines.length - 1].startsWith("kmem_cache        "));
        assertTrue(lines[lines.length - 2].startsWith("kmem_cache_node   "));
        assertTrue(lines[lines.length - 3].startsWith("kmalloc-96        "));
        // the filesystem caches vfs_caches_init and the mounts made after the kmalloc caches
        assertTrue(lines[2].startsWith("ext4_inode_cache  "));
        assertTrue(lines[5].startsWith("dentry            "));
        assertTrue(lines[6].startsWith("kmalloc-cg-8k     "));
        assertEquals("kmalloc-8k             0      0   8192    4    8 : tunables    0    0    0 : slabdata      0"
                + "      0      0", findLine(lines, "kmalloc-8k "));
        // 58 struct kmem_cache at 16 per slab, all on CPU 0's slab or full: counted active.
        assertEquals("kmem_cache            64     64    256   16    1 : tunables    0    0    0 : slabdata      4"
                + "      4      0", findLine(lines, "kmem_cache "));
    }

    private static String findLine(String[] lines, String prefix) {
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        return null;
    }

    @Test
    void outOfMemoryReturnsNullAndReportsTheCache() {
        Kernel k = Kernel.boot(MachineSpec.uniform(128L << 20, 2, 1), 1);
        KmemCache c = k.slab.kmemCacheCreate("hog", 4000, 0, 0);
        long n = 0;
        while (k.slab.kmemCacheAlloc(c, Gfp.GFP_KERNEL) != 0) {
            n++;
        }
        assertTrue(n > 1000);
        assertTrue(logged(k, "SLUB: Unable to allocate memory on node -1, gfp=0xcc0(GFP_KERNEL)"));
        assertTrue(logged(k, "  cache: hog, object size: 4000, buffer size: 4000, default order: 3, min order: 0"));
        assertTrue(logged(k, "page allocation failure: order:0"), "the min-order retry warns");
    }

    @Test
    void twoNodesServeEachCpuFromItsOwnNode() {
        Kernel k = Kernel.boot(MachineSpec.uniform(2L << 30, 4, 2), 1);
        KmemCache c = k.slab.kmemCacheCreate("numa", 512, 0, 0);
        assertEquals(240, k.slab.findCache("kmem_cache").objectSize, "node[] grows with nr_node_ids");
        long[] objs = new long[4];
        for (int cpu = 0; cpu < 4; cpu++) {
            k.pageAlloc.setCpu(cpu);
            objs[cpu] = k.slab.kmemCacheAlloc(c, Gfp.GFP_KERNEL);
            int pfn = (int) ((objs[cpu] - Slub.PAGE_OFFSET) >>> MemMap.PAGE_SHIFT);
            assertEquals(k.zones.cpuToNode(cpu), k.zones.zoneOf(pfn).node.id);
        }
        assertTrue(c.nrSlabs[0] > 0 && c.nrSlabs[1] > 0);
        for (int cpu = 0; cpu < 4; cpu++) {
            k.pageAlloc.setCpu(3 - cpu);
            k.slab.kmemCacheFree(c, objs[cpu]);
        }
        k.slab.kmemCacheShrink(c);
        assertEquals(0, c.nrSlabs());
    }

    @Test
    void emptySlabsBeyondMinPartialGoBackToTheBuddy() {
        Kernel k = boot();
        KmemCache c = k.slab.kmemCacheCreate("c1k", 1000, 0, 0);
        Set<Long> objs = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            assertTrue(objs.add(k.slab.kmemCacheAlloc(c, Gfp.GFP_KERNEL)));
        }
        long slabsFull = c.nrSlabs();
        for (long o : objs) {
            k.slab.kmemCacheFree(c, o);
        }
        assertTrue(c.nrSlabs() < slabsFull);
        assertTrue(c.nrSlabs() <= c.minPartial + c.cpuPartialSlabs + 1, "kept: " + c.nrSlabs());
        k.slab.kmemCacheShrink(c);
        assertFalse(c.hasCpuSlab(0));
        assertEquals(0, c.nrSlabs());
        k.slab.kmemCacheDestroy(c, "test+0x0/0x0");
    }
}
