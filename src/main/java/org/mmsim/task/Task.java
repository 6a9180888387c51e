/*
 * A task (include/linux/sched.h task_struct) as the memory layers see it: pid, comm, parent, its
 * mm (the MmStruct of VMAs plus the PageTable holding rss_stat, hiwater_rss and pgtables_bytes),
 * resource limits, min_flt/maj_flt, oom_score_adj and whether the OOM killer chose it (what
 * mm.oom.OomTask shows of it). One task per mm: no threads (CLONE_VM) yet.
 * User accesses translate through the machine's MMU on the current CPU (switching to the task's
 * TLB context), take the fault path (Fault.userFault) when it faults and retry, then load or
 * store one byte of the frame (the machine's page contents), charging tlb.walk per page walk; the mm's mapping
 * calls reach the page tables through the PageTableListener built here.
 * Exec (Exec.exec) gives a task a new address space with a program loaded.
 * Leaves out credentials, signals (a SIGSEGV is returned to the caller, not delivered) and scheduling.
 */
package org.mmsim.task;

import org.mmsim.fs.FileTable;
import org.mmsim.mm.fault.AnonFaultRun;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.fault.FaultCounts;
import org.mmsim.mm.fault.PageTableListener;
import org.mmsim.mm.memory.Mincore;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.mmu.Mmu;
import org.mmsim.mm.mmu.TlbStats;
import org.mmsim.mm.oom.OomTask;
import org.mmsim.sim.CostModel;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.Msync;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.List;

public final class Task implements OomTask {
    public final int pid;
    /** The executable's name (TASK_COMM_LEN - 1 characters at most); exec sets it. */
    public String comm;
    /** The parent whose mm this vfork child borrows until it execs or exits; null otherwise. */
    Task vforkParent;
    /** The argument strings exec copied to the stack (empty for a task never exec'd). */
    List<String> argv = List.of();
    public final Task parent;
    public final FaultCounts faults;
    /** The descriptor table: a copy of the parent's (sharing its open files) after fork, else empty. */
    public final FileTable files;
    final UserMemory um;
    MmStruct mm;
    PageTable pt;
    Rmap.Member member;
    final TaskLimits limits;
    /** start_boottime: when the process table created the task, in simulated nanoseconds. */
    public long startTimeNs;
    /** task->mempolicy (set_mempolicy): inherited at fork, kept across exec. */
    Mempolicy mempolicy = Mempolicy.DEFAULT;
    /** signal->oom_score_adj: inherited at fork, set through /proc/PID/oom_score_adj. */
    int oomScoreAdj;
    /** SIGKILL from the OOM killer is pending (mark_oom_victim ran): the task dies on its way to user space. */
    private boolean oomVictim;
    /** The MMU access bits of a user Fault.READ, WRITE and EXEC. */
    private static final int[] MMU_ACCESS = {org.mmsim.mm.mmu.Pte.PF_USER,
        org.mmsim.mm.mmu.Pte.PF_USER | org.mmsim.mm.mmu.Pte.PF_WRITE, org.mmsim.mm.mmu.Pte.PF_USER | org.mmsim.mm.mmu.Pte.PF_INSTR};
    private int lastResult;
    /** Faults one access may take before the simulation calls it a livelock. */
    private static final int MAX_FAULT_RETRIES = 8;
    private byte lastByte;
    /** Scratch space for AnonFaultRun's pages, made on the first write touch. */
    private int[] runPfns;

    Task(UserMemory um, int pid, String comm, Task parent, TaskLimits limits, FaultCounts faults) {
        this.um = um;
        this.pid = pid;
        this.comm = comm;
        this.parent = parent;
        this.limits = limits;
        this.faults = faults;
        this.files = parent == null ? new FileTable() : parent.files.copy();
    }

