/*
 * PageCacheColdBench's and PageCacheBench's workloads timed by the benchmark thread's CPU time
 * (ThreadMXBean) beside the wall clock, outside JMH: for each disk a 1 GiB cold read (the file's
 * pages dropped before every round) with the simulated time it took, then the cached 4 GiB read.
 * Prints one line per round after the warm-up rounds.
 *
 *     java -Xmx6g -cp bench/target/benchmarks.jar org.mmsim.bench.ReadCpuTime [ROUNDS [DISK...|cached]]
 */
package org.mmsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import org.mmsim.block.DiskModel;
import org.mmsim.fs.Vfs;
import org.mmsim.kernel.Kernel;
import org.mmsim.task.Task;

public final class ReadCpuTime {
    private static final int WARMUP = 3;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ReadCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> what = args.length > 1 ? Arrays.asList(args).subList(1, args.length)
                : List.of("nvme", "sata-ssd", "hdd", "cached");
        for (String w : what) {
            if (w.equals("cached")) {
                cached(rounds);
            } else {
                cold(w, rounds);
            }
        }
    }

    private static void cold(String disk, int rounds) {
        long size = PageCacheColdBench.SIZE;
        WrittenFile f = WrittenFile.boot(2L << 30, DiskModel.byKey(disk), size);
        Kernel k = f.k();
        Vfs vfs = k.vfs;
        Task task = f.task();
        int fd = f.fd();
        for (int round = 0; round < WARMUP + rounds; round++) {
            vfs.dropCaches(1);
            long sim0 = k.clock.nanos();
            long wall0 = System.nanoTime();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            vfs.read(task.files, fd, 0, size, null);
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            long sim = k.clock.nanos() - sim0;
            if (round >= WARMUP) {
                System.out.printf("%-8s cold  simulated %.3f s  wall %.3f s (x%.0f)  CPU %.3f s (x%.0f)  %.1f ns/page CPU%n",
                        disk, sim / 1e9, wall / 1e9, (double) sim / wall, cpu / 1e9, (double) sim / cpu,
                        (double) cpu / (size >>> 12));
            }
        }
    }

    private static void cached(int rounds) {
        long size = PageCacheBench.CACHED;
        WrittenFile f = WrittenFile.boot(8L << 30, DiskModel.NVME, size);
        Vfs vfs = f.k().vfs;
        Task task = f.task();
        int fd = f.fd();
        for (int round = 0; round < WARMUP + rounds; round++) {
            long wall0 = System.nanoTime();
            long cpu0 = THREADS.getCurrentThreadCpuTime();
            vfs.read(task.files, fd, 0, size, null);
            long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            if (round >= WARMUP) {
                System.out.printf("cached   4 GiB  %.1f ns/page CPU (%.1f M pages/s)  %.1f ns/page wall%n",
                        (double) cpu / (size >>> 12), (size >>> 12) * 1e3 / cpu, (double) wall / (size >>> 12));
            }
        }
    }
}
