/*
 * JMH benchmark of the page cache (org.mmsim.mm.filemap through fs.Vfs) on an 8 GiB machine with
 * an NVMe disk: a buffered sequential read of a 4 GiB file that is wholly cached.
 * PageCacheColdBench reads from the disk.
 */
package org.mmsim.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mmsim.block.DiskModel;
import org.mmsim.block.Disks;
import org.mmsim.fs.OpenFlags;
import org.mmsim.fs.Vfs;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
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
        MachineSpec base = MachineSpec.uniform(8L << 30, 2, 1);
        k = Kernel.boot(new MachineSpec(base.nodeMemory, 2, base.distance, 0, 0, "madvise", 4,
                List.of(new Disks.Spec(DiskModel.NVME, 16L << 30))), 1);
        vfs = k.vfs;
        task = k.processes.spawn("bench", 0);
        fd = vfs.open(task.files, "/tmp/data", OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        vfs.write(task.files, fd, 0, CACHED, null, (byte) 1);
        vfs.fsync(task.files, fd, false);
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
