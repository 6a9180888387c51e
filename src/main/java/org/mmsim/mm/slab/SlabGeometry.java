/*
 * SLUB cache geometry: calculate_alignment() (mm/slab_common.c), calculate_sizes(),
 * calculate_order()/calc_slab_order(), oo_make()/order_objects(), set_min_partial() and
 * set_cpu_partial() (mm/slub.c), for x86-64 with 4 KiB pages, 64-byte cache lines and slub_debug off.
 * Left out: debug metadata (red zones, tracking, orig_size), KASAN, slabobj_ext placement, sheaves.
 */
package org.mmsim.mm.slab;

public final class SlabGeometry {
    private SlabGeometry() {
    }

    public static final int PAGE_SIZE = 4096;
    public static final int WORD = 8;
    public static final int CACHE_LINE = 64;
    /** ARCH_SLAB_MINALIGN: __alignof__(unsigned long long). */
    public static final int ARCH_SLAB_MINALIGN = 8;
    /** slub_max_order default: PAGE_ALLOC_COSTLY_ORDER. */
    public static final int SLUB_MAX_ORDER = 3;
    public static final int SLUB_MIN_ORDER = 0;
    /** slab->objects is 15 bits. */
    public static final int MAX_OBJS_PER_PAGE = 32767;
    public static final int MAX_PAGE_ORDER = 10;
    public static final int MIN_PARTIAL = 5, MAX_PARTIAL = 10;

    /** The computed layout of one cache. */
    public record Layout(int size, int align, int inuse, int offset, int order, int objects, int minOrder,
                         int minObjects, int minPartial, int cpuPartial, int cpuPartialSlabs) {
    }

    static int fls(int x) {
        return 32 - Integer.numberOfLeadingZeros(x);
    }

    static int ilog2(int x) {
        return 31 - Integer.numberOfLeadingZeros(x);
    }

    static int alignUp(int x, int a) {
        return (x + a - 1) & -a;
    }

    /** get_order(): the smallest order whose block holds size bytes. */
    public static int getOrder(long size) {
        int order = 0;
        while (((long) PAGE_SIZE << order) < size) {
            order++;
        }
        return order;
    }

    static int orderObjects(int order, int size) {
        return (PAGE_SIZE << order) / size;
    }

    /** calculate_alignment(): HWCACHE_ALIGN shrinks the cache line for small objects. */
    public static int calculateAlignment(int flags, int align, int size) {
        int a = align;
        if ((flags & SlabFlags.SLAB_HWCACHE_ALIGN) != 0) {
            int ralign = CACHE_LINE;
            while (size <= ralign / 2) {
                ralign /= 2;
            }
            a = Math.max(a, ralign);
        }
        a = Math.max(a, ARCH_SLAB_MINALIGN);
        return alignUp(a, WORD);
    }

    static int calcSlabOrder(int size, int minOrder, int maxOrder, int fractLeftover) {
        int order;
        for (order = minOrder; order <= maxOrder; order++) {
            int slabSize = PAGE_SIZE << order;
            int rem = slabSize % size;
            if (rem <= slabSize / fractLeftover) {
                break;
            }
        }
        return order;
    }

    /** calculate_order(); nrCpus stands for num_present_cpus() (nr_cpu_ids if that is 1). */
    public static int calculateOrder(int size, int nrCpus) {
        int minObjects = 4 * (fls(nrCpus) + 1);
        int maxObjects = Math.max(orderObjects(SLUB_MAX_ORDER, size), 1);
        minObjects = Math.min(minObjects, maxObjects);
        int minOrder = Math.max(SLUB_MIN_ORDER, getOrder((long) minObjects * size));
        if (orderObjects(minOrder, size) > MAX_OBJS_PER_PAGE) {
            return getOrder((long) size * MAX_OBJS_PER_PAGE) - 1;
        }
        for (int fraction = 16; fraction > 1; fraction /= 2) {
            int order = calcSlabOrder(size, minOrder, SLUB_MAX_ORDER, fraction);
            if (order <= SLUB_MAX_ORDER) {
                return order;
            }
        }
        int order = getOrder(size);
        return order <= MAX_PAGE_ORDER ? order : -1;
    }

    /**
     * calculate_sizes() with the alignment already computed by the caller (as __kmem_cache_create
     * does); freeptrOffset is kmem_cache_args.freeptr_offset, or -1 when not used. Null if no order
     * fits the object.
     */
    public static Layout compute(int objectSize, int align, int flags, boolean hasCtor, int freeptrOffset,
                                 int nrCpus) {
        int size = alignUp(objectSize, WORD);
        int inuse = size;
        int offset;
        boolean rcu = (flags & SlabFlags.SLAB_TYPESAFE_BY_RCU) != 0;
        if (rcu && freeptrOffset >= 0) {
            // The user reserved a word the RCU readers never look at.
            offset = freeptrOffset;
        } else if ((flags & SlabFlags.FREEPTR_OUTSIDE) != 0 || hasCtor) {
            offset = size;
            size += WORD;
        } else {
            // Near the middle of the object, away from small over/underflows of neighbours.
            offset = (objectSize / 2) & -WORD;
        }
        size = alignUp(size, align);
        int order = calculateOrder(size, nrCpus);
        if (order < 0) {
            return null;
        }
        int objects = orderObjects(order, size);
        int minOrder = getOrder(size);
        int minObjects = orderObjects(minOrder, size);
        if (objects == 0) {
            return null;
        }
        int minPartial = Math.min(MAX_PARTIAL, Math.max(MIN_PARTIAL, ilog2(size) / 2));
        int cpuPartial;
        if (size >= PAGE_SIZE) {
            cpuPartial = 6;
        } else if (size >= 1024) {
            cpuPartial = 24;
        } else if (size >= 256) {
            cpuPartial = 52;
        } else {
            cpuPartial = 120;
        }
        int cpuPartialSlabs = (cpuPartial * 2 + objects - 1) / objects;
        return new Layout(size, align, inuse, offset, order, objects, minOrder, minObjects, minPartial, cpuPartial,
                cpuPartialSlabs);
    }
}
