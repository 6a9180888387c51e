/*
 * The SLUB allocator (mm/slub.c) with the cache lifecycle of mm/slab_common.c: kmem_cache_init,
 * kmem_cache_create (find_mergeable/__kmem_cache_alias), kmem_cache_alloc (slab_alloc_node fast
 * path, ___slab_alloc slow path: cpu slab, cpu partial list, get_partial_node, new_slab/allocate_slab),
 * kmem_cache_free (do_slab_free fast path, __slab_free, put_cpu_partial, __put_partials,
 * deactivate_slab, discard_slab), flush_cpu_slab, kmem_cache_shrink, kmem_cache_destroy, and
 * kmalloc/kfree with large kmalloc (___kmalloc_large_node, free_large_kmalloc).
 *
 * Objects are direct-map addresses (PAGE_OFFSET + pfn * 4096 + offset). Each slab has one int[]
 * of free-pointer links indexed by object number: a free object holds the next free object's
 * number (or END), an allocated one holds ALLOCATED, so double and invalid frees are caught and
 * logged instead of corrupting state. Slab pages come from PageAlloc and carry TYPE_SLAB.
 * Left out: freelist randomization, SLUB debugging and its metadata, memcg charging, KASAN/KFENCE,
 * sheaves, remote-node partial search (get_any_partial), __GFP_ZERO contents (nothing has contents).
 */
package org.mmsim.mm.slab;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Printk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

public final class Slub {
    /** x86-64 page_offset_base without KASLR: the direct map of physical memory. */
    public static final long PAGE_OFFSET = 0xffff888000000000L;
    public static final long ZERO_SIZE_PTR = 16;
    /** sizeof(struct kmem_cache) up to its node[] array, and sizeof(struct kmem_cache_node), on the host's config. */
    static final int KMEM_CACHE_BASE_SIZE = 224, KMEM_CACHE_NODE_SIZE = 72;
    private static final int END = -1, ALLOCATED = -2;
    /** Where a slab is: a CPU's active slab (frozen), on a CPU partial list, on a node partial list, or on none (full). */
    private static final byte ON_NONE = 0, FROZEN = 1, CPU_PARTIAL = 2, NODE_PARTIAL = 3;
    private static final int SHRINK_PROMOTE_MAX = 32;
    private static final int GFP_RECLAIM_MASK = Gfp.__GFP_RECLAIM | Gfp.__GFP_HIGH | Gfp.__GFP_IO | Gfp.__GFP_FS
            | Gfp.__GFP_NOWARN | Gfp.__GFP_RETRY_MAYFAIL | Gfp.__GFP_NOFAIL | Gfp.__GFP_NORETRY
            | Gfp.__GFP_MEMALLOC | Gfp.__GFP_NOMEMALLOC;
    private static final int GFP_CONSTRAINT_MASK = Gfp.__GFP_HARDWALL | Gfp.__GFP_THISNODE;
    /** GFP_SLAB_BUG_MASK; __GFP_BITS_SHIFT is 25 on the host config (no lockdep, no KASAN HW tags). */
    private static final int GFP_SLAB_BUG_MASK = Gfp.__GFP_DMA32 | Gfp.__GFP_HIGHMEM | ~((1 << 25) - 1);

    private final PageAlloc pageAlloc;
    private final Zones zones;
    private final MemMap mem;
    private final Printk printk;
    private final int nrCpus;
    private final int nrNodes;

    /** slab_caches, oldest first; /proc/slabinfo walks it newest first. */
    private final List<KmemCache> caches = new ArrayList<>();
    private KmemCache kmemCache;
    private KmemCache kmemCacheNode;
    /** kmalloc_caches[type][index]. */
    private final KmemCache[][] kmallocCaches = new KmemCache[Kmalloc.NR_KMALLOC_TYPES][Kmalloc.KMALLOC_SHIFT_HIGH + 1];

    // The slab table: struct slab fields, indexed by slab id.
    private int capacity = 256;
    private KmemCache[] slabCache = new KmemCache[capacity];
    private int[] slabPfn = new int[capacity];
    private int[] slabOrder = new int[capacity];
    private int[] slabObjects = new int[capacity];
    private int[] slabInuse = new int[capacity];
    private int[] slabFreelist = new int[capacity];
    private int[] slabNode = new int[capacity];
    private byte[] slabState = new byte[capacity];
    private int[] slabNext = new int[capacity];
    private int[] slabPrev = new int[capacity];
    private long[] slabAddr = new long[capacity];
    private int[][] objNext = new int[capacity][];
    /** Unused slab ids, chained through slabNext. */
    private int freeSlabIds = END;
    private int slabIdsUsed;
    /** pfn to slab id + 1 (0: not a slab page); struct slab overlays struct page in Linux. */
    private final int[] slabOfPfn;
    /** Slab pages given back to the page allocator so far; reclaim reads it as reclaim_state->reclaimed. */
    private long freedSlabPages;

