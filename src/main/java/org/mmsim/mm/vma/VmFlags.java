/*
 * vm_flags bits of a vm_area_struct with the kernel's values (include/linux/mm.h), and the
 * classifications vm_stat_account() uses (mm/internal.h is_exec_mapping/is_stack_mapping/
 * is_data_mapping) plus calc_vm_prot_bits (include/linux/mman.h). Leaves out protection keys and
 * the arch-specific high bits (shadow stack, MTE).
 */
package org.mmsim.mm.vma;

public final class VmFlags {
    public static final long VM_READ = 0x1;
    public static final long VM_WRITE = 0x2;
    public static final long VM_EXEC = 0x4;
    public static final long VM_SHARED = 0x8;
    public static final long VM_MAYREAD = 0x10;
    public static final long VM_MAYWRITE = 0x20;
    public static final long VM_MAYEXEC = 0x40;
    public static final long VM_MAYSHARE = 0x80;
    public static final long VM_GROWSDOWN = 0x100;
    public static final long VM_PFNMAP = 0x400;
    public static final long VM_LOCKED = 0x2000;
    public static final long VM_IO = 0x4000;
    public static final long VM_SEQ_READ = 0x8000;
    public static final long VM_RAND_READ = 0x10000;
    public static final long VM_DONTCOPY = 0x20000;
    public static final long VM_DONTEXPAND = 0x40000;
    public static final long VM_LOCKONFAULT = 0x80000;
    public static final long VM_ACCOUNT = 0x100000;
    public static final long VM_NORESERVE = 0x200000;
    public static final long VM_HUGETLB = 0x400000;
    public static final long VM_WIPEONFORK = 0x2000000;
    public static final long VM_DONTDUMP = 0x4000000;
    public static final long VM_SOFTDIRTY = 0x8000000;
    public static final long VM_MIXEDMAP = 0x10000000;
    public static final long VM_HUGEPAGE = 0x20000000;
    public static final long VM_NOHUGEPAGE = 0x40000000;
    public static final long VM_MERGEABLE = 0x80000000L;

    public static final long VM_ACCESS_FLAGS = VM_READ | VM_WRITE | VM_EXEC;
    public static final long VM_LOCKED_MASK = VM_LOCKED | VM_LOCKONFAULT;
    /** Mappings the merge and mlock code treat as special (never merged, never mlocked). */
    public static final long VM_SPECIAL = VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP;
    public static final long VM_STACK = VM_GROWSDOWN;
    /** x86-64 VM_DATA_DEFAULT_FLAGS (VM_DATA_FLAGS_TSK_EXEC without READ_IMPLIES_EXEC). */
    public static final long VM_DATA_DEFAULT_FLAGS = VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
    /** VM_STACK_FLAGS: the initial stack VMA setup_arg_pages creates. */
    public static final long VM_STACK_FLAGS = VM_STACK | VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT;

    private VmFlags() {
    }

    public static boolean isExecMapping(long flags) {
        return (flags & (VM_WRITE | VM_EXEC | VM_STACK)) == VM_EXEC;
    }

    public static boolean isStackMapping(long flags) {
        return (flags & VM_STACK) == VM_STACK;
    }

    public static boolean isDataMapping(long flags) {
        return (flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE;
    }

    /** PROT_READ/WRITE/EXEC map bit-for-bit onto VM_READ/WRITE/EXEC. */
    public static long calcVmProtBits(int prot) {
        return prot & (Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC);
    }

    /**
     * The two-letter names smaps' VmFlags line prints for each set bit, lowest bit first
     * (fs/proc/task_mmu.c show_smap_vma_flags); null for bits mmsim never sets.
     */
    private static final String[] MNEMONICS = new String[64];

    static {
        String[] names = {"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", null, "pf", null, null, "lo", "io",
            "sr", "rr", "dc", "de", "lf", "ac", "nr", "ht", "sf", "ar", "wf", "dd", "sd", "mm", "hg", "nh", "mg"};
        System.arraycopy(names, 0, MNEMONICS, 0, names.length);
    }

    /** The VmFlags line's value: each set bit's mnemonic followed by a space. */
    public static String mnemonics(long flags) {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 64; bit++) {
            if ((flags & (1L << bit)) != 0 && MNEMONICS[bit] != null) {
                sb.append(MNEMONICS[bit]).append(' ');
            }
        }
        return sb.toString();
    }

    /** The rwxp/s column of /proc/PID/maps. */
    public static String permString(long flags) {
        char[] c = {
            (flags & VM_READ) != 0 ? 'r' : '-',
            (flags & VM_WRITE) != 0 ? 'w' : '-',
            (flags & VM_EXEC) != 0 ? 'x' : '-',
            (flags & VM_MAYSHARE) != 0 ? 's' : 'p'
        };
        return new String(c);
    }
}
