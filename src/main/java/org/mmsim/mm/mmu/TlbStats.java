/*
 * Per-CPU TLB counters: hardware-side hits, misses, walks, faults and invalidations (what perf's
 * dTLB/iTLB and dtlb_load_misses.walk_completed events count), plus the four CONFIG_DEBUG_TLBFLUSH
 * vm events of include/linux/vm_event_item.h under their /proc/vmstat names. Linux's counters are
 * per-CPU and summed for /proc/vmstat; so are these. The host's 6.18 kernel is built without
 * CONFIG_DEBUG_TLBFLUSH, so its /proc/vmstat has no nr_tlb_* lines.
 */
package org.mmsim.mm.mmu;

public final class TlbStats {
    public static final int L1D_HIT = 0;
    public static final int L1D_MISS = 1;
    public static final int L1I_HIT = 2;
    public static final int L1I_MISS = 3;
    public static final int STLB_HIT = 4;
    public static final int STLB_MISS = 5;
    /** Page walks, including re-walks to set the dirty bit of a cached clean entry. */
    public static final int WALK = 6;
    public static final int FAULT = 7;
    /** INVLPG instructions (flush_tlb_one_user / one_kernel). */
    public static final int INVLPG = 8;
    /** CR3 loads that flushed the loaded PCID (context switch with need_flush, flush_tlb_local). */
    public static final int FLUSH_PCID = 9;
    /** Full flushes including global entries (__flush_tlb_all). */
    public static final int FLUSH_GLOBAL = 10;
    public static final int NR_TLB_REMOTE_FLUSH = 11;
    public static final int NR_TLB_REMOTE_FLUSH_RECEIVED = 12;
    public static final int NR_TLB_LOCAL_FLUSH_ALL = 13;
    public static final int NR_TLB_LOCAL_FLUSH_ONE = 14;
    public static final int NR_COUNTERS = 15;

    public static final String[] NAMES = {
        "l1d_hit", "l1d_miss", "l1i_hit", "l1i_miss", "stlb_hit", "stlb_miss", "walk", "fault",
        "invlpg", "flush_pcid", "flush_global",
        "nr_tlb_remote_flush", "nr_tlb_remote_flush_received", "nr_tlb_local_flush_all", "nr_tlb_local_flush_one",
    };

    private final long[][] perCpu;

    TlbStats(int nrCpus) {
        perCpu = new long[nrCpus][NR_COUNTERS];
    }

    /** The live counter row of one CPU (the MMU increments it in place). */
    long[] row(int cpu) {
        return perCpu[cpu];
    }

    public long get(int cpu, int counter) {
        return perCpu[cpu][counter];
    }

    /** Sum over CPUs, as /proc/vmstat shows a vm event. */
    public long sum(int counter) {
        long s = 0;
        for (long[] row : perCpu) {
            s += row[counter];
        }
        return s;
    }
}
