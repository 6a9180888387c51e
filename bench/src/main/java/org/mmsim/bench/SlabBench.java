/*
 * JMH benchmarks of SLUB (mm.slab.Slub, modelling mm/slub.c's fast paths): a kmalloc(64) + kfree pair
 * and a kmem_cache_alloc + kmem_cache_free pair on the kmalloc-64 cache, both served from the per-CPU
 * slab's freelist once warm. Compare with the kernel's ~141 cycles a kmalloc+kfree pair.
 * One thread, a 4 GiB single-node machine booted once per trial.
 */
package org.mmsim.bench;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.slab.KmemCache;
import org.mmsim.mm.slab.Slub;
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
public class SlabBench {
    private Slub slab;
    private KmemCache kmalloc64;

    @Setup(Level.Trial)
    public void boot() {
        slab = Kernel.boot(MachineSpec.uniform(4L << 30, 2, 1), 0).slab;
        kmalloc64 = slab.kmallocSlab(64, Gfp.GFP_KERNEL);
    }

    /** kmalloc(64, GFP_KERNEL) + kfree(): size-class lookup, per-CPU freelist pop and push. */
    @Benchmark
    public long kmalloc64Pair() {
        long p = slab.kmalloc(64, Gfp.GFP_KERNEL);
        slab.kfree(p);
        return p;
    }

    /** kmem_cache_alloc + kmem_cache_free on kmalloc-64: the freelist alone. */
    @Benchmark
    public long cache64Pair() {
        long p = slab.kmemCacheAlloc(kmalloc64, Gfp.GFP_KERNEL);
        slab.kmemCacheFree(kmalloc64, p);
        return p;
    }
}