    public Slub(PageAlloc pageAlloc, Printk printk) {
        this.pageAlloc = pageAlloc;
        this.zones = pageAlloc.zones();
        this.mem = zones.memMap;
        this.printk = printk;
        this.nrCpus = zones.nrCpus();
        this.nrNodes = zones.nrNodes();
        this.slabOfPfn = new int[mem.nrFrames];
        printk.info(String.format("SLUB: HWalign=%d, Order=%d-%d, MinObjects=0, CPUs=%d, Nodes=%d",
                SlabGeometry.CACHE_LINE, SlabGeometry.SLUB_MIN_ORDER, SlabGeometry.SLUB_MAX_ORDER, nrCpus, nrNodes));
        kmemCacheInit();
    }

    // ---------------------------------------------------------------- boot

    /** kmem_cache_init(): the two boot caches, then create_kmalloc_caches(). */
    private void kmemCacheInit() {
        int hw = SlabFlags.SLAB_HWCACHE_ALIGN;
        kmemCacheNode = createBootCache("kmem_cache_node", KMEM_CACHE_NODE_SIZE, hw, 0);
        kmemCache = createBootCache("kmem_cache", KMEM_CACHE_BASE_SIZE + 8 * nrNodes, hw, 0);
        // bootstrap(): both boot caches move to objects of their own caches, kmem_cache listed first.
        caches.add(kmemCache);
        caches.add(kmemCacheNode);
        allocCacheStructs(kmemCache, false);
        allocCacheStructs(kmemCacheNode, false);
        for (int type = 0; type < Kmalloc.NR_KMALLOC_TYPES; type++) {
            newKmallocCache(1, type);
            newKmallocCache(2, type);
            for (int i = Kmalloc.KMALLOC_SHIFT_LOW; i <= Kmalloc.KMALLOC_SHIFT_HIGH; i++) {
                newKmallocCache(i, type);
            }
        }
    }

    private KmemCache createBootCache(String name, int size, int flags, int usersize) {
        int align = 8;
        if ((flags & SlabFlags.SLAB_KMALLOC) != 0) {
            align = Math.max(align, Integer.lowestOneBit(size));
        }
        align = SlabGeometry.calculateAlignment(flags, align, size);
        SlabGeometry.Layout l = SlabGeometry.compute(size, align, flags, false, -1, nrCpus);
        KmemCache s = new KmemCache(name, size, flags, l, usersize, false, nrCpus, nrNodes);
        s.refcount = -1;
        return s;
    }

    /** new_kmalloc_cache(): the type's flags, then create_kmalloc_cache(). */
    private void newKmallocCache(int index, int type) {
        int flags = 0;
        if (type == Kmalloc.KMALLOC_RECLAIM) {
            flags |= SlabFlags.SLAB_RECLAIM_ACCOUNT;
        } else if (type == Kmalloc.KMALLOC_CGROUP) {
            flags |= SlabFlags.SLAB_ACCOUNT;
        } else if (type == Kmalloc.KMALLOC_DMA) {
            flags |= SlabFlags.SLAB_CACHE_DMA;
        } else {
            // With CONFIG_MEMCG, KMALLOC_NORMAL caches never merge.
            flags |= SlabFlags.SLAB_NO_MERGE;
        }
        int size = Kmalloc.size(index);
        KmemCache s = createBootCache(Kmalloc.name(type, index), size, flags | SlabFlags.SLAB_KMALLOC, size);
        s.refcount = 1;
        caches.add(s);
        allocCacheStructs(s, false);
        kmallocCaches[type][index] = s;
    }

    /**
     * The kstrdup()ed name, struct kmem_cache and per-node struct kmem_cache_node a cache lives in,
     * in the order __kmem_cache_create_args allocates them; false (all freed again) if one fails.
     */
    private boolean allocCacheStructs(KmemCache s, boolean dupName) {
        if (dupName) {
            s.nameAddr = kmalloc(s.name.length() + 1, Gfp.GFP_KERNEL);
        }
        s.selfAddr = kmemCacheAlloc(kmemCache, Gfp.GFP_KERNEL);
        boolean ok = (!dupName || s.nameAddr != 0) && s.selfAddr != 0;
        for (int n = 0; n < nrNodes; n++) {
            s.nodeAddr[n] = kmemCacheAlloc(kmemCacheNode, Gfp.GFP_KERNEL);
            ok &= s.nodeAddr[n] != 0;
        }
        if (!ok) {
            freeCacheStructs(s);
        }
        return ok;
    }

    private void freeCacheStructs(KmemCache s) {
        for (int n = 0; n < nrNodes; n++) {
            if (s.nodeAddr[n] != 0) {
                kmemCacheFree(kmemCacheNode, s.nodeAddr[n]);
            }
        }
        if (s.selfAddr != 0) {
            kmemCacheFree(kmemCache, s.selfAddr);
        }
        if (s.nameAddr != 0) {
            kfree(s.nameAddr);
        }
    }

