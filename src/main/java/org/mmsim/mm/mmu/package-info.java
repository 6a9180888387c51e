/**
 * The x86-64 MMU and Linux's TLB management (arch/x86/mm/tlb.c): per-CPU set-associative TLBs with
 * PCIDs, address translation with permission faults, and the flushes and shootdowns Linux issues.
 *
 * <p>API:
 * <ul>
 * <li>Build: {@code Mmu mmu = new Mmu(TlbGeometry.cascadeLake(), nrCpus)};
 * {@code Tlb tlb = new Tlb(mmu, kernelWalker, pcid, clock)} boots every CPU on init_mm.</li>
 * <li>Page tables plug in as {@link org.mmsim.mm.mmu.LeafWalker} (a {@link org.mmsim.mm.mmu.PageWalker}
 * that also reports the leaf's page shift and takes the CPU's accessed/dirty update); one per mm:
 * {@code MmContext ctx = tlb.initNewContext(walker)}.</li>
 * <li>Scheduling: {@code tlb.switchMm(cpu, ctx)} (choose_new_asid, PCID flush on reuse or stale tlb_gen).</li>
 * <li>Accesses: {@code mmu.translate(cpu, vaddr, access)} with access bits {@code Pte.PF_WRITE | PF_USER |
 * PF_INSTR}; returns the physical address, or {@code Mmu.FAULT | error code} ({@code Mmu.isFault},
 * {@code Mmu.errorCode}) for the fault handler. No allocation. A run of first-touch faults:
 * {@code mmu.uncachedRun(cpu, vaddr, n)} says how many pages have no entry, {@code mmu.faultedRun(...)}
 * counts and fills as their faulting translations and retries would.</li>
 * <li>After changing a page table: {@code tlb.flushTlbMmRange(cpu, ctx, start, end, strideShift,
 * freedTables)}, {@code tlb.flushTlbAll(cpu)}, {@code tlb.flushTlbKernelRange(start, end)}.</li>
 * <li>Counters: {@code mmu.stats()} per CPU and summed ({@link org.mmsim.mm.mmu.TlbStats}), including
 * nr_tlb_remote_flush, nr_tlb_remote_flush_received, nr_tlb_local_flush_all, nr_tlb_local_flush_one;
 * {@code mmu.occupancy(cpu, level, size)} for inspection.</li>
 * </ul>
 */
package org.mmsim.mm.mmu;
