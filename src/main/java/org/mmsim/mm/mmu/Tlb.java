/*
 * Linux's x86 TLB management (arch/x86/mm/tlb.c, 6.18) on top of the MMU model: per-CPU
 * cpu_tlbstate with TLB_NR_DYN_ASIDS = 6 dynamic ASIDs (PCID = ASID + 1, kern_pcid) assigned by
 * choose_new_asid (reuse the slot holding the mm's ctx_id, flushing when its tlb_gen is behind;
 * otherwise the next slot round-robin, flushed); switch_mm_irqs_off (the CPU joins next's
 * mm_cpumask and stays in prev's until a flush trims it); flush_tlb_mm_range with
 * tlb_single_page_flush_ceiling (33) deciding INVLPG per page vs a full flush, tlb_gen catch-up in
 * flush_tlb_func, flush_tlb_multi's IPIs to CPUs with the mm loaded (all of mm_cpumask when page
 * tables were freed or the once-a-second cpumask trim is due); flush_tlb_all and
 * flush_tlb_kernel_range; the four CONFIG_DEBUG_TLBFLUSH vm events counted where Linux counts them.
 * IPIs are delivered synchronously. Leaves out lazy TLB mode (kernel threads switch to init_mm
 * outright: is_lazy is never set), global ASIDs with INVLPGB/RAR broadcast (the host CPU does not
 * expose INVLPGB), PTI user PCIDs (Cascade Lake and Zen 3 are not Meltdown-affected),
 * arch_tlbbatch_flush, LAM, and the jiffies granularity of the trim interval (nanoseconds here).
 */
package org.mmsim.mm.mmu;

import org.mmsim.sim.SimClock;

public final class Tlb {
    public static final int TLB_NR_DYN_ASIDS = 6;
    /** The end of a whole-address-space flush. */
    public static final long TLB_FLUSH_ALL = -1L;
    public static final int PAGE_SHIFT = 12;
    private static final long TLB_GENERATION_INVALID = 0;
    private static final long TRIM_INTERVAL_NS = 1_000_000_000L;

    private final Mmu mmu;
    private final SimClock clock;
    private final boolean pcid;
    private final int nrCpus;
    private long tlbSinglePageFlushCeiling = 33;
    private long lastMmCtxId = 1;
    private final MmContext initMm;

    private final MmContext[] loadedMm;
    private final int[] loadedAsid;
    private final int[] nextAsid;
    /** cpu_tlbstate.ctxs[asid], flattened: [cpu * TLB_NR_DYN_ASIDS + asid]. */
    private final long[] ctxIds;
    private final long[] ctxGens;

