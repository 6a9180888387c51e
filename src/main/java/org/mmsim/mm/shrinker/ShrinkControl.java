/*
 * struct shrink_control (include/linux/shrinker.h): what one scan_objects call is asked to do.
 * Left out: memcg (there are no memory cgroups).
 */
package org.mmsim.mm.shrinker;

public final class ShrinkControl {
    public int gfp;
    public int nid;
    /** Objects to scan in this call. */
    public long nrToScan;
    /** Objects scanned; starts at nrToScan, a shrinker may lower it. */
    public long nrScanned;
}
