/*
 * The process table (kernel/pid.c alloc_pid, kernel/fork.c, kernel/exit.c as the memory layers see
 * them): pids handed out in increasing order, each task's address space laid out by
 * arch_pick_mmap_layout() with kernel.randomize_va_space and a seeded random stream (the program
 * break too, as exec leaves it for an empty program), fork and exit.
 * Lookup by pid or by the name a scenario gave the task. Left out: pid reuse after wrap-around,
 * namespaces, threads (one task per mm), reaping by a parent (an exited task leaves the table).
 */
package org.mmsim.kernel;

import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Exit;
import org.mmsim.task.Fork;
import org.mmsim.task.Task;

import java.util.Collection;
import java.util.Collections;
import java.util.SplittableRandom;
import java.util.TreeMap;

public final class Processes {
    /** The first pid a scenario's task gets: lower pids are init's and the kernel threads' on a real boot. */
    public static final int FIRST_USER_PID = 1000;
    /** arch/x86/include/asm/elf.h ELF_ET_DYN_BASE (2/3 of the 47-bit user space), page-aligned. */
    static final long ELF_ET_DYN_BASE = 0x555555554000L;
    /** arch_randomize_brk(): randomize_page(brk, 32 MiB) on 64-bit. */
    private static final long BRK_RANDOM_PAGES = (32L << 20) >> 12;

    private final Kernel k;
    private final TreeMap<Integer, Task> byPid = new TreeMap<>();
    private final SplittableRandom aslr;
    private final SplittableRandom brkRandom;
    private int randomizeVaSpace = 2;
    private int nextPid = FIRST_USER_PID;

    Processes(Kernel kernel) {
        this.k = kernel;
        this.aslr = kernel.random.stream("aslr");
        this.brkRandom = kernel.random.stream("brk");
        kernel.sysctl.registerInt("kernel.randomize_va_space", () -> randomizeVaSpace, 0, 2,
                v -> randomizeVaSpace = v);
    }

    /** A new task with an empty address space on node nid; ENOMEM when no page is left for its PGD. */
    public Task spawn(String comm, int nid) {
        TaskLimits limits = TaskLimits.defaults();
        MmapLayout.Bases bases = MmapLayout.pick(limits.rlimitStack, false, randomizeVaSpace, aslr);
        Task t = Task.create(k.user, nextPid, comm, nid, bases, limits);
        // load_elf_binary() puts the break after the program's bss; with no program loaded it is at
        // ELF_ET_DYN_BASE, moved by arch_randomize_brk() (up to 32 MiB) when randomize_va_space is 2.
        long brk = ELF_ET_DYN_BASE + (randomizeVaSpace > 1 ? brkRandom.nextLong(BRK_RANDOM_PAGES) << 12 : 0);
        t.mm().startBrk = brk;
        t.mm().brk = brk;
        t.startTimeNs = k.clock.nanos();
        byPid.put(nextPid++, t);
        return t;
    }

    /** fork(): the child gets the next pid and a copy-on-write copy of the parent's address space. */
    public Task fork(Task parent) {
        Task child = Fork.fork(parent, nextPid);
        child.startTimeNs = k.clock.nanos();
        byPid.put(nextPid++, child);
        return child;
    }

    /** exit(): the address space is torn down and the task leaves the table. */
    public void exit(Task t) {
        if (byPid.remove(t.pid) == null) {
            throw new KernelError(Errno.ESRCH);
        }
        Exit.exit(t);
        k.vfs.closeAll(t.files);
    }

    /** The live task with this pid, or null. */
    public Task byPid(int pid) {
        return byPid.get(pid);
    }

    /** Live tasks in pid order. */
    public Collection<Task> all() {
        return Collections.unmodifiableCollection(byPid.values());
    }

    public int randomizeVaSpace() {
        return randomizeVaSpace;
    }
}
