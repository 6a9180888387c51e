/*
 * JMH benchmarks of user memory through simulated tasks (org.mmsim.task), on a booted 8 GiB
 * machine with page contents: anonymous first-touch write faults over a 2 GiB mapping (storing
 * the byte 0, which leaves every page in the store's ZERO form, and storing 1, which materialises
 * a 4 KiB slot per page). TaskForkBench forks a task with 2 GiB resident; TaskSteadyBench has
 * the throughput benchmarks.
 * bench/host/hostbench.c runs the same workloads on the host kernel.
 */
package org.mmsim.bench;

import java.util.concurrent.TimeUnit;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.task.Exit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class TaskBench {
    static final long SIZE = 2L << 30;
    static final int PAGES = (int) (SIZE >>> 12);
    static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;

    private Kernel k;
    private Task task;
    private long base;
    private int nextPid = 100;

    @Setup(Level.Trial)
    public void boot() {
        k = Kernel.boot(MachineSpec.uniform(8L << 30, 2, 1), 1);
    }

    private Task newTask() {
        return Task.create(k.user, nextPid++, "bench", 0,
                new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false), TaskLimits.defaults());
    }

    /** A task with an empty 2 GiB anonymous mapping. */
    @Setup(Level.Invocation)
    public void mapped() {
        task = newTask();
        base = Mmap.mmap(task.mm(), task.limits(), 0, SIZE, RW, ANON, null, 0);
    }

    @TearDown(Level.Invocation)
    public void exitAll() {
        Exit.exit(task);
    }

    /** Every page of the 2 GiB mapping written (byte 0): PAGES first-touch faults. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    @OperationsPerInvocation(PAGES)
    public long firstTouchZero() {
        return task.touch(base, SIZE, Fault.WRITE, (byte) 0, null);
    }

    /** As firstTouchZero, storing 1: each page becomes a stored 4 KiB slot. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    @OperationsPerInvocation(PAGES)
    public long firstTouchOne() {
        return task.touch(base, SIZE, Fault.WRITE, (byte) 1, null);
    }
}
