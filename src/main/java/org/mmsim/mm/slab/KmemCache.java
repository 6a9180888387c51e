/*
 * struct kmem_cache with its per-CPU struct kmem_cache_cpu and per-node struct kmem_cache_node
 * (mm/slab.h, mm/slub.c), held as primitive arrays indexed by CPU or node. Slabs themselves live
 * in Slub's slab table; here are only the heads of the lists that link them.
 * Left out: sheaves and barns (6.18 uses them only for caches created with a sheaf_capacity),
 * the full list (kept by Linux only with debugging), per-CPU statistics; a ctor is only a flag
 * (it moves the free pointer out of the object and makes the cache unmergeable), never run.
 */
package org.mmsim.mm.slab;

import java.util.Arrays;

public final class KmemCache {
    public final String name;
    /** The size a user asked for; aliases may raise it (__kmem_cache_alias). */
    public int objectSize;
    /** Object size with alignment and free pointer: the stride between objects. */
    public final int size;
    public final int align;
    public int inuse;
    /** Free-pointer offset in the object. */
    public final int offset;
    public final int flags;
    /** __GFP_COMP plus the zone and mobility bits the flags imply. */
    public final int allocflags;
    public final int order, objects, minOrder, minObjects;
    public final int minPartial, cpuPartial, cpuPartialSlabs;
    /** Users: 1 for a new cache, +1 per alias; -1 for caches exempt from merging. */
    public int refcount;
    /** kmalloc caches carry usersize = size (hardened usercopy), which makes them unmergeable. */
    public final int usersize;
    /** Whether the cache was created with a constructor (s->ctor). */
    public final boolean ctor;
    /** Set once kmem_cache_destroy has run, whether or not it could release the cache. */
    boolean destroyed;

    // struct kmem_cache_cpu, per CPU.
    final int[] cpuSlab;
    final int[] cpuFreelist;
    final int[] cpuPartialHead;
    final int[] cpuPartialCount;

    // struct kmem_cache_node, per node.
    final int[] partialHead;
    final int[] partialTail;
    final int[] nrPartial;
    final long[] nrSlabs;
    final long[] totalObjects;
    /** Our struct kmem_cache and struct kmem_cache_node objects, as allocated from their caches. */
    long selfAddr;
    final long[] nodeAddr;
    /** The kstrdup()ed name, 0 for names in rodata (boot caches). */
    long nameAddr;

    KmemCache(String name, int objectSize, int flags, SlabGeometry.Layout l, int usersize, boolean ctor, int nrCpus,
              int nrNodes) {
        this.name = name;
        this.objectSize = objectSize;
        this.size = l.size();
        this.align = l.align();
        this.inuse = l.inuse();
        this.offset = l.offset();
        this.flags = flags;
        int af = org.mmsim.mm.buddy.Gfp.__GFP_COMP;
        if ((flags & SlabFlags.SLAB_CACHE_DMA) != 0) {
            af |= org.mmsim.mm.buddy.Gfp.__GFP_DMA;
        }
        if ((flags & SlabFlags.SLAB_CACHE_DMA32) != 0) {
            af |= org.mmsim.mm.buddy.Gfp.__GFP_DMA32;
        }
        if ((flags & SlabFlags.SLAB_RECLAIM_ACCOUNT) != 0) {
            af |= org.mmsim.mm.buddy.Gfp.__GFP_RECLAIMABLE;
        }
        this.allocflags = af;
        this.order = l.order();
        this.objects = l.objects();
        this.minOrder = l.minOrder();
        this.minObjects = l.minObjects();
        this.minPartial = l.minPartial();
        this.cpuPartial = l.cpuPartial();
        this.cpuPartialSlabs = l.cpuPartialSlabs();
        this.usersize = usersize;
        this.ctor = ctor;
        this.refcount = 1;
        cpuSlab = filled(nrCpus);
        cpuFreelist = filled(nrCpus);
        cpuPartialHead = filled(nrCpus);
        cpuPartialCount = new int[nrCpus];
        partialHead = filled(nrNodes);
        partialTail = filled(nrNodes);
        nrPartial = new int[nrNodes];
        nrSlabs = new long[nrNodes];
        totalObjects = new long[nrNodes];
        nodeAddr = new long[nrNodes];
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** slab_unmergeable(). */
    boolean unmergeable() {
        return (flags & SlabFlags.SLAB_NEVER_MERGE) != 0 || usersize != 0 || ctor || refcount < 0;
    }

    public boolean reclaimable() {
        return (flags & SlabFlags.SLAB_RECLAIM_ACCOUNT) != 0;
    }

    public long nrSlabs() {
        long n = 0;
        for (long v : nrSlabs) {
            n += v;
        }
        return n;
    }

    public long totalObjects() {
        long n = 0;
        for (long v : totalObjects) {
            n += v;
        }
        return n;
    }

    /** Slabs on one CPU's partial list (the count /sys/kernel/slab/NAME/slabs_cpu_partial shows per CPU). */
    public int cpuPartialSlabsOn(int cpu) {
        return cpuPartialCount[cpu];
    }

    /** Slabs on one node's partial list (/sys/kernel/slab/NAME/partial). */
    public int nodePartialSlabs(int node) {
        return nrPartial[node];
    }

    /** Whether a CPU has an active slab (/sys/kernel/slab/NAME/cpu_slabs counts these with the partial ones). */
    public boolean hasCpuSlab(int cpu) {
        return cpuSlab[cpu] >= 0;
    }

    @Override
    public String toString() {
        return name;
    }
}
