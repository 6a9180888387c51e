/**
 * x86-64 page tables (arch/x86/include/asm/pgtable*.h, arch/x86/mm/pgtable.c, the table half of
 * mm/memory.c): {@link org.mmsim.mm.pgtable.Pte} (entry bits and protection_map),
 * {@link org.mmsim.mm.pgtable.TablePages} (table pages from the page allocator, PG_table,
 * NR_PAGETABLE, one long[512] per page on the host) and {@link org.mmsim.mm.pgtable.PageTable}
 * (one address space's 4-level tree, its walk for the MMU model through
 * {@link org.mmsim.mm.mmu.PageWalker}, free_pgd_range, and the mm counters rss_stat, hiwater_rss
 * and pgtables_bytes).
 */
package org.mmsim.mm.pgtable;
