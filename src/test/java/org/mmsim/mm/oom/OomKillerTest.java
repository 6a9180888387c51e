package org.mmsim.mm.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.sim.KernelPanic;
import org.mmsim.sim.Printk;
import org.mmsim.task.Task;

/** The OOM killer on a small machine: who dies, what is logged, and the sysctls that change it. */
class OomKillerTest {
    private static final long MB = 1L << 20;

    private static Kernel boot() {
        return Kernel.boot(MachineSpec.uniform(256 * MB, 1, 1), 0);
    }

    /** The task maps len bytes of private anonymous memory and writes every page, as the current task. */
    private static long fill(Kernel k, Task t, long len) {
        long a = Mmap.mmap(t.mm(), t.limits(), 0, len, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        k.setCurrentTask(t);
        t.touch(a, len, Fault.WRITE);
        k.setCurrentTask(null);
        return a;
    }

    private static List<String> log(Kernel k) {
        return k.printk.records().stream().map(Printk.Record::text).collect(Collectors.toList());
    }

    @Test
    void theLargestTaskDiesWithLinuxsReportAndItsMemoryComesBack() {
        Kernel k = boot();
        Task small = k.processes.spawn("small", 0);
        Task big = k.processes.spawn("big", 0);
        Task hog = k.processes.spawn("hog", 0);
        long hogExecPages = hog.rssPages(); // what exec touched: the data page's tail and the stack
        fill(k, small, 16 * MB);
        fill(k, big, 120 * MB);
        fill(k, hog, 120 * MB);
        assertNull(k.processes.byPid(big.pid), "big had the most rss when hog ran out");
        assertSame(hog, k.processes.byPid(hog.pid));
        assertSame(small, k.processes.byPid(small.pid));
        assertEquals(hogExecPages + 120 * MB / 4096, hog.rssPages(), "hog's faults all succeeded after the kill");
        assertEquals(1, k.vmEvents[VmEvent.OOM_KILL]);
        List<String> log = log(k);
        assertTrue(log.contains("hog invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO), order=0, "
                + "oom_score_adj=0"), log::toString);
        assertTrue(log.contains("Mem-Info:"));
        assertTrue(log.contains("Tasks state (memory values in pages):"));
        assertTrue(log.contains("[  pid  ]   uid  tgid total_vm      rss rss_anon rss_file rss_shmem pgtables_bytes "
                + "swapents oom_score_adj name"));
        assertTrue(log.stream().anyMatch(Pattern.compile(
                // 120M plus exec's image: 213 pages of VM, 3 touched (the data page's tail and the stack)
                "\\[   1001\\]     0  1001    30933    30723    30723        0         0 +\\d+        0             0 big")
                .asMatchPredicate()), log::toString);
        assertTrue(log.contains("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                + "task_memcg=/,task=big,pid=1001,uid=0"));
        assertTrue(log.stream().anyMatch(Pattern.compile("Out of memory: Killed process 1001 \\(big\\) total-vm:123732kB, "
                + "anon-rss:122892kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:\\d+kB oom_score_adj:0")
                .asMatchPredicate()), log::toString);
        assertTrue(log.contains("oom_reaper: reaped process 1001 (big), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"));
        assertEquals(List.of(big), k.processes.takeOomKilled());
    }

    @Test
    void anUnkillableTaskIsSkippedAndTheNextOneDies() {
        Kernel k = boot();
        Task small = k.processes.spawn("small", 0);
        Task big = k.processes.spawn("big", 0);
        Task hog = k.processes.spawn("hog", 0);
        fill(k, small, 16 * MB);
        fill(k, big, 120 * MB);
        big.setOomScoreAdj(OomKiller.OOM_SCORE_ADJ_MIN);
        assertEquals(0, OomKiller.oomScore(big, k.oomKiller.totalPages()));
        fill(k, hog, 120 * MB);
        assertSame(big, k.processes.byPid(big.pid));
        assertTrue(hog.isOomVictim() || k.processes.byPid(small.pid) == null);
        // hog (about 100 MiB when memory ran out) outscored small (16 MiB): hog killed itself.
        assertTrue(hog.isOomVictim(), "the allocating task was the largest killable one");
        assertFalse(small.isOomVictim());
        assertTrue(log(k).contains("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
                + "global_oom,task_memcg=/,task=hog,pid=1002,uid=0"));
    }

    @Test
    void oomScoreAdjSteersTheChoice() {
        Kernel k = boot();
        Task small = k.processes.spawn("small", 0);
        Task hog = k.processes.spawn("hog", 0);
        fill(k, small, 8 * MB);
        small.setOomScoreAdj(1000);
        Task child = k.processes.fork(small);
        assertEquals(1000, child.oomScoreAdj(), "fork copies oom_score_adj");
        k.processes.exit(child);
        fill(k, hog, 210 * MB);
        assertNull(k.processes.byPid(small.pid), "oom_score_adj 1000 (all of memory) outweighs hog's rss");
        String firstKill = log(k).stream().filter(l -> l.startsWith("Out of memory: Killed")).findFirst().orElseThrow();
        assertTrue(firstKill.startsWith("Out of memory: Killed process 1000 (small)"), firstKill);
        assertTrue(firstKill.endsWith("oom_score_adj:1000"), firstKill);
    }

    @Test
    void oomKillAllocatingTaskKillsTheCaller() {
        Kernel k = boot();
        Task big = k.processes.spawn("big", 0);
        Task hog = k.processes.spawn("hog", 0);
        fill(k, big, 150 * MB);
        k.sysctl.get("vm.oom_kill_allocating_task").write("1");
        fill(k, hog, 150 * MB);
        assertTrue(hog.isOomVictim());
        assertFalse(big.isOomVictim());
        assertTrue(log(k).stream().anyMatch(l -> l.startsWith("Out of memory (oom_kill_allocating_task): Killed process "
                + hog.pid + " (hog)")));
        assertEquals(Fault.OOM, hog.lastResult(), "the access loop stops once the caller is chosen");
    }

    @Test
    void panicOnOomStopsTheMachine() {
        Kernel k = boot();
        Task hog = k.processes.spawn("hog", 0);
        k.sysctl.get("vm.panic_on_oom").write("1");
        KernelPanic p = assertThrows(KernelPanic.class, () -> fill(k, hog, 210 * MB));
        assertEquals("Out of memory: system-wide panic_on_oom is enabled", p.getMessage());
        List<String> log = log(k);
        assertTrue(log.contains("Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled"));
        assertEquals("---[ end Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled ]---",
                log.get(log.size() - 1));
    }

    @Test
    void withNothingKillableTheKernelPanics() {
        Kernel k = boot();
        Task hog = k.processes.spawn("hog", 0);
        hog.setOomScoreAdj(OomKiller.OOM_SCORE_ADJ_MIN);
        KernelPanic p = assertThrows(KernelPanic.class, () -> fill(k, hog, 210 * MB));
        assertEquals("System is deadlocked on memory", p.getMessage());
        assertTrue(log(k).contains("Out of memory and no killable processes..."));
    }

    @Test
    void kernelApiAllocationsFailWithoutTheOomKiller() {
        Kernel k = boot();
        Task big = k.processes.spawn("big", 0);
        fill(k, big, 150 * MB);
        int pages = 0;
        while (k.api.allocPages(org.mmsim.mm.buddy.Gfp.GFP_KERNEL | org.mmsim.mm.buddy.Gfp.__GFP_NOWARN, 0, 0) >= 0) {
            pages++;
        }
        assertTrue(pages > 0);
        assertEquals(0, k.vmEvents[VmEvent.OOM_KILL], "no task context, no OOM kill");
    }
}
