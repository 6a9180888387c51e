/*
 * JMH benchmark of a cold sequential read through readahead (mm/readahead.c, the block layer's
 * cost model): 1 GiB of a file whose pages were dropped, read on a 2 GiB machine from an NVMe
 * disk (3.2 GB/s), a SATA SSD (550 MB/s) or a hard disk (200 MB/s). Prints the simulated time the
 * reads took against the wall time (the ratio the target is about) and against the thread's CPU
 * time (the same ratio on an unshared CPU), over the measured iterations.
 */
package org.mmsim.bench;

import java.util.concurrent.TimeUnit;
import org.mmsim.block.DiskModel;
import org.mmsim.fs.Vfs;
import org.mmsim.kernel.Kernel;
import org.mmsim.task.Task;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
public class PageCacheColdBench {
    static final long SIZE = 1L << 30;

    @Param({"nvme", "sata-ssd", "hdd"})
    public String disk;

    private Kernel k;
    private Vfs vfs;
    private Task task;
    private int fd;
    private long simulatedNs;
    private long wallNs;
    private long cpuNs;
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    @Setup(Level.Trial)
    public void boot() {
        WrittenFile f = WrittenFile.boot(2L << 30, DiskModel.byKey(disk), SIZE);
        k = f.k();
        vfs = k.vfs;
        task = f.task();
        fd = f.fd();
    }

    /** Whether the iteration under way is measured (the report leaves warm-up out). */
    private boolean measuring;

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
    }

    /** Before each run the file's clean pages are dropped, so the read goes to the disk. */
    @Setup(Level.Invocation)
    public void drop() {
        vfs.dropCaches(1);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 10)
    @Measurement(iterations = 5)
    public long coldSequentialRead() {
        long sim0 = k.clock.nanos();
        long wall0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long n = vfs.read(task.files, fd, 0, SIZE, null);
        long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
        long wall = System.nanoTime() - wall0;
        if (measuring) {
            cpuNs += cpu;
            wallNs += wall;
            simulatedNs += k.clock.nanos() - sim0;
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf("%n%s cold read: simulated %.3f s, wall %.3f s (x%.0f), thread CPU %.3f s (x%.0f)%n", disk,
                simulatedNs / 1e9, wallNs / 1e9, (double) simulatedNs / wallNs, cpuNs / 1e9,
                (double) simulatedNs / cpuNs);
    }
}
