/*
 * JMH throughput benchmarks of user memory through one long-lived simulated task on a 1 GiB
 * machine with page contents: mmap+munmap pairs of one 4 KiB anonymous page, and a read through
 * Task.access of a page whose PTE is present (64-page working set). bench/host/hostbench.c runs
 * the mmap+munmap workload on the host kernel.
 */
package org.mmsim.bench;

import java.util.concurrent.TimeUnit;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.task.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TaskSteadyBench {
    private static final int HOT = 64;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private Task t;
    private long hot;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
        t = Task.create(k.user, 1, "bench", 0, new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false),
                TaskLimits.defaults());
        hot = Mmap.mmap(t.mm(), t.limits(), 0, HOT * 4096L, RW, ANON, null, 0);
        t.touch(hot, HOT * 4096L, Fault.WRITE, (byte) 7, null);
    }

    /** mmap + munmap of one 4 KiB anonymous page. */
    @Benchmark
    public void mmapMunmap() {
        long a = Mmap.mmap(t.mm(), t.limits(), 0, 4096, RW, ANON, null, 0);
        Munmap.munmap(t.mm(), a, 4096);
    }

    /** One read through Task.access of a page whose PTE is present (64-page working set). */
    @Benchmark
    @OperationsPerInvocation(1024)
    public int accessHit() {
        int r = 0;
        for (int i = 0; i < 1024; i++) {
            r += t.access(hot + ((long) (cursor++ & (HOT - 1)) << 12), Fault.READ, (byte) 0);
        }
        return r + t.lastByte();
    }
}
