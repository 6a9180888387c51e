/*
 * The in-kernel allocation API as kernel code calls it (alloc_pages_node, __free_pages, kmalloc,
 * kfree, kmem_cache_alloc/free, vmalloc, vfree, kvmalloc, kvfree), charging each call's simulated
 * CPU time from the cost model to the clock and to the current CPU's system time, so the log's
 * timestamps, /proc/uptime and /proc/stat move as work is done. The allocators below stay free of time; callers that model a kernel path use this.
 * Left out: per-CPU clocks (one clock for the machine) and preemption.
 */
package org.mmsim.kernel;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.slab.KmemCache;
import org.mmsim.mm.vmalloc.Vmalloc;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.sim.CostModel;
import org.mmsim.sim.CostModel.Op;

public final class KernelApi implements CostModel.Sink {
    private final Kernel k;

    KernelApi(Kernel kernel) {
        this.k = kernel;
    }

    /** Advances the clock by the cost and charges it to the current CPU's system time. */
    @Override
    public void charge(Op op, long times) {
        long ns = k.cost.ns(op) * times;
        k.clock.advance(ns);
        k.cpuTime.chargeSystem(k.pageAlloc.cpu(), ns);
    }

    /** alloc_pages_node(): pfn or -1. Small orders cost a per-CPU list pop, larger ones a buddy split. */
    public int allocPages(int gfp, int order, int nid) {
        int pfn = k.pageAlloc.allocPages(gfp, order, nid);
        charge(order <= PerCpuPages.PAGE_ALLOC_COSTLY_ORDER ? Op.PAGE_ALLOC_PCP : Op.PAGE_ALLOC_BUDDY, 1);
        if (pfn >= 0 && (gfp & Gfp.__GFP_ZERO) != 0) {
            charge(Op.PAGE_ZERO, 1L << order);
        }
        return pfn;
    }

    public void freePages(int pfn, int order) {
        k.pageAlloc.freePages(pfn, order);
        charge(Op.PAGE_FREE, 1);
    }

    public long kmalloc(long size, int gfp) {
        long addr = k.slab.kmalloc(size, gfp);
        charge(Op.SLAB_ALLOC, 1);
        return addr;
    }

    public void kfree(long addr) {
        k.slab.kfree(addr);
        charge(Op.SLAB_FREE, 1);
    }

    public long kmemCacheAlloc(KmemCache cache, int gfp) {
        long addr = k.slab.kmemCacheAlloc(cache, gfp);
        charge(Op.SLAB_ALLOC, 1);
        return addr;
    }

    public void kmemCacheFree(KmemCache cache, long addr) {
        k.slab.kmemCacheFree(cache, addr);
        charge(Op.SLAB_FREE, 1);
    }

    public long vmalloc(long size, String caller) {
        long addr = k.vmalloc.vmalloc(size, caller);
        charge(Op.VMALLOC_PER_PAGE, pages(size));
        return addr;
    }

    public void vfree(long addr) {
        k.vmalloc.vfree(addr);
        charge(Op.PAGE_FREE, 1);
    }

    /** kvmalloc(): kmalloc's cost when it was served from the direct map, vmalloc's per page otherwise. */
    public long kvmalloc(long size, int gfp, String caller) {
        long addr = k.vmalloc.kvmalloc(size, gfp, caller);
        if (addr >= Vmalloc.VMALLOC_START) {
            charge(Op.VMALLOC_PER_PAGE, pages(size));
        } else {
            charge(Op.SLAB_ALLOC, 1);
        }
        return addr;
    }

    public void kvfree(long addr) {
        k.vmalloc.kvfree(addr);
        charge(addr >= Vmalloc.VMALLOC_START ? Op.PAGE_FREE : Op.SLAB_FREE, 1);
    }

    private static long pages(long size) {
        return (size + 4095) >> 12;
    }
}
