/*
 * The x86 part of an mm_struct that TLB management uses (mm_context_t and mm_cpumask in
 * arch/x86/include/asm/mmu.h): ctx_id (unique, never reused), tlb_gen (bumped by every flush
 * request), the CPUs that may cache its translations, the next time the cpumask may be trimmed,
 * and its page table as a walker. Leaves out global ASIDs (INVLPGB), LAM and LDT state.
 */
package org.mmsim.mm.mmu;

public final class MmContext {
    final long ctxId;
    long tlbGen;
    final long[] cpumask;
    long nextTrimCpumaskNs;
    final LeafWalker walker;

    MmContext(long ctxId, LeafWalker walker, int nrCpus, long nextTrimCpumaskNs) {
        this.ctxId = ctxId;
        this.walker = walker;
        this.cpumask = new long[(nrCpus + 63) >>> 6];
        this.nextTrimCpumaskNs = nextTrimCpumaskNs;
    }

    public long ctxId() {
        return ctxId;
    }

    public long tlbGen() {
        return tlbGen;
    }

    public LeafWalker walker() {
        return walker;
    }

    /** cpumask_test_cpu(cpu, mm_cpumask(mm)). */
    public boolean onCpu(int cpu) {
        return (cpumask[cpu >>> 6] & (1L << cpu)) != 0;
    }

    void setCpu(int cpu) {
        cpumask[cpu >>> 6] |= 1L << cpu;
    }

    void clearCpu(int cpu) {
        cpumask[cpu >>> 6] &= ~(1L << cpu);
    }

    /** cpumask_any_but(mm_cpumask(mm), cpu) < nr_cpu_ids. */
    boolean onOtherCpu(int cpu) {
        for (int i = 0; i < cpumask.length; i++) {
            long word = cpumask[i];
            if (i == cpu >>> 6) {
                word &= ~(1L << cpu);
            }
            if (word != 0) {
                return true;
            }
        }
        return false;
    }
}
