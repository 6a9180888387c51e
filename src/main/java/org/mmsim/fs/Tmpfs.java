/*
 * tmpfs (mm/shmem.c): files whose pages live only in memory, swap-backed and counted as Shmem;
 * never written back, dropped by truncation or when the inode is evicted (shmem_evict_inode: unlinked
 * and held by no open file or mapping). /dev/shm is one (POSIX shared memory lives there).
 * Each mount has its size limit (shmem_sb_info: half of RAM, the default without size=); a file's
 * pages are charged to it and, tmpfs files being VM_NORESERVE, to the commit as they are allocated;
 * either refusal is ENOSPC (SIGBUS on a fault).
 * Left out: the nr_inodes= option, huge pages, swapping out.
 */
package org.mmsim.fs;

import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.Backing;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.filemap.ShmemSbInfo;

public final class Tmpfs extends Filesystem {
    private final ShmemSbInfo sb;

    public Tmpfs(PageCache cache) {
        this(cache, -1);
    }

    /** A tmpfs of maxBlocks pages (size=; 0 unlimited), or half of RAM when maxBlocks is negative. */
    public Tmpfs(PageCache cache, long maxBlocks) {
        super(cache);
        this.sb = maxBlocks < 0 ? cache.newShmemSb() : new ShmemSbInfo(maxBlocks);
    }

    /** The mount's block accounting (statfs: f_blocks is max_blocks, f_bfree what used_blocks leaves). */
    public ShmemSbInfo sbInfo() {
        return sb;
    }

    @Override
    public String type() {
        return "tmpfs";
    }

    @Override
    public String source() {
        return "tmpfs";
    }

    @Override
    public String options() {
        return "rw,nosuid,nodev";
    }

    @Override
    String inodeCacheName() {
        return Icache.SHMEM_INODE_CACHE;
    }

    @Override
    boolean persistentDentries() {
        return true;
    }

    @Override
    public boolean supportsDirect() {
        return false;
    }

    @Override
    protected AddressSpace newMapping() {
        AddressSpace as = cache.newMapping(Backing.NONE, true, 0, 0);
        as.sb = sb;
        return as;
    }
}
