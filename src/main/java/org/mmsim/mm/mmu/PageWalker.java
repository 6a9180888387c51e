package org.mmsim.mm.mmu;

public interface PageWalker {
    long walk(long vaddr);
}
