/*
 * One address space's x86-64 4-level page table, or 5-level with LA57 (arch/x86/mm/pgtable.c
 * pgd_alloc/pgd_free, mm/memory.c __p4d_alloc/__pud_alloc/__pmd_alloc/__pte_alloc and free_pgd_range/free_pgtables, the walk of
 * arch/x86/mm/fault.c), plus the mm_struct counters that belong to page-level state: rss_stat
 * (MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES), hiwater_rss and pgtables_bytes (VmPTE:
 * PUD, PMD and PTE pages; the PGD and P4D pages are counted in NR_PAGETABLE only, as in Linux,
 * whose __p4d_alloc does not touch pgtables_bytes). Upper entries hold the table page's physical
 * address | _PAGE_TABLE. With 4 levels the P4D is folded into the PGD; with 5 the PGD's entries
 * (bits 48-56) point to P4D pages.
 * It is the MMU's walker for its mm (4K leaves only; the CPU's A/D update lands in the PTE) and
 * carries the mm's TLB context (mm->context: ctx_id, tlb_gen).
 * Leaves out: the kernel half of the PGD (shared with swapper_pg_dir, never counted), PTI's
 * order-1 PGD, huge PUD/PMD leaves (THP), split PTE locks, and the mmu_gather batching.
 */
package org.mmsim.mm.pgtable;

import org.mmsim.mm.numa.Mempolicy;

import org.mmsim.mm.mmu.LeafWalker;
import org.mmsim.mm.mmu.MmContext;
import org.mmsim.mm.page.MemMap;

public final class PageTable implements LeafWalker {
    public static final int PGDIR_SHIFT = 39;
    /** PGDIR_SHIFT with 5-level paging; P4D_SHIFT is then 39. */
    public static final int PGDIR_SHIFT_LA57 = 48;
    public static final int PUD_SHIFT = 30;
    public static final int PMD_SHIFT = 21;
    public static final long PMD_SIZE = 1L << PMD_SHIFT;
    public static final long PUD_SIZE = 1L << PUD_SHIFT;
    public static final long PGDIR_SIZE = 1L << PGDIR_SHIFT;
    /** USER_PTRS_PER_PGD: the user half of the PGD. */
    public static final int USER_PTRS_PER_PGD = 256;

    public static final int MM_FILEPAGES = 0;
    public static final int MM_ANONPAGES = 1;
    public static final int MM_SWAPENTS = 2;
    public static final int MM_SHMEMPAGES = 3;
    public static final int NR_MM_COUNTERS = 4;

    private final TablePages tables;
    private final int nid;
    /** 4 or 5. */
    private final int levels;
    /** The shift of the top level's entries: PGDIR_SHIFT for its levels. */
    private final int topShift;
    private int pgd;
    /** Table pages below the PGD: PUD, PMD and PTE pages (pgtables_bytes / PAGE_SIZE). */
    private long nrTables;
    public final long[] rss = new long[NR_MM_COUNTERS];
    private long hiwaterRss;
    /** The rmap family (anon_vma root) new anonymous pages of this address space join. */
    private int rmapFamily;
    /** mm->context for the TLB; null for a table no MMU runs on. */
    private MmContext context;
    /**
     * The PTE table of the 2 MiB span last walked to (span index va >>> PMD_SHIFT, or -1), so
     * walks of neighbouring pages skip the upper levels; forgotten whenever a table is freed.
     */
    private long cachedSpan = -1;
    /** The owning task's memory policy (task->mempolicy; one task per mm), which anonymous faults follow. */
    private Mempolicy mempolicy = Mempolicy.DEFAULT;
    private long[] cachedPteTable;

    /** pgd_alloc() of a 4-level table: null when no page is available for the PGD. */
    public static PageTable create(TablePages tables, int nid) {
        return create(tables, nid, 4);
    }

    /** pgd_alloc() of a table with 4 or 5 levels: null when no page is available for the PGD. */
    public static PageTable create(TablePages tables, int nid, int levels) {
        int pgd = tables.alloc(nid);
        return pgd == MemMap.NIL ? null : new PageTable(tables, nid, levels, pgd);
    }

    private PageTable(TablePages tables, int nid, int levels, int pgd) {
        this.tables = tables;
        this.nid = nid;
        this.levels = levels;
        this.topShift = levels == 5 ? PGDIR_SHIFT_LA57 : PGDIR_SHIFT;
        this.pgd = pgd;
    }

    /** 4, or 5 with LA57: the memory references of a walk. */
    public int levels() {
        return levels;
    }

    public TablePages tables() {
        return tables;
    }

    public Mempolicy mempolicy() {
        return mempolicy;
    }

    public void setMempolicy(Mempolicy policy) {
        mempolicy = policy;
    }

    public int nid() {
        return nid;
    }

    public int family() {
        return rmapFamily;
    }

    public void setFamily(int family) {
        rmapFamily = family;
    }

    public MmContext context() {
        return context;
    }

    public void setContext(MmContext context) {
        this.context = context;
    }

    /** The PGD page's pfn (what CR3 would hold), or MemMap.NIL once freed. */
    public int pgdPfn() {
        return pgd;
    }

    private static int index(long va, int shift) {
        return (int) (va >>> shift) & (TablePages.PTRS_PER_TABLE - 1);
    }

    public static int pteIndex(long va) {
        return index(va, 12);
    }

    /** The leaf PTE mapping vaddr when hardware-present, else 0. */
    @Override
    public long walk(long vaddr) {
        long[] pte = pteTable(vaddr);
        if (pte == null) {
            return 0;
        }
        long e = pte[pteIndex(vaddr)];
        return (e & Pte.PRESENT) != 0 ? e : 0;
    }

