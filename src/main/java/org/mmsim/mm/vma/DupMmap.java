/*
 * The VMA half of fork: kernel/fork.c dup_mm()/mm_init() and mm/mmap.c dup_mmap(): the child's
 * mm_struct gets the parent's layout and vm_stat counters, locked_vm 0 and def_flags masked to
 * VM_INIT_DEF_MASK (VM_NOHUGEPAGE), and a copy of every VMA except VM_DONTCOPY ones (whose pages
 * come off the counters), with VM_LOCKED/VM_LOCKONFAULT cleared. A VMA with an anon_vma gets the
 * child's own anon_vma (anon_vma_fork), one per parent anon_vma so merge compatibility carries
 * over; a VM_WIPEONFORK VMA gets none (an empty anonymous VMA). Each VM_ACCOUNT VMA is charged
 * again to the commit, checked against the parent's mm as Linux does; a refusal gives back what
 * was charged and fails the fork with ENOMEM. Page tables are the caller's
 * (copy_page_range per copied VMA). Leaves out uprobes, khugepaged/ksm registration and the
 * maple-tree bulk store.
 */
package org.mmsim.mm.vma;

import java.util.IdentityHashMap;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class DupMmap {
    private DupMmap() {
    }

    /** The child's address space, reporting to childListener. */
    public static MmStruct dup(MmStruct old, MappingListener childListener) {
        MmStruct mm = new MmStruct(childListener, old.maxMapCount(),
                new MmapLayout.Bases(old.mmapBase, old.mmapLegacyBase, !old.topDown, old.taskSize()));
        mm.setMmapMinAddr(old.mmapMinAddr());
        mm.startCode = old.startCode;
        mm.endCode = old.endCode;
        mm.startData = old.startData;
        mm.endData = old.endData;
        mm.startBrk = old.startBrk;
        mm.brk = old.brk;
        mm.startStack = old.startStack;
        mm.argStart = old.argStart;
        mm.argEnd = old.argEnd;
        mm.envStart = old.envStart;
        mm.envEnd = old.envEnd;
        mm.setDefFlags(old.defFlags() & VmFlags.VM_NOHUGEPAGE);
        mm.setCommitCharge(old.commitCharge());
        long charged = 0;
        IdentityHashMap<AnonVma, AnonVma> forked = new IdentityHashMap<>();
        for (Vma v : old.vmas()) {
            if ((v.flags & VmFlags.VM_DONTCOPY) != 0) {
                continue;
            }
            if ((v.flags & VmFlags.VM_ACCOUNT) != 0) {
                if (!old.commitCharge().vmEnoughMemory(old, v.pages())) {
                    old.commitCharge().vmAcctMemory(-charged);
                    mm.dropFileMappings();
                    throw new KernelError(Errno.ENOMEM);
                }
                charged += v.pages();
            }
            Vma c = v.copy();
            c.flags &= ~VmFlags.VM_LOCKED_MASK;
            if ((v.flags & VmFlags.VM_WIPEONFORK) != 0) {
                c.anonVma = null;
            } else if (v.anonVma != null) {
                c.anonVma = forked.computeIfAbsent(v.anonVma, a -> mm.newAnonVma());
            }
            mm.link(c);
            mm.vmStatAccount(c.flags, c.pages());
        }
        return mm;
    }
}
