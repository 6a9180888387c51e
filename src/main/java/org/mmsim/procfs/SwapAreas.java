/*
 * The swap areas /proc/swaps lists (mm/swapfile.c swap_show): the seam between the swap layer and
 * procfs and the swap commands. ProcFs starts with none (what Linux shows before any swapon); the
 * swap layer, when wired in, supplies its swap_info array through ProcFs.setSwapAreas.
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

    /** swap_show(): the header, then one line per area (the name padded to 40, tab-separated fields). */
    static String render(List<Area> areas) {
        StringBuilder sb = new StringBuilder("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        for (Area a : areas) {
            sb.append(String.format("%-40s%s\t%s\t\t%s\t\t%d\n", a.filename(), a.type(), a.sizeKb(), a.usedKb(),
                    a.priority()));
        }
        return sb.toString();
    }
}
