/*
 * The dentry cache (fs/dcache.c): dentries as objects of the dentry slab cache (d_alloc,
 * dentry_free), each holding a reference on its parent and on its inode; dput() leaves an unused
 * hashed dentry on the superblock's dentry LRU (retain_dentry: added, or marked
 * DCACHE_REFERENCED if already there), d_delete() at unlink, and prune_dcache_sb() walking the
 * LRU with dentry_lru_isolate (in use -> off the LRU, referenced -> one more pass, else onto the
 * dispose list) and shrink_dentry_list killing them, parents whose last child went with them.
 * vm.vfs_cache_pressure and vm.vfs_cache_pressure_denom scale what the shrinkers report
 * (vfs_pressure_ratio). tmpfs dentries are pinned while linked (d_make_persistent).
 * Left out: negative dentries (an unlinked name's dentry is freed at once, a failed lookup caches
 * nothing), the hash table, RCU-walk (every path component is looked up with a reference, which
 * marks a cached unused directory referenced), DCACHE_DONTCACHE, d_op.
 */
package org.mmsim.fs;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.shrinker.ListLru;
import org.mmsim.mm.shrinker.ShrinkControl;
import org.mmsim.mm.shrinker.Shrinkers;
import org.mmsim.mm.slab.KmemCache;
import org.mmsim.mm.slab.SlabFlags;
import org.mmsim.mm.slab.Slub;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Sysctl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

final class Dcache {
    static final String DENTRY_CACHE = "dentry";
    /** sizeof(struct dentry) and DNAME_INLINE_LEN (its usercopy window) on x86-64. */
    static final int DENTRY_SIZE = 192, DNAME_INLINE_LEN = 40;

    private final Slub slab;
    final Icache icache;
    final Shrinkers shrinkers;
    final KmemCache dentryCache;
    private final int nrNodes;
    private Dentry[] byId = new Dentry[64];
    private int[] freeIds = new int[64];
    private int nrFreeIds, nextId;
    private final List<Dentry> dispose = new ArrayList<>();
    private final List<SuperShrinker> supers = new ArrayList<>();
    /** nr_dentry: dentries allocated. */
    private long nrDentry;
    private final ListLru.Isolate isolate = this::isolate;
    /** sysctl_vfs_cache_pressure and sysctl_vfs_cache_pressure_denom. */
    private int vfsCachePressure = 100, vfsCachePressureDenom = 100;

    Dcache(Slub slab, Shrinkers shrinkers, int nrNodes) {
        this.slab = slab;
        this.shrinkers = shrinkers;
        this.nrNodes = nrNodes;
        dentryCache = slab.kmemCacheCreate(DENTRY_CACHE, DENTRY_SIZE, 8,
                SlabFlags.SLAB_RECLAIM_ACCOUNT | SlabFlags.SLAB_PANIC | SlabFlags.SLAB_ACCOUNT, DNAME_INLINE_LEN, false);
        icache = new Icache(slab);
    }

    void registerSysctls(Sysctl sysctl) {
        sysctl.registerInt("vm.vfs_cache_pressure", () -> vfsCachePressure, 0, Integer.MAX_VALUE,
                v -> vfsCachePressure = v);
        sysctl.registerInt("vm.vfs_cache_pressure_denom", () -> vfsCachePressureDenom, 100, Integer.MAX_VALUE,
                v -> vfsCachePressureDenom = v);
        // struct dentry_stat_t: nr_dentry, nr_unused, age_limit 45, want_pages, nr_negative, dummy
        sysctl.registerReadOnly("fs.dentry-state", () -> nrDentry + "\t" + unusedDentries() + "\t45\t0\t0\t0\n");
        // struct inodes_stat_t: nr_inodes, nr_unused, and five dummies in inode-state
        sysctl.registerReadOnly("fs.inode-nr", () -> icache.nrInodes() + "\t" + unusedInodes() + "\n");
        sysctl.registerReadOnly("fs.inode-state",
                () -> icache.nrInodes() + "\t" + unusedInodes() + "\t0\t0\t0\t0\t0\n");
    }

    /** nr_dentry_unused: dentries on the superblocks' LRUs. */
    private long unusedDentries() {
        long n = 0;
        for (SuperShrinker sb : supers) {
            n += sb.dentryLru.count();
        }
        return n;
    }

    /** nr_unused inodes: on the superblocks' LRUs. */
    private long unusedInodes() {
        long n = 0;
        for (SuperShrinker sb : supers) {
            n += sb.inodeLru.count();
        }
        return n;
    }

    /** vfs_pressure_ratio(): mult_frac(val, vfs_cache_pressure, vfs_cache_pressure_denom). */
    long pressureRatio(long val) {
        return SuperShrinker.multFrac(val, vfsCachePressure, vfsCachePressureDenom);
    }

