/*
 * x86-64's direct mapping as DirectMap4k/2M/1G of /proc/meminfo count it (arch/x86/mm/init.c:
 * init_mem_mapping, memory_map_top_down, init_range_memory_mapping, split_mem_range,
 * adjust_range_page_size_mask; arch/x86/mm/init_64.c update_page_count), with GB pages available.
 * The model: the ISA range [0, 1 MiB) is mapped with 4 KiB pages; then memory is mapped top-down
 * from the end of RAM (PMD_SIZE first, step growing by 2^8 once that much RAM is mapped), each
 * step clipped to the usable ranges, and each piece split into a 4k head, 2M head, 1G middle,
 * 2M tail and 4k tail, a 4k/2M piece being promoted when its whole 2M/1G frame is usable RAM.
 * A leaf met again is counted again, as the kernel does during boot; that is why this host shows
 * 26 GiB mapped for 24 GiB of RAM (its top 1 GiB frame is counted three times).
 * Left out: the kernel image's own mappings. This host (KASLR) has its image in [1G, 2G), so that
 * frame gets 2M pages and 18 MiB of them 4k pages: host 20480 / 2076672 / 25165824 kB against
 * this model's 2048 / 1046528 / 26214400 kB for the same e820 map (same 26 GiB total).
 */
package org.mmsim.mm.init;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class DirectMap {
    private static final long PMD_SIZE = 2L << 20;
    private static final long PUD_SIZE = 1L << 30;
    private static final long ISA_END = 1L << 20;
    private static final int STEP_SHIFT = 21 - 12 - 1;
    private static final int NONE = 0, LEAF = 1, TABLE = 2;

    /** Bytes mapped at each page size. */
    public record Counts(long bytes4k, long bytes2m, long bytes1g) {
    }

    private final List<E820.Range> usable;
    private long bytes4k;
    private long bytes2m;
    private long bytes1g;
    /** Page-table entries made so far, by the physical address they map: absent = none. */
    private final Map<Long, Integer> pudState = new HashMap<>();
    private final Map<Long, Integer> pmdState = new HashMap<>();

    private DirectMap(List<E820.Range> usable) {
        this.usable = usable;
    }

    /** The direct map of a machine whose usable RAM ranges (in pfns) are given. */
    public static Counts of(List<E820.Range> usable) {
        DirectMap m = new DirectMap(usable);
        m.initMemoryMapping(0, ISA_END);
        long end = usable.get(usable.size() - 1).end() << 12;
        m.mapTopDown(ISA_END, end);
        return new Counts(m.bytes4k, m.bytes2m, m.bytes1g);
    }

    /** memory_map_top_down(), assuming the topmost 2 MiB of RAM is free for page tables. */
    private void mapTopDown(long mapStart, long mapEnd) {
        long lastStart = mapEnd;
        long stepSize = PMD_SIZE;
        long mapped = 0;
        while (lastStart > mapStart) {
            long start;
            if (lastStart > stepSize) {
                start = Math.max(mapStart, Math.floorDiv(lastStart - 1, stepSize) * stepSize);
            } else {
                start = mapStart;
            }
            mapped += mapRange(start, lastStart);
            lastStart = start;
            if (mapped >= stepSize) {
                stepSize <<= STEP_SHIFT;
            }
        }
    }

    /** init_range_memory_mapping(): maps the parts of [start, end) that are usable RAM. */
    private long mapRange(long start, long end) {
        long mapped = 0;
        for (E820.Range r : usable) {
            long s = Math.max(start, r.start() << 12);
            long e = Math.min(end, r.end() << 12);
            if (s < e) {
                initMemoryMapping(s, e);
                mapped += e - s;
            }
        }
        return mapped;
    }

    /** init_memory_mapping() of one range: split_mem_range() then count each piece at its page size. */
    private void initMemoryMapping(long start, long end) {
        long pos = start;
        long head4kEnd = Math.min(end, roundUp(pos, PMD_SIZE));
        pos = piece(pos, head4kEnd, 0);
        long head2mEnd = Math.min(roundDown(end, PMD_SIZE), roundUp(pos, PUD_SIZE));
        pos = piece(pos, head2mEnd, 1);
        pos = piece(pos, roundDown(end, PUD_SIZE), 2);
        pos = piece(pos, roundDown(end, PMD_SIZE), 1);
        piece(pos, end, 0);
    }

    /**
     * One split range at level 0/1/2 (4k/2M/1G), promoted as adjust_range_page_size_mask() does, then
     * walked as kernel_physical_mapping_init() does: a leaf that already exists at the wanted size is
     * counted again (update_page_count() during boot), an existing table is descended into.
     */
    private long piece(long start, long end, int level) {
        if (end <= start) {
            return start;
        }
        if (level == 0 && isRam(roundDown(start, PMD_SIZE), roundUp(end, PMD_SIZE))) {
            level = 1;
        }
        if (level == 1 && isRam(roundDown(start, PUD_SIZE), roundUp(end, PUD_SIZE))) {
            level = 2;
        }
        for (long pud = roundDown(start, PUD_SIZE); pud < end; pud += PUD_SIZE) {
            long s = Math.max(start, pud);
            long e = Math.min(end, pud + PUD_SIZE);
            int state = pudState.getOrDefault(pud, NONE);
            if (state == LEAF || (state == NONE && level == 2)) {
                pudState.put(pud, LEAF);
                bytes1g += PUD_SIZE;
                continue;
            }
            pudState.put(pud, TABLE);
            for (long pmd = roundDown(s, PMD_SIZE); pmd < e; pmd += PMD_SIZE) {
                int pmdSt = pmdState.getOrDefault(pmd, NONE);
                if (pmdSt == LEAF || (pmdSt == NONE && level >= 1)) {
                    pmdState.put(pmd, LEAF);
                    bytes2m += PMD_SIZE;
                } else {
                    pmdState.put(pmd, TABLE);
                    bytes4k += Math.min(e, pmd + PMD_SIZE) - Math.max(s, pmd);
                }
            }
        }
        return end;
    }

    /** memblock_is_region_memory(): the whole range lies in one usable range. */
    private boolean isRam(long start, long end) {
        for (E820.Range r : usable) {
            if (start >= r.start() << 12 && end <= r.end() << 12) {
                return true;
            }
        }
        return false;
    }

    private static long roundUp(long x, long a) {
        return (x + a - 1) / a * a;
    }

    private static long roundDown(long x, long a) {
        return x / a * a;
    }
}
