/*
 * struct shmem_sb_info's block accounting (mm/shmem.c): a tmpfs mount's size limit, max_blocks
 * (shmem_default_max_blocks(): half of RAM unless size= says otherwise), and used_blocks, which
 * shmem_inode_acct_blocks() raises for each page a tmpfs file gains and shmem_inode_unacct_blocks()
 * lowers for each it loses. Tmpfs files are VM_NORESERVE, so each such page is also charged to the
 * commit (shmem_acct_blocks) when it is allocated, not when the file is made.
 * Left out: nr_inodes (free_ispace), quotas, huge= and the per-inode alloced/swapped split (shmem
 * pages are never swapped here, so a page leaving the cache is a page freed).
 */
package org.mmsim.mm.filemap;

public final class ShmemSbInfo {
    /** max_blocks in pages; 0 means unlimited (size=0). */
    public final long maxBlocks;
    long usedBlocks;

    public ShmemSbInfo(long maxBlocks) {
        this.maxBlocks = maxBlocks;
    }

    /** used_blocks in pages. */
    public long usedBlocks() {
        return usedBlocks;
    }
}