    /**
     * A task with a fresh, empty address space (what exec leaves before loading segments), in its
     * own rmap family. Throws ENOMEM when no page is left for the PGD.
     */
    public static Task create(UserMemory um, int pid, String comm, int nid, MmapLayout.Bases bases,
            TaskLimits limits) {
        Task t = new Task(um, pid, comm, null, limits, new FaultCounts());
        t.installMm(nid, bases, 4);
        return t;
    }

    /**
     * A task that has no address space yet (a child on its way to exec, which gives it one with
     * Exec.exec).
     */
    public static Task withoutMm(UserMemory um, int pid, String comm, TaskLimits limits) {
        return new Task(um, pid, comm, null, limits, new FaultCounts());
    }

    /**
     * mm_alloc() and exec_mmap(): a fresh, empty address space with its PGD (of a 4- or 5-level
     * table) on node nid, in its own rmap family. Throws ENOMEM when no page is left for the PGD.
     */
    void installMm(int nid, MmapLayout.Bases bases, int levels) {
        PageTable table = PageTable.create(um.tables, nid, levels);
        if (table == null) {
            throw new KernelError(Errno.ENOMEM);
        }
        pt = table;
        table.setMempolicy(mempolicy);
        table.setContext(um.tlb.initNewContext(table));
        mm = new MmStruct(new PageTableListener(um, table, faults), MmStruct.DEFAULT_MAX_MAP_COUNT, bases);
        member = new Rmap.Member(mm, table);
        table.setFamily(um.rmap.newFamily(member));
    }

    public Mempolicy mempolicy() {
        return mempolicy;
    }

