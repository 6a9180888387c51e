/*
 * The process table (kernel/pid.c alloc_pid, kernel/fork.c, kernel/exit.c as the memory layers see
 * them): pids handed out in increasing order; a spawned task is what init's fork and an execve()
 * of its program give (Exec, with kernel.randomize_va_space and a seeded random stream), fork and
 * exit. Programs are files: one per path and image, cached in full when first executed (as a
 * program that has just been built or run is), so every task running it shares its page-cache pages.
 * Lookup by pid or by the name a scenario gave the task; kernel.pid_max bounds the pids handed out.
 * It is the OOM killer's task list: a task the killer makes exit is kept for takeOomKilled(), so the
 * shell can report its death. Left out: pid reuse after wrap-around (a full pid space refuses new
 * tasks with EAGAIN),
 * namespaces, threads (one task per mm), reaping by a parent (an exited task leaves the table),
 * environment variables (a spawned program gets argv = {path} and no environment).
 */
package org.mmsim.kernel;

import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.oom.OomKiller;
import org.mmsim.mm.oom.OomTask;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Exec;
import org.mmsim.task.Exit;
import org.mmsim.task.Fork;
import org.mmsim.task.ProgramImage;
import org.mmsim.task.Task;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

public final class Processes implements OomKiller.TaskList {
    /** The first pid a scenario's task gets: lower pids are init's and the kernel threads' on a real boot. */
    public static final int FIRST_USER_PID = 1000;
    /** Where a spawned task's program lives when the scenario names none: /usr/bin/NAME. */
    public static final String DEFAULT_PROGRAM_DIR = "/usr/bin/";
    /** Inode numbers of program files, clear of the small ones other files get. */
    private static final long FIRST_PROGRAM_INODE = 1_000_001;

    private record Program(VmFile file, ProgramImage image) {
    }
    /** include/linux/threads.h: the default pid_max, its per-CPU scaling and its 64-bit ceiling. */
    private static final int PID_MAX_DEFAULT = 0x8000, PIDS_PER_CPU_DEFAULT = 1024, PIDS_PER_CPU_MIN = 8,
            PID_MAX_LIMIT = 4 * 1024 * 1024, RESERVED_PIDS = 300;

    private final Kernel k;
    private final TreeMap<Integer, Task> byPid = new TreeMap<>();
    private final Map<String, Program> programs = new HashMap<>();
    private final SplittableRandom aslr;
    private int randomizeVaSpace = 2;
    private int nextPid = FIRST_USER_PID;
    private long nextInode = FIRST_PROGRAM_INODE;
    /** Tasks the OOM killer made exit, not yet collected by takeOomKilled(). */
    private final ArrayList<Task> oomKilled = new ArrayList<>();
    private int pidMax;
    private int maxMapCount = org.mmsim.mm.vma.MmStruct.DEFAULT_MAX_MAP_COUNT;

    Processes(Kernel kernel) {
        this.k = kernel;
        this.aslr = kernel.random.stream("aslr");
        kernel.sysctl.registerInt("kernel.randomize_va_space", () -> randomizeVaSpace, 0, 2,
                v -> randomizeVaSpace = v);
        // pid_idr_init(): PID_MAX_DEFAULT, raised to PIDS_PER_CPU_DEFAULT per possible CPU.
        pidMax = Math.max(PID_MAX_DEFAULT, PIDS_PER_CPU_DEFAULT * kernel.zones.nrCpus());
        int pidMaxMin = Math.max(RESERVED_PIDS + 1, PIDS_PER_CPU_MIN * kernel.zones.nrCpus());
        kernel.sysctl.registerInt("kernel.pid_max", () -> pidMax, pidMaxMin, PID_MAX_LIMIT, v -> pidMax = v);
        // sysctl_max_map_count is global in Linux, read at each mapping call: every live mm follows a write
        kernel.sysctl.registerInt("vm.max_map_count", () -> maxMapCount, 0, Integer.MAX_VALUE, v -> {
            maxMapCount = v;
            for (Task t : byPid.values()) {
                if (t.mm() != null) {
                    t.mm().setMaxMapCount(v);
                }
            }
        });
    }

