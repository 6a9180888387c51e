/*
 * JMH benchmark of fork() (org.mmsim.task.Fork: dup_mmap, copy_page_range, the parent's TLB flush)
 * of a task whose 2 GiB private anonymous mapping is resident, on a booted 8 GiB machine; the
 * mapping is populated and the child exits outside the timing. bench/host/hostbench.c forks the
 * same on the host kernel.
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class TaskForkBench {
    private static final long SIZE = 2L << 30;
    private Kernel k;
    private Task parent;
    private Task child;
    private int nextPid = 100;

    @Setup(Level.Trial)
    public void boot() {
        k = Kernel.boot(MachineSpec.uniform(8L << 30, 2, 1), 1);
    }

    @Setup(Level.Invocation)
    public void resident() {
        parent = Task.create(k.user, nextPid++, "bench", 0,
                new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false), TaskLimits.defaults());
        long base = Mmap.mmap(parent.mm(), parent.limits(), 0, SIZE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        if (parent.touch(base, SIZE, Fault.WRITE, (byte) 0, null) != -1 || parent.rssPages() != SIZE >>> 12) {
            throw new IllegalStateException("2 GiB not resident: " + parent.rssPages() + " pages");
        }
    }

    @TearDown(Level.Invocation)
    public void exitBoth() {
        Exit.exit(child);
        Exit.exit(parent);
    }

    @Benchmark
    public Task fork2GiB() {
        child = org.mmsim.task.Fork.fork(parent, nextPid++);
        return child;
    }
}