    /** set_mempolicy(2) once the policy is built (Mempolicy.create checked it): later allocations follow it. */
    public void setMempolicy(Mempolicy policy) {
        mempolicy = policy;
        if (pt != null) {
            pt.setMempolicy(policy);
        }
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public String comm() {
        return comm;
    }

    @Override
    public MmStruct mm() {
        return mm;
    }

    @Override
    public int oomScoreAdj() {
        return oomScoreAdj;
    }

    /** __set_oom_adj(): the caller has checked the range. */
    public void setOomScoreAdj(int adj) {
        oomScoreAdj = adj;
    }

    @Override
    public boolean isOomVictim() {
        return oomVictim;
    }

    /** do_send_sig_info(SIGKILL) + mark_oom_victim(). */
    public void markOomVictim() {
        oomVictim = true;
    }

    @Override
    public PageTable pageTable() {
        return pt;
    }

    /** Whether this is a vfork child still running in its parent's address space. */
    public boolean borrowsMm() {
        return vforkParent != null;
    }

    public List<String> argv() {
        return argv;
    }

    public TaskLimits limits() {
        return limits;
    }

    /**
     * One user access (Fault.READ/WRITE/EXEC) of the byte at addr: a Fault result (NOFAULT, MINOR,
     * MAJOR, ...). A write stores value there; a read or fetch loads the byte into lastByte().
     */
    public int access(long addr, int kind, byte value) {
        int cpu = um.cpu();
        um.tlb.switchMm(cpu, pt.context());
        int bits = MMU_ACCESS[kind];
        long walks = um.mmu.stats().get(cpu, TlbStats.WALK);
        long pa = um.mmu.translate(cpu, addr, bits);
        int r = Fault.NOFAULT;
        for (int tries = 0; Mmu.isFault(pa); tries++) {
            if (tries == MAX_FAULT_RETRIES) {
                throw new IllegalStateException("access at " + Long.toHexString(addr) + " faults after a handled fault");
            }
            int f = Fault.userFault(um, mm, pt, limits, faults, addr, kind);
            if (f != Fault.MINOR && f != Fault.MAJOR) {
                return f;
            }
            r = r == Fault.MAJOR ? r : f;
            // The faulting instruction runs again; reclaim during the fault may have undone it (a retry).
            // Nothing for addr is cached after a fault, so the retry skips the TLB lookups.
            um.tlb.switchMm(cpu, pt.context());
            pa = um.mmu.translateAfterFault(cpu, addr, bits);
        }
        walks = um.mmu.stats().get(cpu, TlbStats.WALK) - walks;
        if (walks != 0) {
            um.cost.charge(CostModel.Op.TLB_WALK, walks);
            if (pt.levels() == 5) {
                um.cost.charge(CostModel.Op.TLB_WALK_P4D, walks);
            }
        }
        int pfn = (int) (pa >>> MemMap.PAGE_SHIFT);
        int offset = (int) (pa & (MemMap.PAGE_SIZE - 1));
        if (kind == Fault.WRITE) {
            um.contents.storeByte(pfn, offset, value);
        } else {
            lastByte = um.contents.loadByte(pfn, offset);
        }
        return r;
    }

    /** access() storing this task's deterministic byte, the low byte of its pid, on a write. */
    public int access(long addr, int kind) {
        return access(addr, kind, (byte) pid);
    }

    /**
     * Touches one byte per page of [addr, addr + len) in ascending order, as the validation
     * runner's read/write do: a write stores value, a read loads each page's byte into data[page]
     * (data may be null); stops at the first SIGSEGV, SIGBUS or OOM, or once the OOM killer has
     * chosen this task (a pending SIGKILL). Returns the address that
     * failed, or -1 when every page was accessed; lastResult() tells which. A write over
     * consecutive first-touch pages takes them as one AnonFaultRun, which leaves what access()
     * page by page would.
     */
    public long touch(long addr, long len, int kind, byte value, byte[] data) {
        for (long off = 0; off < len; off += 4096) {
            if (kind == Fault.WRITE && !oomVictim) {
                // a run of first-touch faults at once, leaving what access() page by page would
                if (runPfns == null) {
                    runPfns = new int[AnonFaultRun.MAX_PAGES];
                }
                int n = AnonFaultRun.write(um, mm, pt, faults, addr + off, (len - off + 4095) >>> MemMap.PAGE_SHIFT,
                        value, runPfns);
                if (n > 0) {
                    lastResult = Fault.MINOR;
                    off += (n - 1) * 4096L;
                    continue;
                }
            }
            lastResult = access(addr + off, kind, value);
            if (lastResult == Fault.SIGSEGV || lastResult == Fault.SIGBUS || lastResult == Fault.OOM) {
                return addr + off;
            }
            if (oomVictim) {
                lastResult = Fault.OOM;
                return addr + off;
            }
            if (data != null && kind != Fault.WRITE) {
                data[(int) (off >>> MemMap.PAGE_SHIFT)] = lastByte;
            }
        }
        return -1;
    }

    /** touch() storing this task's deterministic byte on a write, keeping no read data. */
    public long touch(long addr, long len, int kind) {
        return touch(addr, len, kind, (byte) pid, null);
    }

    /** The byte the last read or fetch loaded. */
    public byte lastByte() {
        return lastByte;
    }

    /** The result of the last access touch() made. */
    public int lastResult() {
        return lastResult;
    }

    /** msync(2) on this task's mm, MS_SYNC writing back through the page cache. */
    public void msync(long start, long len, int flags) {
        Msync.msync(mm, start, len, flags, (file, s, e) -> um.writeback.fsyncMapped(file, s, e));
    }

    /** mincore(2) on this task's mm: one residency byte per page. */
    public byte[] mincore(long start, long len) {
        return Mincore.mincore(um, mm, pt, start, len);
    }

    /** get_mm_counter(). */
    public long rss(int counter) {
        return pt.rss[counter];
    }

    /** VmRSS in pages. */
    public long rssPages() {
        return pt.rssPages();
    }

    /** VmHWM in pages. */
    public long hiwaterRss() {
        return pt.hiwaterRss();
    }

    /** VmPTE in bytes. */
    public long vmPte() {
        return pt.pgtablesBytes();
    }

    @Override
    public String toString() {
        return comm + "[" + pid + "]";
    }
}