    // ---------------------------------------------------------------- cache lifecycle

    /**
     * kmem_cache_create(name, size, align, flags): a new cache, or an existing one it merges with.
     * Refuses (EINVAL) an empty name or a size of 0 or above KMALLOC_MAX_SIZE, as CONFIG_DEBUG_VM's
     * kmem_cache_sanity_check does, and (EEXIST) a name already in use.
     */
    public KmemCache kmemCacheCreate(String name, int size, int align, int flags) {
        return kmemCacheCreate(name, size, align, flags, -1);
    }

    /**
     * kmem_cache_create() with kmem_cache_args.freeptr_offset (-1: not used), which only a
     * SLAB_TYPESAFE_BY_RCU cache may give, word-aligned and inside the object.
     */
    public KmemCache kmemCacheCreate(String name, int size, int align, int flags, int freeptrOffset) {
        return kmemCacheCreate(name, size, align, flags, freeptrOffset, 0, false);
    }

    /**
     * kmem_cache_create_usercopy() with a constructor or not: usersize (the hardened-usercopy
     * window) and a ctor each make the cache unmergeable; a ctor also keeps the free pointer
     * outside the object. The ctor itself never runs (objects have no contents).
     */
    public KmemCache kmemCacheCreate(String name, int size, int align, int flags, int usersize, boolean ctor) {
        return kmemCacheCreate(name, size, align, flags, -1, usersize, ctor);
    }

    private KmemCache kmemCacheCreate(String name, int size, int align, int flags, int freeptrOffset, int usersize,
                                      boolean ctor) {
        if (name == null || name.isEmpty() || size <= 0 || size > Kmalloc.KMALLOC_MAX_SIZE || align < 0
                || (align & (align - 1)) != 0) {
            printk.log(Printk.KERN_ERR, "kmem_cache_create(" + name + ") integrity check failed");
            throw new KernelError(Errno.EINVAL);
        }
        if (freeptrOffset >= 0 && (freeptrOffset >= size || (flags & SlabFlags.SLAB_TYPESAFE_BY_RCU) == 0
                || freeptrOffset % SlabGeometry.WORD != 0)) {
            printk.warn("kmem_cache_create(" + name + ") failed with error -22");
            throw new KernelError(Errno.EINVAL);
        }
        for (KmemCache c : caches) {
            if (c.name.equals(name) && !c.destroyed) {
                printk.warn("kmem_cache of name '" + name + "' already exists");
                throw new KernelError(Errno.EEXIST);
            }
        }
        KmemCache alias = usersize != 0 || ctor ? null : findMergeable(size, align, flags);
        if (alias != null) {
            alias.refcount++;
            alias.objectSize = Math.max(alias.objectSize, size);
            alias.inuse = Math.max(alias.inuse, SlabGeometry.alignUp(size, SlabGeometry.WORD));
            return alias;
        }
        int a = SlabGeometry.calculateAlignment(flags, align, size);
        SlabGeometry.Layout l = SlabGeometry.compute(size, a, flags, ctor, freeptrOffset, nrCpus);
        if (l == null) {
            printk.warn("kmem_cache_create(" + name + ") failed with error -22");
            throw new KernelError(Errno.EINVAL);
        }
        KmemCache s = new KmemCache(name, size, flags, l, usersize, ctor, nrCpus, nrNodes);
        if (!allocCacheStructs(s, true)) {
            printk.warn("kmem_cache_create(" + name + ") failed with error -12");
            throw new KernelError(Errno.ENOMEM);
        }
        caches.add(s);
        return s;
    }

    /**
     * find_mergeable(): the oldest compatible cache, as list_for_each_entry_reverse over slab_caches
     * (newest at the head) meets it first.
     */
    private KmemCache findMergeable(int size, int align, int flags) {
        if ((flags & SlabFlags.SLAB_NEVER_MERGE) != 0) {
            return null;
        }
        int sz = SlabGeometry.alignUp(size, SlabGeometry.WORD);
        int a = SlabGeometry.calculateAlignment(flags, align, sz);
        sz = SlabGeometry.alignUp(sz, a);
        for (KmemCache s : caches) {
            if (s.destroyed || s.unmergeable() || sz > s.size) {
                continue;
            }
            if ((flags & SlabFlags.SLAB_MERGE_SAME) != (s.flags & SlabFlags.SLAB_MERGE_SAME)) {
                continue;
            }
            if ((s.size & ~(a - 1)) != s.size || s.size - sz >= SlabGeometry.WORD) {
                continue;
            }
            return s;
        }
        return null;
    }

