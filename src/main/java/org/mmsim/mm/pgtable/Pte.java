/*
 * x86-64 page-table entry bits (arch/x86/include/asm/pgtable_types.h _PAGE_*), the user protection
 * map (arch/x86/mm/pgprot.c protection_map / vm_get_page_prot) and the pte_* helpers of
 * arch/x86/include/asm/pgtable.h the fault and page-table code need. An entry is a long holding the
 * hardware value. Leaves out protection keys, memory encryption (_PAGE_ENC), PAT/cache modes other
 * than write-back, _PAGE_SAVED_DIRTY (shadow stacks) and migration/device entries. A swap entry is
 * x86-64's non-present encoding (pgtable_64.h __swp_entry): the type in the top 5 bits, the offset
 * inverted (the L1TF mitigation) from bit 9, _PAGE_SWP_EXCLUSIVE in the PSE bit.
 */
package org.mmsim.mm.pgtable;

import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vma.VmFlags;

public final class Pte {
    private Pte() {
    }

    // The bits the hardware reads are defined once, by the MMU model; these name the same values.
    public static final long PRESENT = org.mmsim.mm.mmu.Pte.PRESENT;
    public static final long RW = org.mmsim.mm.mmu.Pte.RW;
    public static final long USER = org.mmsim.mm.mmu.Pte.USER;
    public static final long PWT = 1L << 3;
    public static final long PCD = 1L << 4;
    public static final long ACCESSED = org.mmsim.mm.mmu.Pte.ACCESSED;
    public static final long DIRTY = org.mmsim.mm.mmu.Pte.DIRTY;
    public static final long PSE = org.mmsim.mm.mmu.Pte.PSE;
    public static final long GLOBAL = org.mmsim.mm.mmu.Pte.GLOBAL;
    /** _PAGE_SPECIAL (_PAGE_BIT_SOFTW1): no struct page refcounting, e.g. the shared zero page. */
    public static final long SPECIAL = 1L << 9;
    /** _PAGE_PROTNONE: shares bit 8 with GLOBAL, meaningful only when PRESENT is clear. */
    public static final long PROTNONE = GLOBAL;
    public static final long SOFT_DIRTY = 1L << 58;
    public static final long NX = org.mmsim.mm.mmu.Pte.NX;
    /** PTE_PFN_MASK: physical address bits 12..51. */
    public static final long PFN_MASK = org.mmsim.mm.mmu.Pte.PFN_MASK;

    /** _PAGE_TABLE: what a PGD/PUD/PMD entry pointing at a user table carries besides the address. */
    public static final long PAGE_TABLE = PRESENT | RW | USER | ACCESSED | DIRTY;

    public static final long PAGE_NONE = ACCESSED | PROTNONE;
    public static final long PAGE_READONLY = PRESENT | USER | ACCESSED | NX;
    public static final long PAGE_READONLY_EXEC = PRESENT | USER | ACCESSED;
    public static final long PAGE_SHARED = PRESENT | RW | USER | ACCESSED | NX;
    public static final long PAGE_SHARED_EXEC = PRESENT | RW | USER | ACCESSED;

    private static final long[] PROTECTION_MAP = {
        PAGE_NONE, PAGE_READONLY, PAGE_READONLY, PAGE_READONLY,
        PAGE_READONLY_EXEC, PAGE_READONLY_EXEC, PAGE_READONLY_EXEC, PAGE_READONLY_EXEC,
        PAGE_NONE, PAGE_READONLY, PAGE_SHARED, PAGE_SHARED,
        PAGE_READONLY_EXEC, PAGE_READONLY_EXEC, PAGE_SHARED_EXEC, PAGE_SHARED_EXEC,
    };

    /** vm_get_page_prot(): the protection bits of vm_page_prot for these vm_flags. */
    public static long pageProt(long vmFlags) {
        int idx = (int) (vmFlags & (VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC | VmFlags.VM_SHARED));
        return PROTECTION_MAP[idx];
    }

    /**
     * vma->vm_page_prot as vma_set_page_prot() computes it: a shared writable mapping that wants
     * write notification (vma_wants_writenotify: a regular file, whose page_mkwrite and dirty
     * accounting need the first write to fault) gets the read-only private protection.
     */
    public static long vmPageProt(long vmFlags, VmFile file) {
        return wantsWritenotify(vmFlags, file) ? pageProt(vmFlags & ~VmFlags.VM_SHARED) : pageProt(vmFlags);
    }

    /** vma_wants_writenotify() for the mappings modelled: shared, writable, a regular file. */
    public static boolean wantsWritenotify(long vmFlags, VmFile file) {
        return (vmFlags & (VmFlags.VM_WRITE | VmFlags.VM_SHARED)) == (VmFlags.VM_WRITE | VmFlags.VM_SHARED)
                && (vmFlags & VmFlags.VM_PFNMAP) == 0 && file != null && !file.anonShmem;
    }

    /** SWP_TYPE_BITS and SWP_OFFSET_SHIFT (SWP_OFFSET_FIRST_BIT = _PAGE_BIT_PROTNONE + 1, plus the type bits). */
    public static final int SWP_TYPE_BITS = 5;
    private static final int SWP_OFFSET_SHIFT = 9 + SWP_TYPE_BITS;
    /** _PAGE_SWP_EXCLUSIVE: the swapped-out page was exclusive to this mapping. */
    public static final long SWP_EXCLUSIVE = PSE;

    /** swp_entry_to_pte(__swp_entry(type, offset)). */
    public static long swapEntry(int type, long offset) {
        return (~offset << SWP_OFFSET_SHIFT >>> SWP_TYPE_BITS) | ((long) type << (64 - SWP_TYPE_BITS));
    }

    /** is_swap_pte(): not none and not present. */
    public static boolean isSwap(long pte) {
        return pte != 0 && !present(pte);
    }

    /** __swp_type(). */
    public static int swapType(long pte) {
        return (int) (pte >>> (64 - SWP_TYPE_BITS));
    }

    /** __swp_offset(), ignoring the software bits below the offset. */
    public static long swapOffset(long pte) {
        return ~pte << SWP_TYPE_BITS >>> SWP_OFFSET_SHIFT;
    }

    /** pfn_pte(). */
    public static long make(int pfn, long prot) {
        return ((long) pfn << 12) | prot;
    }

    public static int pfn(long pte) {
        return (int) ((pte & PFN_MASK) >>> 12);
    }

    /** pte_present(): present, or PROT_NONE (not hardware-present but holding a page). */
    public static boolean present(long pte) {
        return (pte & (PRESENT | PROTNONE)) != 0;
    }

    public static boolean writable(long pte) {
        return (pte & RW) != 0;
    }

    /** pte_modify(): the new protection, keeping pfn, accessed, dirty, soft-dirty and special. */
    public static long modify(long pte, long prot) {
        long keep = PFN_MASK | ACCESSED | DIRTY | SOFT_DIRTY | SPECIAL;
        return (pte & keep) | prot;
    }

    /** pte_mkdirty() sets the soft-dirty bit too on x86. */
    public static long mkdirty(long pte) {
        return pte | DIRTY | SOFT_DIRTY;
    }
}
