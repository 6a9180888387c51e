/*
 * struct shrinker (include/linux/shrinker.h): a cache reclaim can ask to give objects back, with
 * its count_objects/scan_objects callbacks, seeks, batch and the scan work deferred per node
 * (nr_deferred). SHRINK_EMPTY and SHRINK_STOP are Linux's return conventions.
 * Left out: memcg-aware shrinkers' per-memcg deferred counts (there are no memcgs), debugfs and
 * the name it shows.
 */
package org.mmsim.mm.shrinker;

public abstract class Shrinker {
    /** DEFAULT_SEEKS: objects that take I/O to recreate. */
    public static final int DEFAULT_SEEKS = 2;
    /** SHRINK_BATCH: objects per scan_objects call when a shrinker sets no batch. */
    public static final int SHRINK_BATCH = 128;
    /** count_objects: nothing is cached at all. */
    public static final long SHRINK_EMPTY = (~0L) - 1;
    /** scan_objects: cannot make progress in this context. */
    public static final long SHRINK_STOP = ~0L;

    public final int seeks;
    /** 0 means SHRINK_BATCH. */
    public final int batch;
    /** SHRINKER_NUMA_AWARE: counts and scans per node; otherwise everything is node 0's. */
    public final boolean numaAware;
    final long[] nrDeferred;

    protected Shrinker(int seeks, int batch, boolean numaAware, int nrNodes) {
        this.seeks = seeks;
        this.batch = batch;
        this.numaAware = numaAware;
        this.nrDeferred = new long[numaAware ? nrNodes : 1];
    }

    /** count_objects(): freeable objects on sc.nid, 0 or SHRINK_EMPTY when none. */
    public abstract long countObjects(ShrinkControl sc);

    /** scan_objects(): scans sc.nrToScan objects (may lower sc.nrScanned); freed objects, or SHRINK_STOP. */
    public abstract long scanObjects(ShrinkControl sc);

    /** The scan work carried over on a node (shrinker->nr_deferred[nid]). */
    public long nrDeferred(int nid) {
        return nrDeferred[numaAware ? nid : 0];
    }
}
