package org.mmsim.mm.mmu;

/** A hardware page walk: the leaf PTE value mapping vaddr, 0 when not present. */
public interface PageWalker {
    long walk(long vaddr);
}