    /** alloc_pid() without wrap-around: once pids reach pid_max no new task can start (EAGAIN). */
    private int allocPid() {
        if (nextPid >= pidMax) {
            throw new KernelError(Errno.EAGAIN);
        }
        return nextPid;
    }

    /** A new task on node nid running the default program at /usr/bin/NAME; ENOMEM when memory ran out. */
    public Task spawn(String comm, int nid) {
        return spawn(comm, nid, DEFAULT_PROGRAM_DIR + comm, ProgramImage.DEFAULT);
    }

    /** A new task on node nid, forked from init, executing the program at path with this image. */
    public Task spawn(String comm, int nid, String path, ProgramImage image) {
        return spawn(comm, nid, path, image, Mempolicy.DEFAULT);
    }

    /** spawn() of a child that set_mempolicy(policy) before its execve, as numactl does. */
    public Task spawn(String comm, int nid, String path, ProgramImage image, Mempolicy policy) {
        allocPid();
        Task t = Task.withoutMm(k.user, nextPid, comm, TaskLimits.defaults());
        t.setMempolicy(policy);
        load(t, nid, path, image);
        t.mm().setMaxMapCount(maxMapCount);
        t.startTimeNs = k.clock.nanos();
        byPid.put(nextPid++, t);
        return t;
    }

    /**
     * execve(path) in t: a new address space on the node of t's page tables with the program
     * loaded. On failure (ENOMEM) the task is gone, as a task killed past exec's point of no return.
     */
    public void exec(Task t, String path, ProgramImage image) {
        load(t, t.pageTable().nid(), path, image);
        t.mm().setMaxMapCount(maxMapCount);
    }

    private void load(Task t, int nid, String path, ProgramImage image) {
        Program prog = programs.get(path);
        if (prog == null || !prog.image.equals(image)) {
            VmFile file = new VmFile(path, nextInode++, true, false, false);
            if (!k.user.pageCache.createFile(file, image.fileSize(), true, i -> (int) (i * 37 + 11) & 0xff)) {
                throw new KernelError(Errno.ENOMEM);
            }
            prog = new Program(file, image);
            programs.put(path, prog);
        }
        try {
            Exec.exec(t, nid, k.spec.pagingLevels, image, prog.file, path, List.of(path), List.of(), randomizeVaSpace,
                    aslr, k.overcommit);
        } catch (KernelError e) {
            if (t.mm() != null) {
                Exit.exit(t);
            }
            byPid.remove(t.pid);
            throw e;
        }
    }

    /** fork(): the child gets the next pid and a copy-on-write copy of the parent's address space. */
    public Task fork(Task parent) {
        allocPid();
        Task child = Fork.fork(parent, nextPid);
        child.startTimeNs = k.clock.nanos();
        byPid.put(nextPid++, child);
        return child;
    }

    /** vfork(): the child gets the next pid and runs in the parent's address space. */
    public Task vfork(Task parent) {
        allocPid();
        Task child = Fork.vfork(parent, nextPid);
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

    @Override
    public Iterable<Task> tasks() {
        return all();
    }

    @Override
    public OomTask current() {
        return k.currentTask();
    }

    @Override
    public void kill(OomTask victim) {
        ((Task) victim).markOomVictim();
    }

    @Override
    public void exit(OomTask victim) {
        Task t = (Task) victim;
        exit(t);
        oomKilled.add(t);
    }

    /** The tasks the OOM killer made exit since the last call, in the order they died. */
    public java.util.List<Task> takeOomKilled() {
        java.util.List<Task> out = new ArrayList<>(oomKilled);
        oomKilled.clear();
        return out;
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
