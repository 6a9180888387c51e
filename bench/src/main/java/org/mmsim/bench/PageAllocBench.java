/*
 * JMH benchmarks of the buddy allocator (mm.buddy.PageAlloc, modelling mm/page_alloc.c): an alloc+free
 * pair per invocation, at order 0 and 3 (both served by the per-CPU lists, as pcp_allowed_order allows
 * orders up to PAGE_ALLOC_COSTLY_ORDER) and at order 4 (straight to the buddy lists: __rmqueue_smallest,
 * expand, __free_one_page merging back). Compare with the kernel's page_bench fast path, ~53-57 ns a pair.
 * One thread, a 4 GiB single-node machine booted once per trial.
 */
package org.mmsim.bench;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.init.MachineSpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PageAllocBench {
    private PageAlloc alloc;

    @Setup(Level.Trial)
    public void boot() {
        alloc = Kernel.boot(MachineSpec.uniform(4L << 30, 2, 1), 0).pageAlloc;
    }

    /** alloc_pages(GFP_KERNEL, 0) + __free_pages(): the per-CPU list fast path both ways. */
    @Benchmark
    public int order0Pair() {
        int pfn = alloc.allocPages(Gfp.GFP_KERNEL, 0, 0);
        alloc.freePages(pfn, 0);
        return pfn;
    }

    /** Order 3 (__GFP_COMP, as slab would ask): still a per-CPU list order in Linux 6.x. */
    @Benchmark
    public int order3Pair() {
        int pfn = alloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 3, 0);
        alloc.freePages(pfn, 3);
        return pfn;
    }

    /** Order 4: above PAGE_ALLOC_COSTLY_ORDER, so rmqueue_buddy and __free_one_page each time. */
    @Benchmark
    public int order4Pair() {
        int pfn = alloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 4, 0);
        alloc.freePages(pfn, 4);
        return pfn;
    }
}
