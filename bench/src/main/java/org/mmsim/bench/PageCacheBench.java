/*
 * JMH benchmark of the page cache (org.mmsim.mm.filemap through fs.Vfs) on an 8 GiB machine with
 * an NVMe disk: a buffered sequential read of a 4 GiB file that is wholly cached.
 * PageCacheColdBench reads from the disk.
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g"})
public class PageCacheBench {
    static final long CACHED = 4L << 30;

    private Kernel k;
    private Vfs vfs;
    private Task task;
    private int fd;

    @Setup(Level.Trial)
    public void boot() {
        WrittenFile f = WrittenFile.boot(8L << 30, DiskModel.NVME, CACHED);
        k = f.k();
        vfs = k.vfs;
        task = f.task();
        fd = f.fd();
    }

    /** Every page of the 4 GiB file read through filemap_read (no copy: the data stays put). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 3)
    @Measurement(iterations = 5)
    @OperationsPerInvocation((int) (CACHED >>> 12))
    public long cachedSequentialRead() {
        return vfs.read(task.files, fd, 0, CACHED, null);
    }
}