    /**
     * kmem_cache_destroy(): drops one user; the last one shuts the cache down. A cache that still has
     * objects stays on slab_caches, as Linux keeps it, with a warning naming the caller (its %pS).
     */
    public void kmemCacheDestroy(KmemCache s, String caller) {
        if (s.destroyed || s.refcount <= 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (--s.refcount > 0) {
            return;
        }
        s.destroyed = true;
        if (!shutdown(s)) {
            printk.warn("kmem_cache_destroy " + s.name + ": Slab cache still has objects when called from " + caller);
            return;
        }
        caches.remove(s);
        freeCacheStructs(s);
    }

    /** __kmem_cache_shutdown(): flush every CPU, free empty partial slabs; false if objects remain. */
    private boolean shutdown(KmemCache s) {
        flushAll(s);
        boolean busy = false;
        for (int n = 0; n < nrNodes; n++) {
            for (int slab = s.partialHead[n]; slab != END; ) {
                int next = slabNext[slab];
                if (slabInuse[slab] == 0) {
                    removePartial(s, slab);
                    discardSlab(s, slab);
                } else {
                    printk.log(Printk.KERN_ERR, "BUG " + s.name
                            + " (Not tainted): Objects remaining on __kmem_cache_shutdown()");
                }
                slab = next;
            }
            busy |= s.nrPartial[n] > 0 || s.nrSlabs[n] > 0;
        }
        return !busy;
    }

    /**
     * kmem_cache_shrink() (__kmem_cache_do_shrink): flush the CPUs, free every empty partial slab,
     * and order the rest so the fullest come first.
     */
    public void kmemCacheShrink(KmemCache s) {
        flushAll(s);
        for (int n = 0; n < nrNodes; n++) {
            List<List<Integer>> promote = new ArrayList<>();
            for (int i = 0; i <= SHRINK_PROMOTE_MAX; i++) {
                promote.add(new ArrayList<>());
            }
            for (int slab = s.partialHead[n]; slab != END; ) {
                int next = slabNext[slab];
                int free = slabObjects[slab] - slabInuse[slab];
                removePartial(s, slab);
                if (free == slabObjects[slab]) {
                    discardSlab(s, slab);
                } else {
                    promote.get(free <= SHRINK_PROMOTE_MAX ? free - 1 : SHRINK_PROMOTE_MAX).add(slab);
                }
                slab = next;
            }
            for (List<Integer> bucket : promote) {
                for (int slab : bucket) {
                    addPartial(s, slab, true);
                }
            }
        }
    }

    /** flush_all(): every CPU's slab and partial list back to the node. */
    private void flushAll(KmemCache s) {
        for (int c = 0; c < nrCpus; c++) {
            flushCpuSlab(s, c);
        }
    }

    /** flush_cpu_slab(): deactivate the CPU slab, then put_partials_cpu(). */
    private void flushCpuSlab(KmemCache s, int c) {
        int slab = s.cpuSlab[c];
        if (slab != END) {
            int freelist = s.cpuFreelist[c];
            s.cpuSlab[c] = END;
            s.cpuFreelist[c] = END;
            deactivateSlab(s, slab, freelist);
        }
        int partial = s.cpuPartialHead[c];
        if (partial != END) {
            s.cpuPartialHead[c] = END;
            s.cpuPartialCount[c] = 0;
            putPartials(s, partial);
        }
    }

    // ---------------------------------------------------------------- allocation

    /** kmem_cache_alloc(): the object's address, or 0 (NULL) if no slab could be allocated. */
    public long kmemCacheAlloc(KmemCache s, int gfp) {
        int c = pageAlloc.cpu();
        int obj = s.cpuFreelist[c];
        if (obj >= 0) {
            int slab = s.cpuSlab[c];
            int[] links = objNext[slab];
            s.cpuFreelist[c] = links[obj];
            links[obj] = ALLOCATED;
            return slabAddr[slab] + (long) obj * s.size;
        }
        return slowAlloc(s, gfp, c);
    }

    /** ___slab_alloc(). */
    private long slowAlloc(KmemCache s, int gfp, int c) {
        int slab = s.cpuSlab[c];
        if (slab != END) {
            // get_freelist(): objects freed remotely into the frozen slab.
            int freelist = slabFreelist[slab];
            slabFreelist[slab] = END;
            slabInuse[slab] = slabObjects[slab];
            if (freelist != END) {
                return loadFreelist(s, c, slab, freelist);
            }
            slabState[slab] = ON_NONE;
            s.cpuSlab[c] = END;
        }
        slab = s.cpuPartialHead[c];
        if (slab != END) {
            s.cpuPartialHead[c] = slabNext[slab];
            s.cpuPartialCount[c] = Math.max(0, s.cpuPartialCount[c] - 1);
            s.cpuSlab[c] = slab;
            return loadFreelist(s, c, slab, freezeSlab(slab));
        }
        slab = getPartialNode(s, zones.cpuToNode(c));
        if (slab == END) {
            slab = newSlab(s, gfp, zones.cpuToNode(c));
            if (slab == END) {
                if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                    printk.warn(String.format("SLUB: Unable to allocate memory on node -1, gfp=%#x(%s)", gfp,
                            Gfp.format(gfp)));
                    printk.warn(String.format("  cache: %s, object size: %d, buffer size: %d, default order: %d, "
                            + "min order: %d", s.name, s.objectSize, s.size, s.order, s.minOrder));
                    for (int n = 0; n < nrNodes; n++) {
                        printk.warn(String.format("  node %d: slabs: %d, objs: %d, free: %d", n, s.nrSlabs[n],
                                s.totalObjects[n], nodePartialFree(s, n)));
                    }
                }
                return 0;
            }
        }
        s.cpuSlab[c] = slab;
        return loadFreelist(s, c, slab, freezeSlab(slab));
    }

