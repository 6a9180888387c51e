/*
 * What the x86 page-walk hardware learns and does beyond the leaf PTE value: the level the walk ended
 * at (a 4K PTE, a 2M PMD or a 1G PUD leaf; bit 7 is PAT in a 4K PTE and PSE above, so the PTE alone
 * cannot tell) and the atomic accessed/dirty update the CPU makes in the leaf on a permitted access.
 * Leaves out the upper-level A bits and paging-structure caches.
 */
package org.mmsim.mm.mmu;

public interface LeafWalker extends PageWalker {
    /** Page shift (12, 21 or 30) of the leaf the most recent {@link #walk} returned; meaningful only when it was present. */
    int leafShift();

    /**
     * The CPU sets the accessed bit (and the dirty bit on a write) in the leaf that maps {@code vaddr};
     * called only after {@link #walk} returned a present leaf that permits the access but lacks those bits.
     */
    void markAccessed(long vaddr, boolean dirty);

    /** An address space that maps nothing: init_mm's user half (the kernel's own tables are not modelled). */
    LeafWalker NONE = new LeafWalker() {
        @Override
        public long walk(long vaddr) {
            return 0;
        }

        @Override
        public int leafShift() {
            return 12;
        }

        @Override
        public void markAccessed(long vaddr, boolean dirty) {
            throw new IllegalStateException("nothing is mapped");
        }
    };
}