    /** Every leaf is a 4K PTE (no THP). */
    @Override
    public int leafShift() {
        return 12;
    }

    /** The CPU's atomic A (and D) update in the PTE it walked to. */
    @Override
    public void markAccessed(long vaddr, boolean dirty) {
        long[] t = pteTable(vaddr);
        t[pteIndex(vaddr)] |= Pte.ACCESSED | (dirty ? Pte.DIRTY : 0);
    }

    /** The PTE table covering va, or null if some level is missing (pte_offset_map on a walk). */
    public long[] pteTable(long va) {
        if (va >>> PMD_SHIFT == cachedSpan) {
            return cachedPteTable;
        }
        long[] t = tables.entries(pgd);
        for (int shift = topShift; shift > PMD_SHIFT - 9; shift -= 9) {
            long e = t[index(va, shift)];
            if (e == 0) {
                return null;
            }
            t = tables.entries(Pte.pfn(e));
        }
        cachedSpan = va >>> PMD_SHIFT;
        cachedPteTable = t;
        return t;
    }

    /** The PTE table covering va, allocating missing levels (pud_alloc/pmd_alloc/pte_alloc); null on OOM. */
    public long[] pteTableAlloc(long va) {
        if (va >>> PMD_SHIFT == cachedSpan) {
            return cachedPteTable;
        }
        long[] t = tables.entries(pgd);
        for (int shift = topShift; shift > PMD_SHIFT - 9; shift -= 9) {
            int i = index(va, shift);
            long e = t[i];
            if (e == 0) {
                int pfn = tables.alloc(nid);
                if (pfn == MemMap.NIL) {
                    return null;
                }
                if (shift != PGDIR_SHIFT_LA57) {
                    nrTables++;
                }
                e = Pte.make(pfn, Pte.PAGE_TABLE);
                t[i] = e;
            }
            t = tables.entries(Pte.pfn(e));
        }
        cachedSpan = va >>> PMD_SHIFT;
        cachedPteTable = t;
        return t;
    }

    /** The PTE value at va (present or not), 0 if no table covers it. */
    public long pte(long va) {
        long[] t = pteTable(va);
        return t == null ? 0 : t[pteIndex(va)];
    }

    /**
     * free_pgd_range(): frees every PUD/PMD/PTE table page that covers part of [start, end) and
     * whose whole span lies in [floor, ceiling) (ceiling 0 = top of the address space) and holds
     * no entries. A munmap of several VMAs reports them one at a time, so a table shared with a
     * VMA not yet zapped is kept here and freed with that VMA's range, as one free_pgtables()
     * after unmap_vmas() would.
     */
    public void freeRange(long start, long end, long floor, long ceiling) {
        cachedSpan = -1;
        cachedPteTable = null;
        long[] g = tables.entries(pgd);
        for (int i = index(start, topShift); i <= index(end - 1, topShift); i++) {
            long base = (long) i << topShift;
            if (g[i] != 0 && freeLevel(g, i, base, topShift, start, end, floor, ceiling)) {
                g[i] = 0;
            }
        }
    }

    /** Frees what it can below entry t[i] (span base, 1 << shift); true if the table it points to was freed. */
    private boolean freeLevel(long[] t, int i, long base, int shift, long start, long end, long floor,
            long ceiling) {
        int pfn = Pte.pfn(t[i]);
        if (shift > PMD_SHIFT) {
            long[] sub = tables.entries(pfn);
            int childShift = shift - 9;
            long lo = Math.max(start, base);
            long hi = Math.min(end, base + (1L << shift));
            for (int j = index(lo, childShift); j <= index(hi - 1, childShift); j++) {
                long childBase = base + ((long) j << childShift);
                if (sub[j] != 0 && freeLevel(sub, j, childBase, childShift, start, end, floor, ceiling)) {
                    sub[j] = 0;
                }
            }
        }
        long spanEnd = base + (1L << shift);
        if (base < floor || (ceiling != 0 && Long.compareUnsigned(spanEnd, ceiling) > 0)) {
            return false;
        }
        long[] own = tables.entries(pfn);
        for (long e : own) {
            if (e != 0) {
                return false;
            }
        }
        tables.free(pfn);
        if (shift != PGDIR_SHIFT_LA57) {
            nrTables--;
        }
        return true;
    }

    /** pgd_free() at the end of exit_mmap: every lower table must already be gone. */
    public void freePgd() {
        long[] g = tables.entries(pgd);
        for (int i = 0; i < USER_PTRS_PER_PGD; i++) {
            if (g[i] != 0) {
                throw new IllegalStateException("pgd_free with a live PUD table at index " + i);
            }
        }
        tables.free(pgd);
        pgd = MemMap.NIL;
        cachedSpan = -1;
        cachedPteTable = null;
    }

    /** mm_pgtables_bytes(): VmPTE in bytes. */
    public long pgtablesBytes() {
        return nrTables << 12;
    }

    /** PUD + PMD + PTE pages this address space holds (not the PGD or P4D pages). */
    public long nrTables() {
        return nrTables;
    }

    /** get_mm_rss(): file + anon + shmem pages mapped. */
    public long rssPages() {
        return rss[MM_FILEPAGES] + rss[MM_ANONPAGES] + rss[MM_SHMEMPAGES];
    }

    /** update_hiwater_rss(): called before RSS can drop (zap, exit). */
    public void updateHiwaterRss() {
        long r = rssPages();
        if (r > hiwaterRss) {
            hiwaterRss = r;
        }
    }

    /** get_mm_hiwater_rss(): VmHWM in pages. */
    public long hiwaterRss() {
        return Math.max(hiwaterRss, rssPages());
    }
}
