/*
 * tmpfs (mm/shmem.c): files whose pages live only in memory, swap-backed and counted as Shmem;
 * never written back, dropped by truncation or when the inode is evicted (shmem_evict_inode: unlinked
 * and held by no open file or mapping). /dev/shm is one (POSIX shared memory lives there).
 * Left out: size= and nr_inodes= limits, huge pages, swapping out (no swap yet).
 */
package org.mmsim.fs;

import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.Backing;
import org.mmsim.mm.filemap.PageCache;

public final class Tmpfs extends Filesystem {
    public Tmpfs(PageCache cache) {
        super(cache);
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
        return cache.newMapping(Backing.NONE, true, 0, 0);
    }
}
