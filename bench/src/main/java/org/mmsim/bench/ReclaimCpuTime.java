/*
 * ReclaimBench's two workloads timed by the benchmark thread's CPU time (ThreadMXBean) instead of the
 * wall clock, for a shared, loaded machine: full 2 GiB sweeps of the thrash (ns per page, the first
 * sweep apart) and repeated 128 Ki-page scans of the LRU (ns per page, each round's best of 10).
 *
 *     java -Xmx6g -cp bench/target/benchmarks.jar org.mmsim.bench.ReclaimCpuTime [SWEEPS] [SCAN_ROUNDS]
 */
package org.mmsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

public final class ReclaimCpuTime {
    private ReclaimCpuTime() {
    }

    public static void main(String[] args) {
        int sweeps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int scanRounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        ReclaimBench bench = new ReclaimBench();
        if (sweeps > 0) {
            ReclaimBench.Thrash thrash = new ReclaimBench.Thrash();
            thrash.boot();
            int perSweep = (int) (ReclaimBench.WORKING_SET >>> 12) / ReclaimBench.SWEEP_PAGES;
            for (int sweep = 0; sweep < sweeps; sweep++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < perSweep; i++) {
                    bench.thrashFaults(thrash);
                }
                long ns = mx.getCurrentThreadCpuTime() - t0;
                double perPage = (double) ns / (ReclaimBench.WORKING_SET >>> 12);
                System.out.printf("thrash sweep %d  %.0f ns/page CPU  (%.2f M faults/s)%n",
                        sweep, perPage, 1e3 / perPage);
            }
        }
        if (scanRounds > 0) {
            ReclaimBench.Scan scan = new ReclaimBench.Scan();
            scan.boot();
            for (int round = 0; round < scanRounds; round++) {
                long best = Long.MAX_VALUE;
                for (int i = 0; i < 10; i++) {
                    scan.reference();
                    long t0 = mx.getCurrentThreadCpuTime();
                    bench.lruScanReferenced(scan);
                    best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
                }
                double perPage = (double) best / ReclaimBench.SCAN_PAGES;
                System.out.printf("scan round %d  %.1f ns/page CPU  (%.1f M pages/s)%n",
                        round, perPage, 1e3 / perPage);
            }
        }
    }
}
