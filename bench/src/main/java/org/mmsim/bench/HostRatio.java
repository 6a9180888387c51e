/*
 * Issue 3's host comparison in one run, without JMH: compiles bench/host/hostbench.c with the
 * system's cc, then for each workload alternates rounds on the host kernel (one hostbench process
 * per round) and in mmsim (TaskBench's, TaskForkBench's and TaskSteadyBench's workloads on a booted
 * 8 GiB machine, timed with System.nanoTime after warm-up rounds), and prints the median of each
 * side and their ratio:
 *   first-touch  map 2 GiB private anonymous, write one byte per page (M faults/s; mmsim stores 0)
 *   fork         fork of a process with 2 GiB resident (ms in the parent)
 *   mmap-munmap  mmap + munmap of one 4 KiB anonymous page (M pairs/s)
 *               (as TaskSteadyBench: the task also has a resident 64-page mapping the new page merges with)
 * Run from the repository root:
 *   java -Xmx8g -cp bench/target/benchmarks.jar org.mmsim.bench.HostRatio [rounds [workload...]]
 */
package org.mmsim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.task.Exit;
import org.mmsim.task.Fork;
import org.mmsim.task.Task;

public final class HostRatio {
    private static final long SIZE = 2L << 30;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    private static final int PAIRS = 2_000_000;
    private static final int WARMUP = 3;

    private final Kernel k = Kernel.boot(MachineSpec.uniform(8L << 30, 2, 1), 1);
    private final Path hostbench;
    private int nextPid = 100;

    private HostRatio(Path hostbench) {
        this.hostbench = hostbench;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path src = Path.of(System.getProperty("hostbench.src", "bench/host/hostbench.c"));
        Path bin = Files.createTempFile("hostbench", "");
        try {
            run("cc", "-O2", "-o", bin.toString(), src.toString());
            HostRatio r = new HostRatio(bin);
            java.util.List<String> only = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
            if (only.isEmpty() || only.contains("first-touch")) {
                r.compare("first-touch", "M faults/s", rounds, true);
            }
            if (only.isEmpty() || only.contains("fork")) {
                r.compare("fork", "ms", rounds, false);
            }
            if (only.isEmpty() || only.contains("mmap-munmap")) {
                r.compare("mmap-munmap", "M pairs/s", rounds, true);
            }
        } finally {
            Files.deleteIfExists(bin);
        }
    }

    /** Alternating host and mmsim rounds of one workload; higherIsBetter for rates, false for times. */
    private void compare(String workload, String unit, int rounds, boolean higherIsBetter) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            mmsim(workload);
        }
        double[] host = new double[rounds];
        double[] sim = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            host[i] = Double.parseDouble(run(hostbench.toString(), workload).trim());
            sim[i] = mmsim(workload);
        }
        double h = median(host);
        double s = median(sim);
        System.out.printf("%-12s host %9.3f %-10s mmsim %9.3f %-10s mmsim/host %6.1fx   (host %s; mmsim %s)%n",
                workload, h, unit, s, unit, higherIsBetter ? s / h : h / s, fmt(host), fmt(sim));
    }

    private double mmsim(String workload) {
        switch (workload) {
            case "first-touch": {
                Task t = newTask();
                long base = Mmap.mmap(t.mm(), t.limits(), 0, SIZE, RW, ANON, null, 0);
                long f0 = t.faults.minflt;
                long t0 = System.nanoTime();
                long failed = t.touch(base, SIZE, Fault.WRITE, (byte) 0, null);
                long ns = System.nanoTime() - t0;
                check(failed == -1, "first touch failed");
                long faults = t.faults.minflt - f0;
                Exit.exit(t);
                return faults * 1e3 / ns;
            }
            case "fork": {
                Task t = newTask();
                long base = Mmap.mmap(t.mm(), t.limits(), 0, SIZE, RW, ANON, null, 0);
                check(t.touch(base, SIZE, Fault.WRITE, (byte) 0, null) == -1, "populating failed");
                long t0 = System.nanoTime();
                Task child = Fork.fork(t, nextPid++);
                long ns = System.nanoTime() - t0;
                Exit.exit(child);
                Exit.exit(t);
                return ns / 1e6;
            }
            case "mmap-munmap": {
                Task t = newTask();
                long hot = Mmap.mmap(t.mm(), t.limits(), 0, 64 * 4096L, RW, ANON, null, 0);
                t.touch(hot, 64 * 4096L, Fault.WRITE, (byte) 7, null);
                long t0 = System.nanoTime();
                for (int i = 0; i < PAIRS; i++) {
                    long a = Mmap.mmap(t.mm(), t.limits(), 0, 4096, RW, ANON, null, 0);
                    Munmap.munmap(t.mm(), a, 4096);
                }
                long ns = System.nanoTime() - t0;
                Exit.exit(t);
                return PAIRS * 1e3 / ns;
            }
            default:
                throw new IllegalArgumentException(workload);
        }
    }

    private Task newTask() {
        return Task.create(k.user, nextPid++, "bench", 0,
                new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false), TaskLimits.defaults());
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%.3f", x));
        }
        return sb.toString();
    }

    /** Runs a command, returning its standard output; fails on a non-zero exit. */
    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue());
        }
        return out;
    }
}
