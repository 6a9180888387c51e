/*
 * The inode cache (fs/inode.c): in-core inodes as objects of their filesystem's slab cache
 * (alloc_inode/destroy_inode: ext4_inode_cache for the disk filesystem, shmem_inode_cache for
 * tmpfs; inode_cache is the generic one inode_init makes), i_count from dentries, and the unused
 * ones on the superblock's inode LRU: iput_final adds them (I_REFERENCED if already there),
 * inode_add_lru adds them when their page cache empties, and prune_icache_sb walks the LRU with
 * inode_lru_isolate: in use or holding page-cache pages -> off the LRU (they come back when the
 * pages go, as mapping_shrinkable() wants without highmem), I_REFERENCED -> one more pass, else
 * evicted and its object freed.
 * Left out: the inode hash (the directory tree holds every inode, cached or not), dirty-inode
 * states (only dirty pages pin an inode here), buffer heads, I_DONTCACHE, the shadow-entry case
 * (an inode with only workingset shadows counts as empty), re-reading inodes from disk (no I/O).
 */
package org.mmsim.fs;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.shrinker.ListLru;
import org.mmsim.mm.shrinker.ShrinkControl;
import org.mmsim.mm.slab.KmemCache;
import org.mmsim.mm.slab.SlabFlags;
import org.mmsim.mm.slab.Slub;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

final class Icache {
    static final String INODE_CACHE = "inode_cache", EXT4_INODE_CACHE = "ext4_inode_cache",
            SHMEM_INODE_CACHE = "shmem_inode_cache";
    /** sizeof(struct inode), struct ext4_inode_info and struct shmem_inode_info on the host's 6.18 build. */
    static final int INODE_SIZE = 616, EXT4_INODE_SIZE = 1120, SHMEM_INODE_SIZE = 744;
    /** ext4's usercopy window: ext4_inode_info.i_data, 15 block pointers of 4 bytes. */
    static final int EXT4_I_DATA_SIZE = 60;

    private final Slub slab;
    final KmemCache shmemInodeCache, ext4InodeCache;
    private Inode[] byId = new Inode[64];
    private int[] freeIds = new int[64];
    private int nrFreeIds, nextId;
    private final List<Inode> dispose = new ArrayList<>();
    /** nr_inodes: in-core inodes allocated. */
    private long nrInodes;
    private final ListLru.Isolate isolate = this::isolate;

    Icache(Slub slab) {
        this.slab = slab;
        int reclaim = SlabFlags.SLAB_RECLAIM_ACCOUNT | SlabFlags.SLAB_PANIC | SlabFlags.SLAB_ACCOUNT;
        // inode_init(): the generic cache exists, though nothing here (no sockets, pipes, procfs) allocates from it
        slab.kmemCacheCreate(INODE_CACHE, INODE_SIZE, 0, reclaim, 0, true);
        shmemInodeCache = slab.kmemCacheCreate(SHMEM_INODE_CACHE, SHMEM_INODE_SIZE, 0,
                SlabFlags.SLAB_PANIC | SlabFlags.SLAB_ACCOUNT, 0, true);
        ext4InodeCache = slab.kmemCacheCreate(EXT4_INODE_CACHE, EXT4_INODE_SIZE, 0,
                SlabFlags.SLAB_RECLAIM_ACCOUNT | SlabFlags.SLAB_ACCOUNT, EXT4_I_DATA_SIZE, true);
    }

    long nrInodes() {
        return nrInodes;
    }

    private KmemCache cacheOf(Filesystem fs) {
        return fs.inodeCacheName().equals(SHMEM_INODE_CACHE) ? shmemInodeCache : ext4InodeCache;
    }

    /** iget(): the in-core inode with one more reference, allocated (alloc_inode) if not cached. */
    void iget(Inode inode) {
        if (inode.objAddr == 0) {
            long addr = slab.kmemCacheAlloc(cacheOf(inode.fs), Gfp.GFP_KERNEL);
            if (addr == 0) {
                throw new KernelError(Errno.ENOMEM);
            }
            inode.objAddr = addr;
            inode.lruId = newId(inode);
            nrInodes++;
        }
        inode.iCount++;
    }

    /** iput(): the last reference evicts an unlinked inode and parks a linked one on the LRU. */
    void iput(Inode inode) {
        if (--inode.iCount > 0) {
            return;
        }
        if (inode.nlink == 0) {
            evict(inode);
        } else {
            addLru(inode, true);
        }
    }

    /** __inode_add_lru(): an unused, linked inode without page-cache pages goes on the LRU. */
    void addLru(Inode inode, boolean rotate) {
        if (inode.objAddr == 0 || inode.iCount > 0 || inode.nlink == 0 || !shrinkable(inode)) {
            return;
        }
        if (!inode.fs.shrinker.inodeLru.add(inode.lruId, slab.nodeOf(inode.objAddr)) && rotate) {
            inode.iReferenced = true;
        }
    }

    /** mapping_shrinkable() without highmem: no pages in the cache. */
    private static boolean shrinkable(Inode inode) {
        return inode.mapping == null || inode.mapping.nrpages() == 0;
    }

    /** inode_lru_isolate(). */
    private int isolate(ListLru lru, int id) {
        Inode inode = byId[id];
        if (inode.iCount > 0 || !shrinkable(inode)) {
            lru.isolate(id);
            return ListLru.LRU_REMOVED;
        }
        if (inode.iReferenced) {
            inode.iReferenced = false;
            return ListLru.LRU_ROTATE;
        }
        lru.isolate(id);
        dispose.add(inode);
        return ListLru.LRU_REMOVED;
    }

    /** prune_icache_sb(): walk sc.nrToScan inodes of the node's LRU, evict the isolated ones; isolated count. */
    long prune(SuperShrinker sb, ShrinkControl sc) {
        dispose.clear();
        long freed = sb.inodeLru.walk(sc.nid, sc.nrToScan, isolate);
        for (Inode inode : dispose) {
            evict(inode);
        }
        dispose.clear();
        return freed;
    }

    /** evict() + destroy_inode(): off the LRU, the object back to its cache; the inode stays on disk. */
    void evict(Inode inode) {
        if (inode.objAddr == 0) {
            return;
        }
        inode.fs.shrinker.inodeLru.del(inode.lruId);
        slab.kmemCacheFree(cacheOf(inode.fs), inode.objAddr);
        byId[inode.lruId] = null;
        freeId(inode.lruId);
        inode.objAddr = 0;
        inode.lruId = -1;
        nrInodes--;
        inode.iReferenced = false;
    }

    private int newId(Inode inode) {
        int id = nrFreeIds > 0 ? freeIds[--nrFreeIds] : nextId++;
        if (id >= byId.length) {
            byId = Arrays.copyOf(byId, 2 * byId.length);
        }
        byId[id] = inode;
        return id;
    }

    private void freeId(int id) {
        if (nrFreeIds == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, 2 * freeIds.length);
        }
        freeIds[nrFreeIds++] = id;
    }
}
