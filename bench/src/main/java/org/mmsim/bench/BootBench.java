/*
 * JMH benchmark of booting a 1 TiB, 2-CPU, 1-node machine (kernel.Kernel.boot: mm/mm_init.c layout,
 * memblock reservations, memblock_free_all into the buddy, watermarks), single shot in an 8 GiB heap.
 * By default every measurement is a cold boot in a fresh JVM (no warmup, one iteration per fork), as a
 * user of the CLI sees it; "-wi 1 -i 5 -f 1" measures warm boots instead. The 6 GiB frame table is
 * first-touched during boot, so host page faults weigh heavily: boot1TiB runs with
 * -XX:+UseTransparentHugePages, boot1TiBSmallPages without, to show the difference.
 * After each boot it prints the host heap the booted machine holds, measured with MemoryMXBean after
 * a full GC, per simulated frame, next to the frame table's static cost.
 */
package org.mmsim.bench;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.zone.Zones;
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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.TimeUnit;

@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class BootBench {
    private static final long TIB = 1L << 40;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private long heapBefore;
    private Kernel kernel;

    @Setup(Level.Iteration)
    public void before() {
        kernel = null;
        heapBefore = heapAfterGc();
    }

    @Benchmark
    @Fork(value = 5, jvmArgsAppend = {"-Xmx8g", "-XX:+UseTransparentHugePages"})
    public Kernel boot1TiB() {
        kernel = Kernel.boot(MachineSpec.uniform(TIB, 2, 1), 0);
        return kernel;
    }

    @Benchmark
    @Fork(value = 5, jvmArgsAppend = {"-Xmx8g"})
    public Kernel boot1TiBSmallPages() {
        kernel = Kernel.boot(MachineSpec.uniform(TIB, 2, 1), 0);
        return kernel;
    }

    @TearDown(Level.Iteration)
    public void after() {
        long used = heapAfterGc() - heapBefore;
        long frames = kernel.zones.memMap.nrFrames;
        double pageblockBytes = 2.0 / Zones.PAGEBLOCK_NR_PAGES;
        System.out.printf("%n  frames %d, static %d + %.4f (pageblock arrays) B/frame, measured heap %d MiB"
                        + " = %.3f B/frame%n", frames, MemMap.HOST_BYTES_PER_FRAME, pageblockBytes, used >> 20,
                (double) used / frames);
        kernel = null;
    }

    private long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
