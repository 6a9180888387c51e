/*
 * The active swap areas as the swap commands show them (swapon --show, -s): ProcFs supplies the
 * swap layer's areas (mm.swap.SwapFile).
 */
package org.mmsim.procfs;

import java.util.List;

@FunctionalInterface
public interface SwapAreas {
    /** One active area as swap_show prints it: sizes in KiB, type "partition" or "file". */
    record Area(String filename, String type, long sizeKb, long usedKb, int priority) {
    }

    /** The active areas in swap_info order. */
    List<Area> areas();
}
