/*
 * An anon_vma (mm/rmap.c) reduced to identity: VMAs sharing one may merge. The fault layer attaches
 * one through MmStruct.anonVmaPrepare. Leaves out the anon_vma_chain and fork hierarchy, so every
 * VMA counts as having a singular chain in the merge rules.
 */
package org.mmsim.mm.vma;

public final class AnonVma {
    public final long id;

    public AnonVma(long id) {
        this.id = id;
    }

    @Override
    public String toString() {
        return "anon_vma#" + id;
    }
}
