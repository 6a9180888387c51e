/*
 * kmalloc size classes (mm/slab_common.c: kmalloc_size_index[], kmalloc_info[], kmalloc_slab(),
 * include/linux/slab.h: kmalloc_type(), KMALLOC_SHIFT_*) for SLUB on x86-64 with 4 KiB pages,
 * CONFIG_MEMCG and CONFIG_ZONE_DMA on, CONFIG_RANDOM_KMALLOC_CACHES off.
 * Left out: kmalloc_buckets (CONFIG_SLAB_BUCKETS) and the random kmalloc copies.
 */
package org.mmsim.mm.slab;

import org.mmsim.mm.buddy.Gfp;

public final class Kmalloc {
    private Kmalloc() {
    }

    public static final int KMALLOC_SHIFT_LOW = 3;
    public static final int KMALLOC_SHIFT_HIGH = 13;
    public static final int KMALLOC_MAX_CACHE_SIZE = 1 << KMALLOC_SHIFT_HIGH;
    /** KMALLOC_SHIFT_MAX = MAX_PAGE_ORDER + PAGE_SHIFT. */
    public static final long KMALLOC_MAX_SIZE = 1L << (10 + 12);

    /** enum kmalloc_cache_type, in creation order. */
    public static final int KMALLOC_NORMAL = 0, KMALLOC_RECLAIM = 1, KMALLOC_DMA = 2, KMALLOC_CGROUP = 3,
            NR_KMALLOC_TYPES = 4;
    private static final int NOT_NORMAL_BITS = Gfp.__GFP_RECLAIMABLE | Gfp.__GFP_DMA | Gfp.__GFP_ACCOUNT;
    private static final String[] PREFIX = {"kmalloc-", "kmalloc-rcl-", "dma-kmalloc-", "kmalloc-cg-"};

    /** kmalloc_size_index[]: the cache index for sizes up to 192, in steps of 8 bytes. */
    private static final byte[] SIZE_INDEX = {
        3, 4, 5, 5, 6, 6, 6, 6,       // 8 .. 64
        1, 1, 1, 1,                   // 72 .. 96 -> kmalloc-96
        7, 7, 7, 7,                   // 104 .. 128
        2, 2, 2, 2, 2, 2, 2, 2};      // 136 .. 192 -> kmalloc-192

    /** kmalloc_type(): DMA first, then reclaimable, then accounted. */
    public static int type(int gfp) {
        if ((gfp & NOT_NORMAL_BITS) == 0) {
            return KMALLOC_NORMAL;
        }
        if ((gfp & Gfp.__GFP_DMA) != 0) {
            return KMALLOC_DMA;
        }
        if ((gfp & Gfp.__GFP_RECLAIMABLE) != 0) {
            return KMALLOC_RECLAIM;
        }
        return KMALLOC_CGROUP;
    }

    /** __kmalloc_index() as kmalloc_slab() applies it: 1 is the 96-byte cache, 2 the 192-byte one. */
    public static int index(int size) {
        if (size <= 192) {
            return SIZE_INDEX[(size - 1) >> 3];
        }
        return SlabGeometry.fls(size - 1);
    }

    /** The object size of cache index i. */
    public static int size(int index) {
        if (index == 1) {
            return 96;
        }
        if (index == 2) {
            return 192;
        }
        return 1 << index;
    }

    public static String name(int type, int index) {
        int size = size(index);
        String s = size >= 1024 ? (size >> 10) + "k" : Integer.toString(size);
        return PREFIX[type] + s;
    }
}
