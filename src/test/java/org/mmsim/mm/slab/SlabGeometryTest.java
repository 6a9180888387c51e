package org.mmsim.mm.slab;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlabGeometryTest {

    /** Every cache a 2-CPU machine boots with has the host's objsize, objperslab and pagesperslab. */
    @Test
    void kmallocGeometryMatchesHostSlabinfo() throws IOException {
        Path p = Path.of("/proc/slabinfo");
        List<String> lines;
        try {
            lines = Files.readAllLines(p);
        } catch (IOException | SecurityException e) {
            Assumptions.abort("host /proc/slabinfo unreadable: " + e);
            return;
        }
        Map<String, int[]> host = new HashMap<>();
        for (String l : lines.subList(2, lines.size())) {
            String[] f = l.trim().split("\\s+");
            host.put(f[0], new int[] {Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5])});
        }
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
        int checked = 0;
        for (KmemCache s : k.slab.cachesNewestFirst()) {
            int[] h = host.get(s.name);
            assertNotNull(h, "host has no " + s.name);
            assertEquals(h[0], s.size, s.name + " objsize");
            assertEquals(h[1], s.objects, s.name + " objperslab");
            assertEquals(h[2], 1 << s.order, s.name + " pagesperslab");
            checked++;
        }
        // the kmalloc caches, kmem_cache and kmem_cache_node, and the four filesystem caches
        assertEquals(4 * 13 + 2 + 4, checked);
    }

    /**
     * Every cache on the host (merged ones once): its object_size, align, ctor and
     * SLAB_TYPESAFE_BY_RCU flag, put through calculate_sizes, give the host's slab_size, order,
     * objs_per_slab, cpu_partial and min_partial. vm_area_struct is the one RCU cache that 6.18
     * creates with a freeptr_offset (vm_freeptr, inside the object).
     */
    @Test
    void everyHostCacheGeometryMatches() throws IOException {
        Path dir = Path.of("/sys/kernel/slab");
        List<Path> caches;
        try (var stream = Files.list(dir)) {
            caches = stream.filter(p -> !Files.isSymbolicLink(p)).sorted().toList();
        } catch (IOException | SecurityException e) {
            Assumptions.abort("host /sys/kernel/slab unreadable: " + e);
            return;
        }
        int checked = 0;
        for (Path c : caches) {
            boolean rcu = attr(c, "destroy_by_rcu").equals("1");
            String name = c.getFileName().toString();
            SlabGeometry.Layout l = SlabGeometry.compute(Integer.parseInt(attr(c, "object_size")),
                    Integer.parseInt(attr(c, "align")), rcu ? SlabFlags.SLAB_TYPESAFE_BY_RCU : 0,
                    !attr(c, "ctor").isEmpty(), name.equals("vm_area_struct") ? 0 : -1, 2);
            assertEquals(attr(c, "slab_size"), Integer.toString(l.size()), name + " slab_size");
            assertEquals(attr(c, "order"), Integer.toString(l.order()), name + " order");
            assertEquals(attr(c, "objs_per_slab"), Integer.toString(l.objects()), name + " objs_per_slab");
            assertEquals(attr(c, "cpu_partial"), Integer.toString(l.cpuPartial()), name + " cpu_partial");
            assertEquals(attr(c, "min_partial"), Integer.toString(l.minPartial()), name + " min_partial");
            checked++;
        }
        assertTrue(checked > 50, "checked " + checked);
        assertEquals(caches.size(), checked);
    }

    private static String attr(Path cache, String name) throws IOException {
        return Files.readString(cache.resolve(name)).trim();
    }

    /*
     * Hand derivation for a plain cache (align 0, no flags): size = ALIGN(obj, 8) (free pointer inside
     * the object, alignment 8); min_objects = 4 * (fls(cpus) + 1): cpus 1 -> 8, 4 -> 16, 16 -> 24,
     * 64 -> 32, 256 -> 40; min_objects is capped by objects in an order-3 slab (32768 / size);
     * min_order = get_order(min_objects * size); then the smallest order from min_order up to 3 with
     * waste (slab % size) <= slab / 16.
     *  24:   32768/24 = 1365 > any min_objects. cpus 1: 8*24=192 -> order 0, 4096%24 = 16 <= 256 -> 0, 170.
     *        cpus 256: 40*24 = 960 -> order 0 -> 170 objects. Always order 0, 170.
     *  40:   40*40 = 1600 -> order 0, 4096%40 = 16 -> order 0, 102 objects for every CPU count.
     *  200:  cpus 1: 8*200=1600 -> o0, 4096%200 = 96 <= 256 -> o0, 20 objs.
     *        cpus 4: 16*200 = 3200 -> o0, 20.  cpus 16: 24*200 = 4800 -> o1, 8192%200 = 192 <= 512 -> o1, 40.
     *        cpus 64: 32*200 = 6400 -> o1, 40.  cpus 256: 40*200 = 8000 -> o1, 40.
     *  700:  cpus 1: 5600 -> o1, 8192%700 = 492 <= 512 -> o1, 11.  cpus 4: 11200 -> o2, 16384%700 = 284 <= 1024
     *        -> o2, 23.  cpus 16: 16800 -> o3, 32768%700 = 568 <= 2048 -> o3, 46.  cpus 64: 22400 -> o3, 46;
     *        cpus 256: 28000 -> o3, 46.
     *  1200: cap 32768/1200 = 27. cpus 1: 9600 -> o2, 16384%1200 = 784 <= 1024 -> o2, 13.
     *        cpus 4: 19200 -> o3, 32768%1200 = 368 -> o3, 27. cpus 16, 64, 256: min(24|32|40, 27)*1200 >= 28800
     *        -> o3, 27.
     *  3000: cap 32768/3000 = 10. cpus 1: 8*3000 = 24000 -> o3, 32768%3000 = 2768 > 2048 (1/16) but
     *        <= 4096 (1/8) -> o3, 10. Larger CPU counts: min(.., 10)*3000 = 30000 -> o3, 10.
     */
    @ParameterizedTest
    @CsvSource({
        "24,1,0,170", "24,4,0,170", "24,16,0,170", "24,64,0,170", "24,256,0,170",
        "40,1,0,102", "40,4,0,102", "40,16,0,102", "40,64,0,102", "40,256,0,102",
        "200,1,0,20", "200,4,0,20", "200,16,1,40", "200,64,1,40", "200,256,1,40",
        "700,1,1,11", "700,4,2,23", "700,16,3,46", "700,64,3,46", "700,256,3,46",
        "1200,1,2,13", "1200,4,3,27", "1200,16,3,27", "1200,64,3,27", "1200,256,3,27",
        "3000,1,3,10", "3000,4,3,10", "3000,16,3,10", "3000,64,3,10", "3000,256,3,10"})
    void plainCacheGeometry(int objectSize, int cpus, int order, int objects) {
        int align = SlabGeometry.calculateAlignment(0, 0, objectSize);
        SlabGeometry.Layout l = SlabGeometry.compute(objectSize, align, 0, false, -1, cpus);
        assertEquals(order, l.order(), "order");
        assertEquals(objects, l.objects(), "objects");
    }

    @Test
    void minPartialAndCpuPartial() {
        SlabGeometry.Layout k64 = SlabGeometry.compute(64, 64, 0, false, -1, 2);
        assertEquals(5, k64.minPartial());
        assertEquals(120, k64.cpuPartial());
        assertEquals(4, k64.cpuPartialSlabs()); // DIV_ROUND_UP(240, 64)
        SlabGeometry.Layout k8k = SlabGeometry.compute(8192, 8192, 0, false, -1, 2);
        assertEquals(6, k8k.minPartial());
        assertEquals(6, k8k.cpuPartial());
        assertEquals(3, k8k.cpuPartialSlabs());
        SlabGeometry.Layout big = SlabGeometry.compute(1 << 21, 8, 0, false, -1, 2);
        assertEquals(10, big.minPartial());
        assertEquals(9, big.order());
    }

    @Test
    void kmallocSizeClasses() {
        assertEquals(256, Kmalloc.size(Kmalloc.index(200)));
        assertEquals(96, Kmalloc.size(Kmalloc.index(65)));
        assertEquals(96, Kmalloc.size(Kmalloc.index(96)));
        assertEquals(128, Kmalloc.size(Kmalloc.index(97)));
        assertEquals(192, Kmalloc.size(Kmalloc.index(129)));
        assertEquals(192, Kmalloc.size(Kmalloc.index(192)));
        assertEquals(256, Kmalloc.size(Kmalloc.index(193)));
        assertEquals(8, Kmalloc.size(Kmalloc.index(1)));
        assertEquals(8192, Kmalloc.size(Kmalloc.index(4097)));
        assertTrue(Kmalloc.name(Kmalloc.KMALLOC_CGROUP, 10).equals("kmalloc-cg-1k"));
        assertEquals("dma-kmalloc-96", Kmalloc.name(Kmalloc.KMALLOC_DMA, 1));
    }
}
