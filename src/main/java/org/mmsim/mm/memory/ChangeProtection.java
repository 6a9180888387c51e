/*
 * mm/mprotect.c change_protection()/change_pte_range(): rewrite the protection bits of every PTE in
 * a range to vm_get_page_prot() of the new vm_flags (pte_modify), then, for a VMA that wants
 * manual write upgrades (VM_WRITE), make writable at once the PTEs can_change_pte_writable()
 * allows: a private PTE of an exclusively owned anonymous page, or a dirty shared PTE, unless
 * soft-dirty tracking needs the fault. Leaves out NUMA hinting (MM_CP_PROT_NUMA), userfaultfd-wp,
 * and THP. Flushes the range from the TLB when a PTE changed (tlb_finish_mmu).
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vma.VmFlags;

public final class ChangeProtection {
    private ChangeProtection() {
    }

    /**
     * change_protection() over [start, end) of a VMA (of file, or null) whose flags are now
     * newFlags; returns PTEs changed.
     */
    public static long apply(UserMemory um, PageTable pt, long start, long end, long newFlags, VmFile file) {
        long prot = Pte.vmPageProt(newFlags, file);
        boolean shared = (newFlags & VmFlags.VM_SHARED) != 0;
        // vma_wants_manual_pte_write_upgrade()
        boolean tryWritable = (newFlags & VmFlags.VM_WRITE) != 0 && (!shared || Pte.wantsWritenotify(newFlags, file));
        boolean softDirtyTracking = (newFlags & VmFlags.VM_SOFTDIRTY) == 0;
        long changed = 0;
        long va = start;
        while (va < end) {
            long next = Math.min(end, (va + PageTable.PMD_SIZE) & -PageTable.PMD_SIZE);
            long[] t = pt.pteTable(va);
            if (t != null) {
                for (int i = PageTable.pteIndex(va), last = PageTable.pteIndex(next - 1); i <= last; i++) {
                    long e = t[i];
                    if (!Pte.present(e)) {
                        continue;
                    }
                    long n = Pte.modify(e, prot);
                    if (tryWritable && !Pte.writable(n) && (n & Pte.PRESENT) != 0
                            && canChangeWritable(um, n, shared, softDirtyTracking)) {
                        n |= Pte.RW;
                    }
                    if (n != e) {
                        t[i] = n;
                        changed++;
                    }
                }
            }
            va = next;
        }
        if (changed != 0) {
            um.flushTlbRange(pt, start, end, false);
        }
        return changed;
    }

    /** can_change_pte_writable(). */
    private static boolean canChangeWritable(UserMemory um, long pte, boolean shared, boolean softDirtyTracking) {
        if (softDirtyTracking && (pte & Pte.SOFT_DIRTY) == 0) {
            return false;
        }
        if (!shared) {
            int pfn = Pte.pfn(pte);
            return (pte & Pte.SPECIAL) == 0 && um.rmap.isAnon(pfn)
                    && (um.m.flags[pfn] & PageFlags.PG_ANON_EXCLUSIVE) != 0;
        }
        return (pte & Pte.DIRTY) != 0;
    }
}
