/*
 * TaskBench.firstTouchZero timed by the benchmark thread's CPU time (ThreadMXBean) instead of the
 * wall clock: on a shared, loaded machine the CPU time per fault disturbs far less than JMH's
 * wall-clock figures. Prints ns/fault for each round after the warm-up rounds.
 *
 *     java -Xmx8g -cp bench/target/benchmarks.jar org.mmsim.bench.FaultCpuTime [ROUNDS]
 */
package org.mmsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.task.Exit;
import org.mmsim.task.Task;

public final class FaultCpuTime {
    private static final int WARMUP = 3;

    private FaultCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Kernel k = Kernel.boot(MachineSpec.uniform(8L << 30, 2, 1), 1);
        int pid = 100;
        for (int round = 0; round < WARMUP + rounds; round++) {
            Task task = Task.create(k.user, pid++, "bench", 0,
                    new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false), TaskLimits.defaults());
            long base = Mmap.mmap(task.mm(), task.limits(), 0, TaskBench.SIZE, TaskBench.RW, TaskBench.ANON, null, 0);
            long t0 = mx.getCurrentThreadCpuTime();
            long failed = task.touch(base, TaskBench.SIZE, Fault.WRITE, (byte) 0, null);
            long ns = mx.getCurrentThreadCpuTime() - t0;
            Exit.exit(task);
            if (failed != -1) {
                throw new IllegalStateException("touch failed at " + Long.toHexString(failed));
            }
            if (round >= WARMUP) {
                System.out.printf("first-touch  %.1f ns/fault CPU  (%.2f M faults/s)%n",
                        (double) ns / TaskBench.PAGES, TaskBench.PAGES * 1e3 / ns);
            }
        }
    }
}
