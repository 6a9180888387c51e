/*
 * TaskBench.firstTouchZero timed by the benchmark thread's CPU time (ThreadMXBean) instead of the
 * wall clock: on a shared, loaded machine the CPU time per fault disturbs far less than JMH's
 * wall-clock figures. Prints ns/fault for each round after the warm-up rounds.
 *
 *     java -Xmx8g -cp bench/target/benchmarks.jar org.mmsim.bench.FaultCpuTime [ROUNDS] [parts]
 *
 * With "parts", each round also runs the same faults taken apart, each on a fresh mapping:
 *   alloc        the page allocations alone (alloc_pages(GFP_HIGHUSER_MOVABLE | __GFP_ZERO, 0))
 *   fault        Fault.userFault alone, no MMU (do_user_addr_fault to the installed PTE)
 *   miss+fault   the faulting translation (L1 and STLB probes, the walk to the empty PTE), then the fault
 *   +retry       and the retried translation (its walk and the STLB and L1 fills)
 *   touch        the whole Task.touch: since the firsttouch branch, runs of first-touch faults handled
 *                at once (AnonFaultRun), so the other lines no longer add up to it
 * so the differences between lines say where a fault's time goes.
 */
package org.mmsim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.mmu.Pte;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.task.Exit;
import org.mmsim.task.Task;

public final class FaultCpuTime {
    private static final int WARMUP = 3;
    private static final int USER_WRITE = Pte.PF_USER | Pte.PF_WRITE;
    private static final String[] PARTS = {"alloc", "fault", "miss+fault", "+retry", "touch"};

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final Kernel k = Kernel.boot(MachineSpec.uniform(8L << 30, 2, 1), 1);
    private int pid = 100;

    private FaultCpuTime() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean parts = args.length > 1 && args[1].equals("parts");
        FaultCpuTime b = new FaultCpuTime();
        for (int round = 0; round < WARMUP + rounds; round++) {
            if (parts) {
                StringBuilder line = new StringBuilder();
                for (int part = 0; part < PARTS.length; part++) {
                    line.append(String.format("%s %.1f  ", PARTS[part], b.run(part)));
                }
                if (round >= WARMUP) {
                    System.out.println(line.toString().trim() + "  (ns/page CPU)");
                }
                continue;
            }
            double ns = b.run(PARTS.length - 1);
            if (round >= WARMUP) {
                System.out.printf("first-touch  %.1f ns/fault CPU  (%.2f M faults/s)%n", ns, 1e3 / ns);
            }
        }
    }

    /** One round of part {@code part} (an index in PARTS) over TaskBench.SIZE: CPU ns per page. */
    private double run(int part) {
        Task task = Task.create(k.user, pid++, "bench", 0,
                new MmapLayout.Bases(0x7f0000000000L, 0x2aaaaaaab000L, false), TaskLimits.defaults());
        long base = Mmap.mmap(task.mm(), task.limits(), 0, TaskBench.SIZE, TaskBench.RW, TaskBench.ANON, null, 0);
        UserMemory um = k.user;
        int[] pfns = part == 0 ? new int[TaskBench.PAGES] : null;
        if (part == 2 || part == 3) {
            um.tlb.switchMm(um.cpu(), task.pageTable().context());
        }
        long t0 = mx.getCurrentThreadCpuTime();
        switch (part) {
            case 0:
                for (int i = 0; i < pfns.length; i++) {
                    pfns[i] = um.alloc.allocPages(Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_ZERO, 0, 0);
                }
                break;
            case 1:
            case 2:
            case 3:
                for (long a = base; a < base + TaskBench.SIZE; a += 4096) {
                    if (part > 1) {
                        um.mmu.translate(um.cpu(), a, USER_WRITE);
                    }
                    Fault.userFault(um, task.mm(), task.pageTable(), task.limits(), task.faults, a, Fault.WRITE);
                    if (part == 3) {
                        um.mmu.translateAfterFault(um.cpu(), a, USER_WRITE);
                    }
                }
                break;
            default:
                if (task.touch(base, TaskBench.SIZE, Fault.WRITE, (byte) 0, null) != -1) {
                    throw new IllegalStateException("touch failed");
                }
        }
        long ns = mx.getCurrentThreadCpuTime() - t0;
        if (pfns != null) {
            for (int pfn : pfns) {
                um.alloc.freePages(pfn, 0);
            }
        }
        Exit.exit(task);
        return (double) ns / TaskBench.PAGES;
    }
}
