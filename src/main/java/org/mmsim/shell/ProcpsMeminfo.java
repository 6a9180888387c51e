/*
 * procps-ng 4.0.2's library/meminfo.c as free and vmstat use it: every "Name: value" line of
 * /proc/meminfo (in kB), and the derived figures: MemAvailable falls back to MemFree when absent or
 * larger than MemTotal; used = MemTotal - MemAvailable (MemTotal - MemFree if that is negative);
 * cached = Cached + SReclaimable; Low is all of memory when the kernel has no highmem (LowTotal
 * absent, as on x86-64), High is then zero; swap used = SwapTotal - SwapFree. Read only through the
 * simulated /proc, as the library reads the real one. Left out: the library's history (deltas).
 */
package org.mmsim.shell;

import java.util.HashMap;
import java.util.Map;

final class ProcpsMeminfo {
    private final Map<String, Long> fields = new HashMap<>();
    final long total, free, available, used, buffers, cached, shared, active, inactive;
    final long lowTotal, lowFree, lowUsed, highTotal, highFree, highUsed;
    final long swapTotal, swapFree, swapUsed, commitLimit, committedAs;

    ProcpsMeminfo(String text) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String v = line.substring(colon + 1).trim();
                int sp = v.indexOf(' ');
                fields.put(line.substring(0, colon), Long.parseUnsignedLong(sp < 0 ? v : v.substring(0, sp)));
            }
        }
        total = get("MemTotal");
        free = get("MemFree");
        long avail = get("MemAvailable") == 0 ? free : get("MemAvailable");
        available = avail > total ? free : avail;
        long u = total - available;
        used = u < 0 ? total - free : u;
        buffers = get("Buffers");
        cached = get("Cached") + get("SReclaimable");
        shared = get("Shmem");
        active = get("Active");
        inactive = get("Inactive");
        highTotal = get("HighTotal");
        highFree = get("HighFree");
        highUsed = highFree < highTotal ? highTotal - highFree : 0;
        boolean noLow = get("LowTotal") == 0;
        lowTotal = noLow ? total : get("LowTotal");
        lowFree = noLow ? free : get("LowFree");
        lowUsed = lowFree < lowTotal ? lowTotal - lowFree : 0;
        swapTotal = get("SwapTotal");
        swapFree = get("SwapFree");
        swapUsed = swapFree < swapTotal ? swapTotal - swapFree : 0;
        commitLimit = get("CommitLimit");
        committedAs = get("Committed_AS");
    }

    private long get(String name) {
        return fields.getOrDefault(name, 0L);
    }
}
