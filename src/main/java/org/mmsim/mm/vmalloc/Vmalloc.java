/*
 * vmalloc (mm/vmalloc.c: alloc_vmap_area with first-fit lowest-address search, __get_vm_area_node
 * with its guard page, __vmalloc_area_node/vm_area_alloc_pages with order-0 pages, vfree with lazy
 * purging of the freed address ranges (free_vmap_area_noflush, lazy_max_pages,
 * __purge_vmap_area_lazy), vmalloc_nr_pages) and kvmalloc/kvfree (mm/util.c).
 * Left out: page tables (nothing is mapped), huge vmalloc, per-CPU vmap blocks (vm_map_ram), the
 * per-node vmap_node pools freed ranges decay into (purged ranges go straight back to free space),
 * ioremap areas; vmap_area objects come from no slab cache here.
 */
package org.mmsim.mm.vmalloc;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.slab.Slub;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.Printk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public final class Vmalloc {
    public static final long VMALLOC_START = 0xffffc90000000000L;
    /** VMALLOC_START + 32 TiB - 1, inclusive, as x86-64 with 4-level paging defines it. */
    public static final long VMALLOC_END = 0xffffe8ffffffffffL;
    public static final int VM_ALLOC = 0x2, VM_NO_GUARD = 0x40;
    private static final long PAGE = MemMap.PAGE_SIZE;
    /** sizeof(struct vm_struct), kmalloc'ed per area. */
    private static final int VM_STRUCT_SIZE = 72;
    private static final int GFP_RECLAIM_MASK = Gfp.__GFP_RECLAIM | Gfp.__GFP_HIGH | Gfp.__GFP_IO | Gfp.__GFP_FS
            | Gfp.__GFP_NOWARN | Gfp.__GFP_RETRY_MAYFAIL | Gfp.__GFP_NOFAIL | Gfp.__GFP_NORETRY
            | Gfp.__GFP_MEMALLOC | Gfp.__GFP_NOMEMALLOC;

    /** One busy vmap_area with its vm_struct. */
    public static final class Area {
        public final long addr;
        /** Size including the guard page, as vm_struct.size holds it. */
        public final long size;
        public final int flags;
        public final String caller;
        final int[] pfns;
        final long vmStruct;
        long pagesArray;
        public final int[] pagesPerNode;

        Area(long addr, long size, int flags, String caller, int nrPages, long vmStruct, int nrNodes) {
            this.addr = addr;
            this.size = size;
            this.flags = flags;
            this.caller = caller;
            this.pfns = new int[nrPages];
            this.vmStruct = vmStruct;
            this.pagesPerNode = new int[nrNodes];
        }

        public int nrPages() {
            return pfns.length;
        }
    }

    private final PageAlloc pageAlloc;
    private final Slub slab;
    private final Printk printk;
    private final Zones zones;
    /** Free address space: start to end (exclusive), never adjacent. */
    private final TreeMap<Long, Long> free = new TreeMap<>();
    private final TreeMap<Long, Area> busy = new TreeMap<>();
    /**
     * Freed ranges not yet purged, per vmap_node (struct vmap_node's lazy tree): start to end
     * (exclusive), adjacent ranges merged. A range belongs to the node its start address maps to.
     */
    private final List<TreeMap<Long, Long>> lazy = new ArrayList<>();
    /** nr_vmap_nodes: one per possible CPU up to 128, each owning 16-page zones round-robin. */
    private final int nrVmapNodes;
    private static final long VMAP_ZONE_SIZE = 16 * PAGE;
    private long lazyNrPages;
    private long nrPages;

    public Vmalloc(PageAlloc pageAlloc, Slub slab, Printk printk) {
        this.pageAlloc = pageAlloc;
        this.slab = slab;
        this.printk = printk;
        this.zones = pageAlloc.zones();
        free.put(VMALLOC_START, VMALLOC_END);
        nrVmapNodes = Math.max(1, Math.min(128, zones.nrCpus()));
        for (int i = 0; i < nrVmapNodes; i++) {
            lazy.add(new TreeMap<>());
        }
    }

    /** addr_to_node_id(): which vmap_node lists an address. */
    public int vmapNodeOf(long addr) {
        return nrVmapNodes == 1 ? 0 : (int) Long.remainderUnsigned(Long.divideUnsigned(addr, VMAP_ZONE_SIZE),
                nrVmapNodes);
    }

    public int nrVmapNodes() {
        return nrVmapNodes;
    }

    /** vmalloc_nr_pages: pages backing vmalloc areas (meminfo's VmallocUsed). */
    public long nrPages() {
        return nrPages;
    }

    /** Bytes of the vmalloc range (meminfo's VmallocTotal). */
    public static long totalBytes() {
        return VMALLOC_END - VMALLOC_START;
    }

    public Collection<Area> busyAreas() {
        return busy.values();
    }

    /** Freed, not yet purged ranges (start, end), node by node in address order, as show_purge_info lists them. */
    public List<long[]> unpurged() {
        List<long[]> out = new ArrayList<>();
        for (TreeMap<Long, Long> tree : lazy) {
            for (Map.Entry<Long, Long> e : tree.entrySet()) {
                out.add(new long[] {e.getKey(), e.getValue()});
            }
        }
        return out;
    }

    /** lazy_max_pages(): 32 MiB of freed ranges per log2 of the online CPUs before a purge. */
    public long lazyMaxPages() {
        int cpus = zones.nrCpus();
        int log = 32 - Integer.numberOfLeadingZeros(cpus);
        return (long) log * ((32L << 20) / PAGE);
    }

    public long vmalloc(long size, String caller) {
        return vmallocNode(size, Gfp.GFP_KERNEL, 0, caller);
    }

    public long vzalloc(long size, String caller) {
        return vmallocNode(size, Gfp.GFP_KERNEL | Gfp.__GFP_ZERO, 0, caller);
    }

    /**
     * __vmalloc_node_range(): reserve the range (plus a guard page unless VM_NO_GUARD), then back it
     * with order-0 pages. 0 (NULL) on failure, with nothing left allocated.
     */
    public long vmallocNode(long size, int gfp, int vmFlags, String caller) {
        long realSize = (size + PAGE - 1) & -PAGE;
        if (size <= 0 || (realSize >> MemMap.PAGE_SHIFT) > zones.totalramPages()) {
            warn(gfp, String.format("vmalloc error: size %d, exceeds total pages", realSize));
            return 0;
        }
        int nr = (int) (realSize >> MemMap.PAGE_SHIFT);
        long vmStruct = slab.kmalloc(VM_STRUCT_SIZE, gfp & GFP_RECLAIM_MASK);
        if (vmStruct == 0) {
            return 0;
        }
        long vaSize = realSize + ((vmFlags & VM_NO_GUARD) != 0 ? 0 : PAGE);
        long addr = allocVmapArea(vaSize);
        if (addr == 0) {
            slab.kfree(vmStruct);
            warn(gfp, String.format("vmalloc error: size %d, vm_struct allocation failed", realSize));
            return 0;
        }
        Area a = new Area(addr, vaSize, vmFlags | VM_ALLOC, caller, nr, vmStruct, zones.nrNodes());
        int nestedGfp = (gfp & GFP_RECLAIM_MASK) | Gfp.__GFP_ZERO;
        long arraySize = (long) nr * 8;
        a.pagesArray = arraySize > PAGE ? vmallocNode(arraySize, nestedGfp, 0, caller) : slab.kmalloc(arraySize, nestedGfp);
        if (a.pagesArray == 0) {
            warn(gfp, String.format("vmalloc error: size %d, failed to allocated page array size %d", realSize,
                    arraySize));
            releaseArea(a);
            return 0;
        }
        busy.put(addr, a);
        int pageGfp = gfp;
        if ((gfp & (Gfp.__GFP_DMA | Gfp.__GFP_DMA32)) == 0) {
            pageGfp |= Gfp.__GFP_HIGHMEM;
        }
        int nid = zones.cpuToNode(pageAlloc.cpu());
        for (int i = 0; i < nr; i++) {
            int pfn = pageAlloc.allocPages(pageGfp | Gfp.__GFP_NOWARN, 0, nid);
            if (pfn == MemMap.NIL) {
                warn(gfp, String.format("vmalloc error: size %d, failed to allocate pages", i * PAGE));
                for (int j = 0; j < i; j++) {
                    pageAlloc.freePages(a.pfns[j], 0);
                }
                busy.remove(addr);
                releaseArea(a);
                return 0;
            }
            a.pfns[i] = pfn;
            a.pagesPerNode[zones.zoneOf(pfn).node.id]++;
        }
        nrPages += nr;
        return addr;
    }

    private void warn(int gfp, String text) {
        if ((gfp & Gfp.__GFP_NOWARN) == 0) {
            printk.warn(text);
        }
    }

    /** alloc_vmap_area(): the lowest free range that fits; on failure purge lazily freed ranges and retry once. */
    private long allocVmapArea(long size) {
        long addr = findLowestMatch(size);
        if (addr == 0 && lazyNrPages > 0) {
            purgeVmapAreaLazy();
            addr = findLowestMatch(size);
        }
        if (addr == 0) {
            printk.warn(String.format("vmalloc_node_range for size %d failed: Address range restricted to "
                    + "0x%016x - 0x%016x", size, VMALLOC_START, VMALLOC_END));
            return 0;
        }
        long end = free.get(addr);
        free.remove(addr);
        if (addr + size < end) {
            free.put(addr + size, end);
        }
        return addr;
    }

    private long findLowestMatch(long size) {
        for (Map.Entry<Long, Long> e : free.entrySet()) {
            if (Long.compareUnsigned(e.getValue() - e.getKey(), size) >= 0) {
                return e.getKey();
            }
        }
        return 0;
    }

    /** vfree(): frees the pages now; the address range waits on the purge list (free_vmap_area_noflush). */
    public void vfree(long addr) {
        if (addr == 0) {
            return;
        }
        Area a = busy.remove(addr);
        if (a == null) {
            printk.warn(String.format("Trying to vfree() nonexistent vm area (0x%016x)", addr));
            return;
        }
        for (int pfn : a.pfns) {
            pageAlloc.freePages(pfn, 0);
        }
        nrPages -= a.pfns.length;
        releaseArea(a);
    }

    private void releaseArea(Area a) {
        if (a.pagesArray != 0) {
            kvfree(a.pagesArray);
        }
        slab.kfree(a.vmStruct);
        mergeOrAdd(lazy.get(vmapNodeOf(a.addr)), a.addr, a.addr + a.size);
        lazyNrPages += a.size >> MemMap.PAGE_SHIFT;
        if (lazyNrPages > lazyMaxPages()) {
            purgeVmapAreaLazy();
        }
    }

    /** __purge_vmap_area_lazy(): lazily freed ranges back to the free space, merged with neighbours. */
    public void purgeVmapAreaLazy() {
        for (TreeMap<Long, Long> tree : lazy) {
            for (Map.Entry<Long, Long> e : tree.entrySet()) {
                mergeOrAdd(free, e.getKey(), e.getValue());
            }
            tree.clear();
        }
        lazyNrPages = 0;
    }

    /** merge_or_add_vmap_area(): insert [start, end), joining a neighbour that touches it. */
    private static void mergeOrAdd(TreeMap<Long, Long> tree, long start, long end) {
        long s = start;
        long e = end;
        Map.Entry<Long, Long> below = tree.floorEntry(s);
        if (below != null && below.getValue() == s) {
            s = below.getKey();
            tree.remove(below.getKey());
        }
        Long aboveEnd = tree.get(e);
        if (aboveEnd != null) {
            tree.remove(e);
            e = aboveEnd;
        }
        tree.put(s, e);
    }

    public static boolean isVmallocAddr(long addr) {
        return Long.compareUnsigned(addr, VMALLOC_START) >= 0 && Long.compareUnsigned(addr, VMALLOC_END) <= 0;
    }

    /**
     * kvmalloc(): kmalloc first (above a page without warning or retrying, as kmalloc_gfp_adjust
     * does), then vmalloc if that failed, the size is above a page and the caller may sleep.
     */
    public long kvmalloc(long size, int gfp, String caller) {
        int kgfp = gfp;
        if (size > PAGE) {
            kgfp |= Gfp.__GFP_NOWARN;
            if ((kgfp & Gfp.__GFP_RETRY_MAYFAIL) == 0) {
                kgfp |= Gfp.__GFP_NORETRY;
            }
            kgfp &= ~Gfp.__GFP_NOFAIL;
        }
        long p = slab.kmalloc(size, kgfp);
        if (p != 0 || size <= PAGE) {
            return p;
        }
        if ((gfp & Gfp.__GFP_DIRECT_RECLAIM) == 0 || size > Integer.MAX_VALUE) {
            return 0;
        }
        return vmallocNode(size, gfp, 0, caller);
    }

    public void kvfree(long addr) {
        if (isVmallocAddr(addr)) {
            vfree(addr);
        } else {
            slab.kfree(addr);
        }
    }
}