    private long loadFreelist(KmemCache s, int c, int slab, int obj) {
        slabState[slab] = FROZEN;
        int[] links = objNext[slab];
        s.cpuFreelist[c] = links[obj];
        links[obj] = ALLOCATED;
        return slabAddr[slab] + (long) obj * s.size;
    }

    /** freeze_slab(): take the slab's whole freelist for a CPU. */
    private int freezeSlab(int slab) {
        int freelist = slabFreelist[slab];
        slabFreelist[slab] = END;
        slabInuse[slab] = slabObjects[slab];
        slabState[slab] = FROZEN;
        return freelist;
    }

    /** get_partial_node(): one slab for the CPU, and up to half cpu_partial_slabs more for its partial list. */
    private int getPartialNode(KmemCache s, int nid) {
        int partial = END;
        int partialSlabs = 0;
        for (int slab = s.partialHead[nid]; slab != END; ) {
            int next = slabNext[slab];
            removePartial(s, slab);
            if (partial == END) {
                partial = slab;
                if (s.cpuPartial == 0) {
                    break;
                }
            } else {
                putCpuPartial(s, slab, false);
                if (++partialSlabs > s.cpuPartialSlabs / 2) {
                    break;
                }
            }
            slab = next;
        }
        return partial;
    }

    /** new_slab()/allocate_slab(): the preferred order without retrying, then the minimum order. */
    private int newSlab(KmemCache s, int gfp, int nid) {
        int flags = (fixFlags(gfp) & (GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK)) | s.allocflags;
        int allocGfp = (flags | Gfp.__GFP_NOWARN | Gfp.__GFP_NORETRY) & ~Gfp.__GFP_NOFAIL;
        if ((allocGfp & Gfp.__GFP_DIRECT_RECLAIM) != 0 && s.order > s.minOrder) {
            allocGfp = (allocGfp | Gfp.__GFP_NOMEMALLOC) & ~Gfp.__GFP_RECLAIM;
        }
        int order = s.order;
        int objects = s.objects;
        int pfn = pageAlloc.allocPages(allocGfp, order, nid);
        if (pfn == MemMap.NIL) {
            order = s.minOrder;
            objects = s.minObjects;
            pfn = pageAlloc.allocPages(flags, order, nid);
            if (pfn == MemMap.NIL) {
                return END;
            }
        }
        int slab = newSlabId(objects);
        int node = zones.zoneOf(pfn).node.id;
        slabCache[slab] = s;
        slabPfn[slab] = pfn;
        slabOrder[slab] = order;
        slabObjects[slab] = objects;
        slabInuse[slab] = 0;
        slabNode[slab] = node;
        slabState[slab] = ON_NONE;
        slabAddr[slab] = PAGE_OFFSET + ((long) pfn << MemMap.PAGE_SHIFT);
        int[] links = objNext[slab];
        for (int i = 0; i < objects - 1; i++) {
            links[i] = i + 1;
        }
        links[objects - 1] = END;
        slabFreelist[slab] = 0;
        for (int p = pfn; p < pfn + (1 << order); p++) {
            mem.setPageType(p, PageFlags.TYPE_SLAB);
            slabOfPfn[p] = slab + 1;
        }
        zones.node(node).stats[statItem(s)] += 1L << order;
        s.nrSlabs[node]++;
        s.totalObjects[node] += objects;
        return slab;
    }

    private static int statItem(KmemCache s) {
        return s.reclaimable() ? NodeStat.NR_SLAB_RECLAIMABLE : NodeStat.NR_SLAB_UNRECLAIMABLE;
    }

    private int newSlabId(int objects) {
        int id;
        if (freeSlabIds != END) {
            id = freeSlabIds;
            freeSlabIds = slabNext[id];
        } else {
            if (slabIdsUsed == capacity) {
                grow();
            }
            id = slabIdsUsed++;
        }
        if (objNext[id] == null || objNext[id].length < objects) {
            objNext[id] = new int[objects];
        }
        slabNext[id] = END;
        slabPrev[id] = END;
        return id;
    }

