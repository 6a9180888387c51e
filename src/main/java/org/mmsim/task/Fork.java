/*
 * The memory part of fork: kernel/fork.c copy_process() -> copy_mm() -> dup_mm() (a new PGD,
 * DupMmap for the VMAs) and mm/mmap.c dup_mmap()'s copy_page_range() for each copied VMA that is
 * not VM_WIPEONFORK. The child joins the parent's rmap family (anon_vma_fork) and starts with
 * min_flt/maj_flt 0 and the parent's limits. A failure (ENOMEM) tears the half-built child down
 * and changes nothing in the parent except write-protection already applied, as in Linux; so does
 * a commit charge the overcommit policy refuses (dup_mmap's security_vm_enough_memory_mm).
 * vfork() (CLONE_VM|CLONE_VFORK) gives the child the parent's mm itself: no copy, the same page
 * tables and counters, until the child execs or exits (Exit); the caller keeps the parent from
 * running meanwhile. Leaves out threads (CLONE_VM without CLONE_VFORK) and the other clone flags.
 */
package org.mmsim.task;

import org.mmsim.mm.fault.FaultCounts;
import org.mmsim.mm.fault.PageTableListener;
import org.mmsim.mm.memory.CopyPageRange;
import org.mmsim.mm.memory.Zap;
import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.vma.DupMmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Fork {
    private Fork() {
    }

    /** fork(): the child task, or KernelError(ENOMEM). */
    public static Task fork(Task parent, int childPid) {
        PageTable pt = PageTable.create(parent.um.tables, parent.pt.nid(), parent.pt.levels());
        if (pt == null) {
            throw new KernelError(Errno.ENOMEM);
        }
        FaultCounts counts = new FaultCounts();
        Task child = new Task(parent.um, childPid, parent.comm, parent, parent.limits, counts);
        child.pt = pt;
        child.argv = parent.argv;
        child.oomScoreAdj = parent.oomScoreAdj;
        child.mempolicy = parent.mempolicy.dup();
        pt.setMempolicy(child.mempolicy);
        pt.setContext(parent.um.tlb.initNewContext(pt));
        try {
            child.mm = DupMmap.dup(parent.mm, new PageTableListener(parent.um, pt, counts));
        } catch (KernelError e) {
            // The commit refused a VM_ACCOUNT copy: nothing was mapped yet, only the PGD goes.
            pt.freePgd();
            throw e;
        }
        pt.setFamily(parent.pt.family());
        for (Vma v : parent.mm.vmas()) {
            if ((v.flags() & (VmFlags.VM_DONTCOPY | VmFlags.VM_WIPEONFORK)) != 0) {
                continue;
            }
            if (!CopyPageRange.copy(parent.um, pt, parent.pt, v)) {
                child.mm.commitCharge().vmAcctMemory(-child.mm.accountedPages());
                Zap.exitMmap(parent.um, child.mm, pt);
                child.mm.dropFileMappings();
                throw new KernelError(Errno.ENOMEM);
            }
        }
        // dup_mmap(): flush_tlb_mm(oldmm), for the PTEs copy_page_range write-protected in the parent
        parent.um.flushTlbRange(parent.pt, 0, Tlb.TLB_FLUSH_ALL, false);
        child.member = new Rmap.Member(child.mm, pt);
        parent.um.rmap.join(pt.family(), child.member);
        return child;
    }

    /** vfork(): the child runs in the parent's address space. */
    public static Task vfork(Task parent, int childPid) {
        Task child = new Task(parent.um, childPid, parent.comm, parent, parent.limits, new FaultCounts());
        child.mm = parent.mm;
        child.pt = parent.pt;
        child.member = parent.member;
        // the child's own copy, which its page tables take at exec; until then it allocates as its parent
        child.mempolicy = parent.mempolicy.dup();
        child.argv = parent.argv;
        child.vforkParent = parent;
        return child;
    }
}
