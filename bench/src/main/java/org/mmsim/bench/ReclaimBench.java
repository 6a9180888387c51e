/*
 * JMH benchmarks of memory pressure (org.mmsim.mm.vmscan, org.mmsim.mm.swap): a thrashing
 * workload, an anonymous working set twice RAM swept by one task on a 1 GiB machine with 2 GiB of
 * swap, where nearly every access is a swap-in major fault and every allocation reclaims (kswapd
 * and direct reclaim writing to swap); and the LRU scan path alone, shrink_inactive_list over
 * 128 Ki anonymous pages whose accessed bits are set, so each page is isolated, checked through
 * the rmap and put back.
 */
package org.mmsim.bench;

import java.util.concurrent.TimeUnit;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vmstat.NodeStat;
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
// The heap on transparent huge pages, as the mmsim launcher runs it where the host allows: the
// thrash's gigabytes of page payloads are otherwise a host TLB miss per page touched.
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "-XX:+UseTransparentHugePages"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReclaimBench {
    static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    static final long WORKING_SET = 2L << 30;
    static final int SWEEP_PAGES = 4096;
    static final int SCAN_PAGES = 128 << 10;

    /** The thrashing machine: 1 GiB RAM, 2 GiB swap, a 2 GiB mapping written once. */
    @State(Scope.Thread)
    public static class Thrash {
        Kernel k;
        Task task;
        long base;
        long cursor;

        @Setup(Level.Trial)
        public void boot() {
            k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
            k.user.swapCache.swapFile.mkswap("/dev/vdb", 2L << 30);
            k.user.swapCache.swapFile.swapon("/dev/vdb", Integer.MIN_VALUE);
            task = k.processes.spawn("thrash", 0);
            base = Mmap.mmap(task.mm(), task.limits(), 0, WORKING_SET, RW, ANON, null, 0);
            task.touch(base, WORKING_SET, Fault.WRITE, (byte) 1, null);
        }
    }

    /** Sweeps the next SWEEP_PAGES pages of the working set, writing each (almost all swap-in faults). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(SWEEP_PAGES)
    public long thrashFaults(Thrash s) {
        long from = s.base + s.cursor;
        if (s.task.touch(from, (long) SWEEP_PAGES << 12, Fault.WRITE, (byte) 2, null) != -1) {
            throw new IllegalStateException("thrash sweep failed: " + s.task.lastResult());
        }
        s.cursor = (s.cursor + ((long) SWEEP_PAGES << 12)) % WORKING_SET;
        return s.task.faults.majflt;
    }

    /** 128 Ki anonymous pages on a 1 GiB machine with swap, all recently used. */
    @State(Scope.Thread)
    public static class Scan {
        Kernel k;
        Task task;
        long base;

        @Setup(Level.Trial)
        public void boot() {
            k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
            k.user.swapCache.swapFile.mkswap("/dev/vdb", 1L << 30);
            k.user.swapCache.swapFile.swapon("/dev/vdb", Integer.MIN_VALUE);
            task = k.processes.spawn("scan", 0);
            base = Mmap.mmap(task.mm(), task.limits(), 0, (long) SCAN_PAGES << 12, RW, ANON, null, 0);
            task.touch(base, (long) SCAN_PAGES << 12, Fault.WRITE, (byte) 1, null);
            k.user.lru.drainAll();
        }

        /**
         * Every page used again (the MMU sets each accessed bit on its next walk) and its
         * PG_referenced cleared, so the scan keeps it inactive rather than activating it.
         */
        @Setup(Level.Invocation)
        public void reference() {
            k.tlb.flushTlbMmRange(0, task.pageTable().context(), 0, Tlb.TLB_FLUSH_ALL, Tlb.PAGE_SHIFT, false);
            task.touch(base, (long) SCAN_PAGES << 12, Fault.READ);
            for (int p = 0; p < SCAN_PAGES; p++) {
                int pfn = Pte.pfn(task.pageTable().pte(base + ((long) p << 12)));
                k.zones.memMap.flags[pfn] &= ~PageFlags.PG_REFERENCED;
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @OperationsPerInvocation(SCAN_PAGES)
    public long lruScanReferenced(Scan s) {
        long reclaimed = s.k.vmscan.scanInactive(0, false, SCAN_PAGES);
        // the task's few other anonymous pages (not referenced again) may go on the first scan
        if (s.k.zones.node(0).stats[NodeStat.NR_INACTIVE_ANON] < SCAN_PAGES) {
            throw new IllegalStateException("the scan reclaimed " + reclaimed + " pages");
        }
        return reclaimed;
    }
}
