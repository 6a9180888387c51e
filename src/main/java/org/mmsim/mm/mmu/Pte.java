/*
 * The x86-64 leaf page-table entry bits the MMU reads (arch/x86/include/asm/pgtable_types.h) and the
 * page-fault error code bits it reports (arch/x86/include/asm/trap_pf.h). Leaves out protection keys,
 * memory types (PAT/PCD/PWT), reserved-bit checks and the software bits.
 */
package org.mmsim.mm.mmu;

public final class Pte {
    private Pte() {
    }

    public static final long PRESENT = 1L;
    public static final long RW = 1L << 1;
    public static final long USER = 1L << 2;
    public static final long ACCESSED = 1L << 5;
    public static final long DIRTY = 1L << 6;
    /** PSE in a PMD/PUD leaf (PAT in a 4K PTE). */
    public static final long PSE = 1L << 7;
    public static final long GLOBAL = 1L << 8;
    public static final long NX = 1L << 63;
    /** Physical frame bits 12..51; a 2M/1G leaf keeps PAT in bit 12, so mask with the page size too. */
    public static final long PFN_MASK = 0x000F_FFFF_FFFF_F000L;

    /** Page-fault error code bits; an access is described with the same bits (0 = supervisor read). */
    public static final int PF_PROT = 1;
    public static final int PF_WRITE = 1 << 1;
    public static final int PF_USER = 1 << 2;
    public static final int PF_INSTR = 1 << 4;

    /** Physical address of {@code vaddr} through a present leaf of {@code 1 << pageShift} bytes. */
    public static long physAddr(long pte, long vaddr, int pageShift) {
        long offsetMask = (1L << pageShift) - 1;
        return (pte & PFN_MASK & ~offsetMask) | (vaddr & offsetMask);
    }
}
