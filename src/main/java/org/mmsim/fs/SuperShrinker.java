/*
 * A superblock's shrinker (fs/super.c alloc_super, super_cache_count, super_cache_scan): NUMA
 * aware, DEFAULT_SEEKS, batches of 1024, counting the unused dentries and inodes on its LRUs
 * scaled by vfs_pressure_ratio(), and scanning them in proportion, dentries first since they pin
 * the inodes. Nothing is scanned without __GFP_FS.
 * Left out: nr_cached_objects/free_cached_objects (no filesystem-private caches), SB_BORN and the
 * s_umount trylock (mounts never change while reclaim runs).
 */
package org.mmsim.fs;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.shrinker.ListLru;
import org.mmsim.mm.shrinker.ShrinkControl;
import org.mmsim.mm.shrinker.Shrinker;

final class SuperShrinker extends Shrinker {
    /** s_shrink->batch. */
    static final int SUPER_BATCH = 1024;

    final ListLru dentryLru, inodeLru;
    final Dcache dcache;
    final Icache icache;

    SuperShrinker(Dcache dcache, int nrNodes) {
        super(DEFAULT_SEEKS, SUPER_BATCH, true, nrNodes);
        this.dentryLru = new ListLru(nrNodes);
        this.inodeLru = new ListLru(nrNodes);
        this.dcache = dcache;
        this.icache = dcache.icache;
    }

    @Override
    public long countObjects(ShrinkControl sc) {
        long total = dentryLru.countNode(sc.nid) + inodeLru.countNode(sc.nid);
        if (total == 0) {
            return SHRINK_EMPTY;
        }
        return dcache.pressureRatio(total);
    }

    @Override
    public long scanObjects(ShrinkControl sc) {
        if ((sc.gfp & Gfp.__GFP_FS) == 0) {
            return SHRINK_STOP;
        }
        long inodes = inodeLru.countNode(sc.nid);
        long dentries = dentryLru.countNode(sc.nid);
        long total = Math.max(1, dentries + inodes);
        long nrToScan = sc.nrToScan;
        dentries = multFrac(nrToScan, dentries, total);
        inodes = multFrac(nrToScan, inodes, total);
        // at least one of each, so small caches can be emptied
        sc.nrToScan = dentries + 1;
        long freed = dcache.prune(this, sc);
        sc.nrToScan = inodes + 1;
        freed += icache.prune(this, sc);
        return freed;
    }

    /** mult_frac(x, n, d) without overflowing x * n. */
    static long multFrac(long x, long n, long d) {
        return x / d * n + x % d * n / d;
    }
}
