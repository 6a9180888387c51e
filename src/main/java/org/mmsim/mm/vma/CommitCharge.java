/*
 * The commit-charge seam between the VMA layer and the overcommit policy (include/linux/mman.h
 * vm_acct_memory/vm_unacct_memory, include/linux/security.h security_vm_enough_memory_mm): the
 * mapping calls charge the pages of VM_ACCOUNT mappings here and give them back when the mappings
 * go. org.mmsim.mm.util.Overcommit is the policy a booted kernel installs; NONE accepts everything
 * and counts nothing (an mm built outside a kernel, as unit tests build them).
 */
package org.mmsim.mm.vma;

public interface CommitCharge {
    /**
     * security_vm_enough_memory_mm(mm, pages) -> __vm_enough_memory(): charges pages to
     * vm_committed_as and returns true, or returns false with nothing charged.
     */
    boolean vmEnoughMemory(MmStruct mm, long pages);

    /** vm_acct_memory(pages); negative pages is vm_unacct_memory(). */
    void vmAcctMemory(long pages);

    /** sysctl_overcommit_memory == OVERCOMMIT_NEVER: MAP_NORESERVE is then ignored. */
    boolean neverOvercommit();

    CommitCharge NONE = new CommitCharge() {
        @Override
        public boolean neverOvercommit() {
            return false;
        }

        @Override
        public boolean vmEnoughMemory(MmStruct mm, long pages) {
            return true;
        }

        @Override
        public void vmAcctMemory(long pages) {
        }
    };
}
