/*
 * Rendering /proc/PID/smaps of a task with 10,000 VMAs (issue 6's target: under 100 ms), each a
 * one-page anonymous mapping touched once, neighbours alternating read-only and read-write so that
 * none merge. Reads go through ProcFs, as cat and the export do.
 */
package org.mmsim.bench;

import java.util.concurrent.TimeUnit;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.procfs.ProcFs;
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
import org.openjdk.jmh.annotations.Warmup;

@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SmapsBench {
    static final int VMAS = 10_000;
    private ProcFs procfs;
    private String path;

    @Setup(Level.Trial)
    public void setUp() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
        Task t = k.processes.spawn("many", 0);
        for (int i = 0; i < VMAS; i++) {
            int prot = i % 2 == 0 ? Mman.PROT_READ | Mman.PROT_WRITE : Mman.PROT_READ;
            long a = Mmap.mmap(t.mm(), t.limits(), 0, 4096, prot, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
            t.touch(a, 4096, Fault.READ, (byte) 0, null);
        }
        procfs = new ProcFs(k);
        path = "/proc/" + t.pid + "/smaps";
        if (!procfs.read(path).contains("Size:")) {
            throw new IllegalStateException("no smaps");
        }
    }

    /** One full render of the 10,000-VMA smaps. */
    @Benchmark
    public int smaps10kVmas() {
        return procfs.read(path).length();
    }
}