    private void grow() {
        capacity *= 2;
        slabCache = Arrays.copyOf(slabCache, capacity);
        slabPfn = Arrays.copyOf(slabPfn, capacity);
        slabOrder = Arrays.copyOf(slabOrder, capacity);
        slabObjects = Arrays.copyOf(slabObjects, capacity);
        slabInuse = Arrays.copyOf(slabInuse, capacity);
        slabFreelist = Arrays.copyOf(slabFreelist, capacity);
        slabNode = Arrays.copyOf(slabNode, capacity);
        slabState = Arrays.copyOf(slabState, capacity);
        slabNext = Arrays.copyOf(slabNext, capacity);
        slabPrev = Arrays.copyOf(slabPrev, capacity);
        slabAddr = Arrays.copyOf(slabAddr, capacity);
        objNext = Arrays.copyOf(objNext, capacity);
    }

    /** discard_slab(): dec_slabs_node, then free_slab back to the page allocator. */
    private void discardSlab(KmemCache s, int slab) {
        int node = slabNode[slab];
        int pfn = slabPfn[slab];
        int order = slabOrder[slab];
        s.nrSlabs[node]--;
        s.totalObjects[node] -= slabObjects[slab];
        zones.node(node).stats[statItem(s)] -= 1L << order;
        freedSlabPages += 1L << order;
        for (int p = pfn; p < pfn + (1 << order); p++) {
            mem.setPageType(p, 0);
            slabOfPfn[p] = 0;
        }
        slabCache[slab] = null;
        slabNext[slab] = freeSlabIds;
        freeSlabIds = slab;
        pageAlloc.freePages(pfn, order);
    }

    // ---------------------------------------------------------------- freeing

    /** kmem_cache_free(): logs and ignores a pointer that is not a live object of this cache. */
    public void kmemCacheFree(KmemCache s, long addr) {
        int slab = slabOf(addr);
        if (slab == END) {
            printk.warn(String.format("kmem_cache_free: 0x%016x is not a slab object", addr));
            return;
        }
        if (slabCache[slab] != s) {
            printk.warn("cache_from_obj: Wrong slab cache. " + s.name + " but object is from " + slabCache[slab].name);
            return;
        }
        freeObject(s, slab, addr);
    }

    private void freeObject(KmemCache s, int slab, long addr) {
        long off = addr - slabAddr[slab];
        int obj = (int) (off / s.size);
        if (off - (long) obj * s.size != 0 || obj >= slabObjects[slab]) {
            printk.log(Printk.KERN_ERR, String.format("BUG %s (Not tainted): Invalid object pointer 0x%016x", s.name,
                    addr));
            return;
        }
        int[] links = objNext[slab];
        if (links[obj] != ALLOCATED) {
            printk.log(Printk.KERN_ERR, String.format("BUG %s (Not tainted): Object 0x%016x already free", s.name,
                    addr));
            return;
        }
        int c = pageAlloc.cpu();
        if (slab == s.cpuSlab[c]) {
            links[obj] = s.cpuFreelist[c];
            s.cpuFreelist[c] = obj;
            return;
        }
        slabFree(s, slab, obj);
    }

    /** __slab_free(): the slow free into a slab that is not this CPU's. */
    private void slabFree(KmemCache s, int slab, int obj) {
        int prior = slabFreelist[slab];
        objNext[slab][obj] = prior;
        slabFreelist[slab] = obj;
        int inuse = --slabInuse[slab];
        byte state = slabState[slab];
        if (state == FROZEN) {
            return;
        }
        if (prior == END) {
            // A full slab got a free object: onto this CPU's partial list.
            putCpuPartial(s, slab, true);
            return;
        }
        if (state != NODE_PARTIAL) {
            return;
        }
        if (inuse == 0 && s.nrPartial[slabNode[slab]] >= s.minPartial) {
            removePartial(s, slab);
            discardSlab(s, slab);
        }
    }

    /** put_cpu_partial(): push onto this CPU's partial list, draining a full list to the node first. */
    private void putCpuPartial(KmemCache s, int slab, boolean drain) {
        int c = pageAlloc.cpu();
        int old = s.cpuPartialHead[c];
        int toPut = END;
        int slabs = 0;
        if (old != END) {
            if (drain && s.cpuPartialCount[c] >= s.cpuPartialSlabs) {
                toPut = old;
                old = END;
            } else {
                slabs = s.cpuPartialCount[c];
            }
        }
        slabNext[slab] = old;
        slabState[slab] = CPU_PARTIAL;
        s.cpuPartialHead[c] = slab;
        s.cpuPartialCount[c] = slabs + 1;
        if (toPut != END) {
            putPartials(s, toPut);
        }
    }