    /** alloc_super()'s shrinker and LRUs, and d_make_root(): the root dentry, pinned by the mount. */
    void mount(Filesystem fs) {
        fs.shrinker = new SuperShrinker(this, nrNodes);
        shrinkers.register(fs.shrinker);
        supers.add(fs.shrinker);
        dAlloc(null, fs.root, false);
    }

    /** d_lookup() or d_alloc() + the filesystem's lookup: child's dentry with one more reference; parent is held. */
    Dentry lookup(Dentry parent, Inode child) {
        Dentry d = child.dentry;
        if (d != null) {
            d.count++;
            return d;
        }
        return dAlloc(parent, child, false);
    }

    /** d_alloc() + d_instantiate() of a new file or directory (tmpfs pins it); one reference. */
    Dentry create(Dentry parent, Inode child) {
        return dAlloc(parent, child, child.fs.persistentDentries());
    }

    private Dentry dAlloc(Dentry parent, Inode inode, boolean persistent) {
        icache.iget(inode);
        long addr = slab.kmemCacheAlloc(dentryCache, Gfp.GFP_KERNEL);
        if (addr == 0) {
            icache.iput(inode);
            throw new KernelError(Errno.ENOMEM);
        }
        int id = nrFreeIds > 0 ? freeIds[--nrFreeIds] : nextId++;
        if (id >= byId.length) {
            byId = Arrays.copyOf(byId, 2 * byId.length);
        }
        Dentry d = new Dentry(id, addr, parent, inode);
        byId[id] = d;
        nrDentry++;
        if (parent != null) {
            parent.count++;
        }
        if (persistent) {
            d.count++;
        }
        inode.dentry = d;
        return d;
    }

    /** dget(). */
    Dentry dget(Dentry d) {
        d.count++;
        return d;
    }

    /** dput(): the last reference keeps a hashed dentry on the LRU, kills an unhashed one (and maybe its parent). */
    void dput(Dentry d) {
        if (--d.count > 0) {
            return;
        }
        putLast(d);
    }

    private void putLast(Dentry d) {
        while (!retain(d)) {
            d = kill(d);
            if (d == null) {
                return;
            }
        }
    }

    /** d_delete() at unlink, the caller holding no reference: freed now if unused, else when last put. */
    void delete(Dentry d) {
        if (d.inode.fs.persistentDentries()) {
            d.count--;
        }
        if (d.count > 0) {
            d.unhashed = true;
            return;
        }
        Dentry parent = kill(d);
        if (parent != null) {
            putLast(parent);
        }
    }

    /** retain_dentry(): unhashed ones go; others onto the LRU, or marked referenced if already on it. */
    private boolean retain(Dentry d) {
        if (d.unhashed) {
            return false;
        }
        ListLru lru = d.inode.fs.shrinker.dentryLru;
        if (!lru.add(d.id, slab.nodeOf(d.addr))) {
            d.referenced = true;
        }
        return true;
    }

    /** __dentry_kill(): off the LRU, inode put, object freed; the parent if that was its last reference. */
    private Dentry kill(Dentry d) {
        d.inode.fs.shrinker.dentryLru.del(d.id);
        d.inode.dentry = null;
        icache.iput(d.inode);
        slab.kmemCacheFree(dentryCache, d.addr);
        byId[d.id] = null;
        nrDentry--;
        if (nrFreeIds == freeIds.length) {
            freeIds = Arrays.copyOf(freeIds, 2 * freeIds.length);
        }
        freeIds[nrFreeIds++] = d.id;
        Dentry parent = d.parent;
        return parent != null && --parent.count == 0 ? parent : null;
    }

    /** dentry_lru_isolate(). */
    private int isolate(ListLru lru, int id) {
        Dentry d = byId[id];
        if (d.count > 0) {
            lru.isolate(id);
            return ListLru.LRU_REMOVED;
        }
        if (d.referenced) {
            d.referenced = false;
            return ListLru.LRU_ROTATE;
        }
        lru.isolate(id);
        dispose.add(d);
        return ListLru.LRU_REMOVED;
    }

    /** prune_dcache_sb(): walk sc.nrToScan dentries of the node's LRU, then shrink_dentry_list(); isolated count. */
    long prune(SuperShrinker sb, ShrinkControl sc) {
        dispose.clear();
        long freed = sb.dentryLru.walk(sc.nid, sc.nrToScan, isolate);
        for (Dentry d : dispose) {
            if (byId[d.id] != d || d.count > 0) {
                continue;
            }
            // shrink_kill(): a parent left without references dies with its child
            Dentry victim = d;
            do {
                victim = kill(victim);
            } while (victim != null);
        }
        dispose.clear();
        return freed;
    }
}