    /** Boots every CPU of {@code mmu} on init_mm (page table {@code kernelWalker}), as initialize_tlbstate_and_flush. */
    public Tlb(Mmu mmu, LeafWalker kernelWalker, boolean pcid, SimClock clock) {
        this.mmu = mmu;
        this.clock = clock;
        this.pcid = pcid;
        this.nrCpus = mmu.nrCpus();
        this.initMm = new MmContext(1, kernelWalker, nrCpus, Long.MAX_VALUE);
        loadedMm = new MmContext[nrCpus];
        loadedAsid = new int[nrCpus];
        nextAsid = new int[nrCpus];
        ctxIds = new long[nrCpus * TLB_NR_DYN_ASIDS];
        ctxGens = new long[nrCpus * TLB_NR_DYN_ASIDS];
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            mmu.loadCr3(cpu, kernelWalker, kernPcid(0), false);
            loadedMm[cpu] = initMm;
            nextAsid[cpu] = 1;
            ctxIds[cpu * TLB_NR_DYN_ASIDS] = initMm.ctxId;
            ctxGens[cpu * TLB_NR_DYN_ASIDS] = initMm.tlbGen;
        }
    }

    public MmContext initMm() {
        return initMm;
    }

    /** init_new_context: a fresh ctx_id and tlb_gen 0 for a new mm whose page table is {@code walker}. */
    public MmContext initNewContext(LeafWalker walker) {
        return new MmContext(++lastMmCtxId, walker, nrCpus, clock.nanos() + TRIM_INTERVAL_NS);
    }

    /** The debugfs tunable tlb_single_page_flush_ceiling (pages). */
    public void setSinglePageFlushCeiling(long pages) {
        tlbSinglePageFlushCeiling = pages;
    }

    public long singlePageFlushCeiling() {
        return tlbSinglePageFlushCeiling;
    }

    public MmContext loadedMm(int cpu) {
        return loadedMm[cpu];
    }

    public int loadedAsid(int cpu) {
        return loadedAsid[cpu];
    }

    private int kernPcid(int asid) {
        return pcid ? asid + 1 : 0;
    }

    /** switch_mm_irqs_off(prev, next) on {@code cpu}, without lazy TLB mode. */
    public void switchMm(int cpu, MmContext next) {
        if (loadedMm[cpu] == next) {
            return;
        }
        if (next != initMm && !next.onCpu(cpu)) {
            next.setCpu(cpu);
        }
        long nextTlbGen = next.tlbGen;
        int base = cpu * TLB_NR_DYN_ASIDS;
        int newAsid = -1;
        boolean needFlush = true;
        if (!pcid) {
            newAsid = 0;
        } else {
            for (int asid = 0; asid < TLB_NR_DYN_ASIDS; asid++) {
                if (ctxIds[base + asid] == next.ctxId) {
                    newAsid = asid;
                    needFlush = ctxGens[base + asid] < nextTlbGen;
                    break;
                }
            }
            if (newAsid < 0) {
                newAsid = nextAsid[cpu]++;
                if (newAsid >= TLB_NR_DYN_ASIDS) {
                    newAsid = 0;
                    nextAsid[cpu] = 1;
                }
            }
        }
        if (needFlush) {
            ctxIds[base + newAsid] = next.ctxId;
            ctxGens[base + newAsid] = nextTlbGen;
        }
        mmu.loadCr3(cpu, next.walker, kernPcid(newAsid), !needFlush);
        loadedMm[cpu] = next;
        loadedAsid[cpu] = newAsid;
    }

    /**
     * flush_tlb_mm_range(mm, start, end, stride_shift, freed_tables) called on {@code cpu} after the
     * page table of {@code mm} changed in [start, end); {@code end} may be {@link #TLB_FLUSH_ALL}.
     */
    public void flushTlbMmRange(int cpu, MmContext mm, long start, long end, int strideShift, boolean freedTables) {
        long newTlbGen = ++mm.tlbGen;
        if (end != TLB_FLUSH_ALL && end < start) {
            throw new IllegalArgumentException("flush range end before start");
        }
        if (end == TLB_FLUSH_ALL
                || Long.compareUnsigned((end - start) >>> strideShift, tlbSinglePageFlushCeiling) > 0) {
            start = 0;
            end = TLB_FLUSH_ALL;
        }
        if (mm.onOtherCpu(cpu)) {
            boolean trim = shouldTrimCpumask(mm);
            flushTlbMulti(cpu, mm, start, end, strideShift, freedTables, newTlbGen, trim);
        } else if (mm == loadedMm[cpu]) {
            flushTlbFunc(cpu, cpu, mm, start, end, strideShift, newTlbGen);
        }
    }

    private boolean shouldTrimCpumask(MmContext mm) {
        long now = clock.nanos();
        if (now > mm.nextTrimCpumaskNs) {
            mm.nextTrimCpumaskNs = now + TRIM_INTERVAL_NS;
            return true;
        }
        return false;
    }

    /** native_flush_tlb_multi: one nr_tlb_remote_flush, then flush_tlb_func on each CPU of the mask that should flush. */
    private void flushTlbMulti(int from, MmContext mm, long start, long end, int strideShift, boolean freedTables,
            long newTlbGen, boolean trim) {
        mmu.stats().row(from)[TlbStats.NR_TLB_REMOTE_FLUSH]++;
        long[] mask = mm.cpumask.clone();
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            if ((mask[cpu >>> 6] & (1L << cpu)) == 0) {
                continue;
            }
            if (freedTables || loadedMm[cpu] == mm || trim) {
                flushTlbFunc(cpu, from, mm, start, end, strideShift, newTlbGen);
            }
        }
    }

    /** flush_tlb_func on {@code cpu} for a request initiated on {@code from}. */
    private void flushTlbFunc(int cpu, int from, MmContext mm, long start, long end, int strideShift, long newTlbGen) {
        long[] n = mmu.stats().row(cpu);
        boolean local = cpu == from;
        if (!local) {
            n[TlbStats.NR_TLB_REMOTE_FLUSH_RECEIVED]++;
        }
        MmContext loaded = loadedMm[cpu];
        if (mm != loaded) {
            mm.clearCpu(cpu);
            return;
        }
        if (loaded == initMm) {
            return;
        }
        int slot = cpu * TLB_NR_DYN_ASIDS + loadedAsid[cpu];
        long localTlbGen = ctxGens[slot];
        if (newTlbGen != TLB_GENERATION_INVALID && newTlbGen <= localTlbGen) {
            return;
        }
        long mmTlbGen = loaded.tlbGen;
        if (localTlbGen == mmTlbGen) {
            return;
        }
        if (end != TLB_FLUSH_ALL && newTlbGen == localTlbGen + 1 && newTlbGen == mmTlbGen) {
            long nr = 0;
            for (long addr = start; Long.compareUnsigned(addr, end) < 0; addr += 1L << strideShift) {
                mmu.invlpg(cpu, addr);
                nr++;
            }
            if (local) {
                n[TlbStats.NR_TLB_LOCAL_FLUSH_ONE] += nr;
            }
        } else {
            mmu.loadCr3(cpu, loaded.walker, mmu.pcid(cpu), false);
            if (local) {
                n[TlbStats.NR_TLB_LOCAL_FLUSH_ALL]++;
            }
        }
        ctxGens[slot] = mmTlbGen;
    }

    /** flush_tlb_all from {@code cpu}: one nr_tlb_remote_flush, then every CPU (itself included) flushes everything. */
    public void flushTlbAll(int cpu) {
        mmu.stats().row(cpu)[TlbStats.NR_TLB_REMOTE_FLUSH]++;
        doFlushTlbAllEverywhere();
    }

    /** on_each_cpu(do_flush_tlb_all): each CPU counts nr_tlb_remote_flush_received and flushes everything. */
    private void doFlushTlbAllEverywhere() {
        for (int c = 0; c < nrCpus; c++) {
            mmu.stats().row(c)[TlbStats.NR_TLB_REMOTE_FLUSH_RECEIVED]++;
            mmu.flushGlobal(c);
        }
    }

    /**
     * flush_tlb_kernel_range(start, end): beyond the ceiling every CPU flushes everything (as
     * flush_tlb_all, without its nr_tlb_remote_flush); otherwise every CPU INVLPGs each 4K page.
     */
    public void flushTlbKernelRange(long start, long end) {
        if (end == TLB_FLUSH_ALL
                || Long.compareUnsigned((end - start) >>> PAGE_SHIFT, tlbSinglePageFlushCeiling) > 0) {
            doFlushTlbAllEverywhere();
            return;
        }
        for (int c = 0; c < nrCpus; c++) {
            for (long addr = start; Long.compareUnsigned(addr, end) < 0; addr += 1L << PAGE_SHIFT) {
                mmu.invlpg(c, addr);
            }
        }
    }
}