    /** __put_partials(): a CPU partial chain to the node lists; empty slabs beyond min_partial are freed. */
    private void putPartials(KmemCache s, int chain) {
        int discard = END;
        for (int slab = chain; slab != END; ) {
            int next = slabNext[slab];
            if (slabInuse[slab] == 0 && s.nrPartial[slabNode[slab]] >= s.minPartial) {
                slabNext[slab] = discard;
                slabState[slab] = ON_NONE;
                discard = slab;
            } else {
                addPartial(s, slab, true);
            }
            slab = next;
        }
        while (discard != END) {
            int next = slabNext[discard];
            discardSlab(s, discard);
            discard = next;
        }
    }

    /** deactivate_slab(): the CPU freelist back into the slab, then onto the node list or freed. */
    private void deactivateSlab(KmemCache s, int slab, int freelist) {
        boolean tail = slabFreelist[slab] != END;
        if (freelist != END) {
            int[] links = objNext[slab];
            int last = freelist;
            int count = 1;
            while (links[last] != END) {
                last = links[last];
                count++;
            }
            links[last] = slabFreelist[slab];
            slabFreelist[slab] = freelist;
            slabInuse[slab] -= count;
        }
        slabState[slab] = ON_NONE;
        if (slabInuse[slab] == 0 && s.nrPartial[slabNode[slab]] >= s.minPartial) {
            discardSlab(s, slab);
        } else if (slabFreelist[slab] != END) {
            addPartial(s, slab, tail);
        }
    }

    private void addPartial(KmemCache s, int slab, boolean tail) {
        int n = slabNode[slab];
        s.nrPartial[n]++;
        slabState[slab] = NODE_PARTIAL;
        if (s.partialHead[n] == END) {
            slabNext[slab] = END;
            slabPrev[slab] = END;
            s.partialHead[n] = slab;
            s.partialTail[n] = slab;
        } else if (tail) {
            slabPrev[slab] = s.partialTail[n];
            slabNext[slab] = END;
            slabNext[s.partialTail[n]] = slab;
            s.partialTail[n] = slab;
        } else {
            slabNext[slab] = s.partialHead[n];
            slabPrev[slab] = END;
            slabPrev[s.partialHead[n]] = slab;
            s.partialHead[n] = slab;
        }
    }

    private void removePartial(KmemCache s, int slab) {
        int n = slabNode[slab];
        s.nrPartial[n]--;
        int next = slabNext[slab];
        int prev = slabPrev[slab];
        if (prev == END) {
            s.partialHead[n] = next;
        } else {
            slabNext[prev] = next;
        }
        if (next == END) {
            s.partialTail[n] = prev;
        } else {
            slabPrev[next] = prev;
        }
        slabNext[slab] = END;
        slabPrev[slab] = END;
        slabState[slab] = ON_NONE;
    }

    private int slabOf(long addr) {
        long pfn = (addr - PAGE_OFFSET) >>> MemMap.PAGE_SHIFT;
        if (addr < PAGE_OFFSET || pfn >= slabOfPfn.length) {
            return END;
        }
        return slabOfPfn[(int) pfn] - 1;
    }

    // ---------------------------------------------------------------- kmalloc

    /** The kmalloc cache kmalloc(size, gfp) uses (kmalloc_slab()), or null above KMALLOC_MAX_CACHE_SIZE. */
    public KmemCache kmallocSlab(long size, int gfp) {
        if (size <= 0 || size > Kmalloc.KMALLOC_MAX_CACHE_SIZE) {
            return null;
        }
        return kmallocCaches[Kmalloc.type(gfp)][Kmalloc.index((int) size)];
    }

    /** kmalloc(): ZERO_SIZE_PTR for 0, a slab object up to 8 KiB, whole pages above; 0 (NULL) on failure. */
    public long kmalloc(long size, int gfp) {
        if (size <= Kmalloc.KMALLOC_MAX_CACHE_SIZE) {
            if (size == 0) {
                return ZERO_SIZE_PTR;
            }
            return kmemCacheAlloc(kmallocCaches[Kmalloc.type(gfp)][Kmalloc.index((int) size)], gfp);
        }
        return kmallocLarge(size, gfp);
    }

    /** ___kmalloc_large_node(): a __GFP_COMP block typed large_kmalloc, counted as unreclaimable slab. */
    private long kmallocLarge(long size, int gfp) {
        int order = SlabGeometry.getOrder(size);
        if (order > SlabGeometry.MAX_PAGE_ORDER) {
            if ((gfp & Gfp.__GFP_NOWARN) == 0) {
                printk.warn("WARNING: CPU: " + pageAlloc.cpu() + " at mm/page_alloc.c: __alloc_frozen_pages_noprof");
            }
            return 0;
        }
        int flags = fixFlags(gfp) | Gfp.__GFP_COMP;
        int pfn = pageAlloc.allocPages(flags, order, zones.cpuToNode(pageAlloc.cpu()));
        if (pfn == MemMap.NIL) {
            return 0;
        }
        mem.setPageType(pfn, PageFlags.TYPE_LARGE_KMALLOC);
        zones.zoneOf(pfn).node.stats[NodeStat.NR_SLAB_UNRECLAIMABLE] += 1L << order;
        return PAGE_OFFSET + ((long) pfn << MemMap.PAGE_SHIFT);
    }

    /** kfree(): NULL and ZERO_SIZE_PTR are no-ops; anything not from kmalloc is logged and ignored. */
    public void kfree(long addr) {
        if (addr >= 0 && addr <= ZERO_SIZE_PTR) {
            return;
        }
        int slab = slabOf(addr);
        if (slab != END) {
            freeObject(slabCache[slab], slab, addr);
            return;
        }
        int head = largeKmallocHead(addr);
        if (head == MemMap.NIL) {
            printk.warn(String.format("WARNING: kfree(0x%016x): page dumped because: Not a kmalloc allocation", addr));
            return;
        }
        int order = compoundOrder(head);
        zones.zoneOf(head).node.stats[NodeStat.NR_SLAB_UNRECLAIMABLE] -= 1L << order;
        mem.setPageType(head, 0);
        pageAlloc.freePages(head, order);
    }

    /** virt_to_folio() for a large kmalloc: the head page of the block holding addr, or NIL. */
    private int largeKmallocHead(long addr) {
        long pfnL = (addr - PAGE_OFFSET) >>> MemMap.PAGE_SHIFT;
        if (addr < PAGE_OFFSET || pfnL >= mem.nrFrames) {
            return MemMap.NIL;
        }
        int pfn = (int) pfnL;
        while (pfn > 0 && (mem.flags[pfn] & PageFlags.PG_TAIL) != 0) {
            pfn--;
        }
        return mem.pageType(pfn) == PageFlags.TYPE_LARGE_KMALLOC ? pfn : MemMap.NIL;
    }

    private int compoundOrder(int head) {
        return (mem.flags[head] & PageFlags.PG_HEAD) != 0 ? mem.priv[head] : 0;
    }

    /** ksize(): the usable size of a kmalloc object, 0 for anything else. */
    public long ksize(long addr) {
        int slab = slabOf(addr);
        if (slab != END) {
            return slabCache[slab].size;
        }
        int head = largeKmallocHead(addr);
        return head == MemMap.NIL ? 0 : MemMap.PAGE_SIZE << compoundOrder(head);
    }

    /** kmalloc_fix_flags(): zone bits slab memory cannot use are dropped, loudly. */
    private int fixFlags(int gfp) {
        int invalid = gfp & GFP_SLAB_BUG_MASK;
        if (invalid == 0) {
            return gfp;
        }
        int fixed = gfp & ~GFP_SLAB_BUG_MASK;
        printk.warn(String.format("Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!", invalid,
                Gfp.format(invalid), fixed, Gfp.format(fixed)));
        return fixed;
    }

    // ---------------------------------------------------------------- inspection

    /** slab_caches, newest first, as /proc/slabinfo lists them. */
    public List<KmemCache> cachesNewestFirst() {
        List<KmemCache> out = new ArrayList<>(caches);
        Collections.reverse(out);
        return out;
    }

    public KmemCache findCache(String name) {
        for (KmemCache c : caches) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Free objects on the node partial lists (count_partial_free_approx), as slabinfo subtracts them. */
    public long partialFreeObjects(KmemCache s) {
        long free = 0;
        for (int n = 0; n < nrNodes; n++) {
            free += nodePartialFree(s, n);
        }
        return free;
    }

    private long nodePartialFree(KmemCache s, int n) {
        long free = 0;
        for (int slab = s.partialHead[n]; slab != END; slab = slabNext[slab]) {
            free += slabObjects[slab] - slabInuse[slab];
        }
        return free;
    }

    /** Calls the visitor for every live slab with its cache, first pfn, order and object count. */
    public void forEachSlab(SlabVisitor visitor) {
        for (int id = 0; id < slabIdsUsed; id++) {
            if (slabCache[id] != null) {
                visitor.visit(slabCache[id], slabPfn[id], slabOrder[id], slabObjects[id]);
            }
        }
    }

    /** Receives one live slab. */
    public interface SlabVisitor {
        void visit(KmemCache cache, int pfn, int order, int objects);
    }

    /** Pages of freed slabs since boot (what mm_account_reclaimed_pages() adds up during reclaim). */
    public long freedSlabPages() {
        return freedSlabPages;
    }

    /** The node whose memory holds a slab object (page_to_nid(virt_to_page(addr))), as list_lru files it. */
    public int nodeOf(long addr) {
        return zones.zoneOf((int) ((addr - PAGE_OFFSET) >>> MemMap.PAGE_SHIFT)).node.id;
    }

    /** The cache owning a live object address, or null. */
    public KmemCache cacheOf(long addr) {
        int slab = slabOf(addr);
        return slab == END ? null : slabCache[slab];
    }
}
