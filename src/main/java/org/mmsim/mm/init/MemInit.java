/*
 * Boot-time memory setup (mm/mm_init.c free_area_init, find_zone_movable_pfns_for_nodes,
 * memmap_init; mm/memblock.c memblock_free_all; mm/mm_init.c alloc_large_system_hash): lays nodes
 * and zones over the firmware map, reserves what the kernel keeps for itself, and frees the rest into
 * the buddy allocator in the largest aligned blocks, as __free_pages_memory does.
 *
 * Reserved at boot, so that present, managed and MemTotal relate as on this host: the first 1 MiB;
 * the kernel image at 16 MiB (9528 pages: this host's DMA32 present minus managed); the vmemmap,
 * 2 MiB per 128 MiB section, top-down in each node; the dentry and inode hash tables; the per-CPU
 * first chunk. Left out: deferred struct page init (this host's lazy mode changes only timing),
 * ACPI tables, the initrd (freed by the time anyone looks), mirrored kernelcore.
 */
package org.mmsim.mm.init;

import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.zone.MigrateType;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.Printk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

public final class MemInit {
    public static final long KERNEL_IMAGE_START_PFN = (16L << 20) >> 12;
    public static final long KERNEL_IMAGE_PAGES = 9528;
    public static final long FIRST_MB_PFNS = 256;
    /** Sparsemem section: 128 MiB; its vmemmap is 64-byte struct pages, 2 MiB. */
    public static final int SECTION_SHIFT_PAGES = 15;
    public static final long MEMMAP_PAGES_PER_SECTION = (1L << SECTION_SHIFT_PAGES) * 64 / 4096;
    /** Per-CPU first chunk per CPU, calibrated on this host (Percpu: 688 kB with 2 CPUs). */
    public static final long PERCPU_PAGES_PER_CPU = 86;
    private static final long MAX_ORDER_NR_PAGES = 1L << Zone.MAX_PAGE_ORDER;

    /** The outcome of boot that /proc and the log report. */
    public static final class Layout {
        public Zones zones;
        public List<E820.Range> usable;
        public long presentPages;
        public long reservedPages;
        public long memmapPages;
        public long percpuPages;
        public long nrKernelPages;
        public long dentryHashEntries;
        public long inodeHashEntries;
        /** Reserved ranges [start, end) in pfns, for tests and the boot log. */
        public final List<long[]> reserved = new ArrayList<>();
    }

    private MemInit() {
    }

    /** Lays out memory for the spec; the buddy allocator is filled by {@link #freeAll}. */
    public static Layout layout(MachineSpec spec, Printk printk) {
        Layout out = new Layout();
        long ram = spec.totalMemory();
        out.usable = E820.usable(ram);
        long maxPfn = out.usable.get(out.usable.size() - 1).end();
        MemMap memMap = new MemMap(maxPfn);
        Node[] nodes = new Node[spec.nodes()];
        List<List<E820.Range>> nodeRanges = new ArrayList<>();
        long offset = 0;
        for (int nid = 0; nid < nodes.length; nid++) {
            nodes[nid] = new Node(nid);
            long startPhys = E820.ramOffsetToPhys(offset);
            long endPhys = E820.ramOffsetToPhys(offset + spec.nodeMemory[nid] - 1) + 1;
            List<E820.Range> rs = new ArrayList<>();
            for (E820.Range r : out.usable) {
                long s = Math.max(r.start(), startPhys >> 12);
                long e = Math.min(r.end(), endPhys >> 12);
                if (s < e) {
                    rs.add(new E820.Range(s, e));
                }
            }
            nodeRanges.add(rs);
            offset += spec.nodeMemory[nid];
        }
        int[] cpuToNode = new int[spec.cpus];
        List<List<Integer>> nodeCpus = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            nodeCpus.add(new ArrayList<>());
        }
        for (int c = 0; c < spec.cpus; c++) {
            cpuToNode[c] = spec.cpuToNode(c);
            nodeCpus.get(cpuToNode[c]).add(c);
        }
        for (int i = 0; i < nodes.length; i++) {
            nodes[i].cpus = nodeCpus.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        Zones zones = new Zones(nodes, spec.cpus, cpuToNode, spec.distance, memMap);
        out.zones = zones;

        long[] zoneMovablePfn = findZoneMovablePfns(spec, nodeRanges, maxPfn);
        long[] zoneLow = {0, ZoneType.MAX_DMA_PFN, ZoneType.MAX_DMA32_PFN, 0, 0};
        long[] zoneHigh = {ZoneType.MAX_DMA_PFN, ZoneType.MAX_DMA32_PFN, Math.max(maxPfn, ZoneType.MAX_DMA32_PFN), 0, 0};
        int movableZone = maxPfn > ZoneType.MAX_DMA32_PFN ? ZoneType.NORMAL : ZoneType.DMA32;

        for (int nid = 0; nid < nodes.length; nid++) {
            Node node = nodes[nid];
            List<E820.Range> rs = nodeRanges.get(nid);
            long nodeStart = rs.get(0).start();
            long nodeEnd = rs.get(rs.size() - 1).end();
            node.startPfn = nodeStart;
            node.spannedPages = nodeEnd - nodeStart;
            for (int t = 0; t < ZoneType.MAX_NR_ZONES; t++) {
                Zone z = node.zones[t];
                long s;
                long e;
                if (t == ZoneType.MOVABLE) {
                    if (zoneMovablePfn[nid] == 0) {
                        s = e = 0;
                    } else {
                        s = zoneMovablePfn[nid];
                        e = Math.min(nodeEnd, zoneHigh[movableZone]);
                    }
                } else if (t == ZoneType.DEVICE) {
                    s = e = 0;
                } else {
                    s = clamp(nodeStart, zoneLow[t], zoneHigh[t]);
                    e = clamp(nodeEnd, zoneLow[t], zoneHigh[t]);
                    long mv = zoneMovablePfn[nid];
                    if (mv != 0) {
                        if (s < mv && e > mv) {
                            e = mv;
                        } else if (s >= mv) {
                            s = e;
                        }
                    }
                }
                if (e <= s) {
                    z.startPfn = 0;
                    z.spannedPages = 0;
                    continue;
                }
                z.startPfn = s;
                z.spannedPages = e - s;
                z.presentPages = overlap(rs, s, e);
                node.presentPages += z.presentPages;
            }
        }
        zones.indexPageblocks();
        Arrays.fill(memMap.flags, PageFlags.PG_RESERVED | PageFlags.PG_NOMAP);
        for (List<E820.Range> rs : nodeRanges) {
            for (E820.Range r : rs) {
                Arrays.fill(memMap.flags, (int) r.start(), (int) r.end(), PageFlags.PG_RESERVED);
            }
        }
        Arrays.fill(zones.pageblockMigratetype, (byte) MigrateType.MOVABLE);
        for (Node n : nodes) {
            out.presentPages += n.presentPages;
        }

        reserveBootMemory(out, spec, nodeRanges);
        logLayout(printk, spec, out, nodeRanges, zoneMovablePfn);
        return out;
    }

    /**
     * memblock_free_all(): every present, unreserved range to the buddy in maximal aligned blocks,
     * in ascending pfn order. Works on ranges (present ranges minus memblock reservations, cut where
     * the zone changes, which is only ever at a pageblock boundary) rather than testing each frame.
     */
    public static void freeAll(Layout layout, PageAlloc alloc) {
        Zones zones = layout.zones;
        long[][] reserved = layout.reserved.toArray(new long[0][]);
        Arrays.sort(reserved, (a, b) -> Long.compare(a[0], b[0]));
        int ri = 0;
        for (E820.Range r : layout.usable) {
            long pfn = r.start();
            long end = r.end();
            while (pfn < end) {
                while (ri < reserved.length && reserved[ri][1] <= pfn) {
                    ri++;
                }
                // Skip reserved frames, however the reserved ranges overlap.
                boolean skipped = true;
                while (skipped) {
                    skipped = false;
                    for (int i = ri; i < reserved.length && reserved[i][0] <= pfn; i++) {
                        if (reserved[i][1] > pfn) {
                            pfn = reserved[i][1];
                            skipped = true;
                        }
                    }
                }
                if (pfn >= end) {
                    break;
                }
                long runEnd = end;
                for (int i = ri; i < reserved.length; i++) {
                    if (reserved[i][0] > pfn) {
                        runEnd = Math.min(runEnd, reserved[i][0]);
                        break;
                    }
                }
                int zoneId = zones.zoneIdOf((int) pfn);
                long cut = Math.min(runEnd, ((pfn >> Zones.PAGEBLOCK_ORDER) + 1) << Zones.PAGEBLOCK_ORDER);
                while (cut < runEnd && zones.zoneIdOf((int) cut) == zoneId) {
                    cut = Math.min(runEnd, cut + Zones.PAGEBLOCK_NR_PAGES);
                }
                freeRange(alloc, pfn, cut);
                pfn = cut;
            }
        }
    }

    /** Present (PG_reserved until freed, like reserve_bootmem_region) and not claimed by memblock (refcount 1). */
    private static boolean isFreeable(MemMap m, int pfn) {
        return m.flags[pfn] == PageFlags.PG_RESERVED && m.refcount[pfn] == 0;
    }

    /** __free_pages_memory(). */
    private static void freeRange(PageAlloc alloc, long start, long end) {
        while (start < end) {
            int order = (int) Math.min(Zone.MAX_PAGE_ORDER, Long.numberOfTrailingZeros(start));
            while (start + (1L << order) > end) {
                order--;
            }
            alloc.freeBootMemory((int) start, order);
            start += 1L << order;
        }
    }

    private static void reserveBootMemory(Layout out, MachineSpec spec, List<List<E820.Range>> nodeRanges) {
        MemMap m = out.zones.memMap;
        // The first 1 MiB and the kernel image.
        reserve(out, m, 0, FIRST_MB_PFNS);
        reserve(out, m, KERNEL_IMAGE_START_PFN, KERNEL_IMAGE_START_PFN + KERNEL_IMAGE_PAGES);
        // vmemmap: per node, per present section, allocated from the node's top.
        for (int nid = 0; nid < nodeRanges.size(); nid++) {
            long sections = 0;
            long lastSection = -1;
            for (E820.Range r : nodeRanges.get(nid)) {
                for (long s = r.start() >> SECTION_SHIFT_PAGES; s <= (r.end() - 1) >> SECTION_SHIFT_PAGES; s++) {
                    if (s != lastSection) {
                        sections++;
                        lastSection = s;
                    }
                }
            }
            long pages = sections * MEMMAP_PAGES_PER_SECTION;
            out.memmapPages += pages;
            reserveTopDown(out, m, nodeRanges.get(nid), pages);
        }
        // Large system hashes, sized by alloc_large_system_hash from nr_kernel_pages.
        out.nrKernelPages = out.presentPages - out.memmapPages;
        out.dentryHashEntries = largeSystemHashEntries(out.nrKernelPages, out.presentPages, 13);
        out.inodeHashEntries = largeSystemHashEntries(out.nrKernelPages, out.presentPages, 14);
        List<E820.Range> all = new ArrayList<>();
        for (List<E820.Range> rs : nodeRanges) {
            all.addAll(rs);
        }
        reserveTopDown(out, m, all, (out.dentryHashEntries * 8 + 4095) / 4096);
        reserveTopDown(out, m, all, (out.inodeHashEntries * 8 + 4095) / 4096);
        out.percpuPages = PERCPU_PAGES_PER_CPU * spec.cpus;
        reserveTopDown(out, m, nodeRanges.get(0), out.percpuPages);
    }

    /** alloc_large_system_hash() entry count with scale, bucket size 8, no explicit size. */
    static long largeSystemHashEntries(long nrKernelPages, long nrAllPages, int scale) {
        long n = ((nrKernelPages + 255) / 256) * 256;
        n >>= (scale - 12);
        if (n * 8 < 4096) {
            n = 4096 / 8;
        }
        n = Long.highestOneBit(n) == n ? n : Long.highestOneBit(n) << 1;
        long max = Math.min((nrAllPages << 12 >> 4) / 8, 0x80000000L);
        return Math.min(n, max);
    }

    private static void reserve(Layout out, MemMap m, long start, long end) {
        long count = 0;
        for (long p = start; p < end; p++) {
            if (isFreeable(m, (int) p)) {
                m.refcount[(int) p] = 1;
                count++;
            }
        }
        out.reservedPages += count;
        out.reserved.add(new long[] {start, end});
    }

    /** memblock_alloc top-down: the highest free present pages of the given ranges. */
    private static void reserveTopDown(Layout out, MemMap m, List<E820.Range> ranges, long pages) {
        long need = pages;
        for (int i = ranges.size() - 1; i >= 0 && need > 0; i--) {
            E820.Range r = ranges.get(i);
            long end = r.end();
            long p = end - 1;
            long runEnd = end;
            while (p >= r.start() && need > 0) {
                if (!isFreeable(m, (int) p)) {
                    if (runEnd > p + 1) {
                        reserve(out, m, p + 1, runEnd);
                    }
                    runEnd = p;
                    p--;
                    continue;
                }
                need--;
                p--;
            }
            if (runEnd > p + 1) {
                reserve(out, m, p + 1, runEnd);
            }
        }
        if (need > 0) {
            throw new IllegalArgumentException("machine too small: boot reservations do not fit in memory");
        }
    }

    /**
     * find_zone_movable_pfns_for_nodes(): where ZONE_MOVABLE starts in each node for kernelcore= or
     * movablecore=, spreading kernel memory evenly over nodes; 0 where a node has no movable zone.
     */
    static long[] findZoneMovablePfns(MachineSpec spec, List<List<E820.Range>> nodeRanges, long maxPfn) {
        int nodes = nodeRanges.size();
        long[] movable = new long[nodes];
        long totalPages = 0;
        for (List<E820.Range> rs : nodeRanges) {
            for (E820.Range r : rs) {
                totalPages += r.pages();
            }
        }
        long requiredKernelcore = spec.kernelcore >> 12;
        long requiredMovablecore = spec.movablecore >> 12;
        if (requiredMovablecore > 0) {
            requiredMovablecore = roundUp(requiredMovablecore, MAX_ORDER_NR_PAGES);
            requiredMovablecore = Math.min(totalPages, requiredMovablecore);
            long corepages = totalPages - requiredMovablecore;
            requiredKernelcore = Math.max(requiredKernelcore, corepages);
        }
        if (requiredKernelcore == 0 || requiredKernelcore >= totalPages) {
            return movable;
        }
        long usableStartPfn = maxPfn > ZoneType.MAX_DMA32_PFN ? ZoneType.MAX_DMA32_PFN : ZoneType.MAX_DMA_PFN;
        int usableNodes = nodes;
        while (true) {
            long kernelcoreNode = requiredKernelcore / usableNodes;
            for (int nid = 0; nid < nodes; nid++) {
                if (requiredKernelcore < kernelcoreNode) {
                    kernelcoreNode = requiredKernelcore / usableNodes;
                }
                long remaining = kernelcoreNode;
                for (E820.Range r : nodeRanges.get(nid)) {
                    long start = Math.max(r.start(), movable[nid]);
                    long end = r.end();
                    if (start >= end) {
                        continue;
                    }
                    if (start < usableStartPfn) {
                        long kernelPages = Math.min(end, usableStartPfn) - start;
                        remaining -= Math.min(kernelPages, remaining);
                        requiredKernelcore -= Math.min(kernelPages, requiredKernelcore);
                        if (end <= usableStartPfn) {
                            movable[nid] = end;
                            continue;
                        }
                        start = usableStartPfn;
                    }
                    long size = Math.min(end - start, remaining);
                    movable[nid] = start + size;
                    requiredKernelcore -= Math.min(requiredKernelcore, size);
                    remaining -= size;
                    if (remaining == 0) {
                        break;
                    }
                }
            }
            usableNodes--;
            if (usableNodes > 0 && requiredKernelcore > usableNodes) {
                continue;
            }
            break;
        }
        for (int nid = 0; nid < nodes; nid++) {
            movable[nid] = roundUp(movable[nid], MAX_ORDER_NR_PAGES);
            List<E820.Range> rs = nodeRanges.get(nid);
            if (movable[nid] >= rs.get(rs.size() - 1).end()) {
                movable[nid] = 0;
            }
        }
        return movable;
    }

    private static void logLayout(Printk printk, MachineSpec spec, Layout out, List<List<E820.Range>> nodeRanges,
                                  long[] zoneMovablePfn) {
        printk.info("BIOS-provided physical RAM map:");
        for (String line : E820.bootLog(spec.totalMemory())) {
            printk.info(line);
        }
        printk.info("Zone ranges:");
        long maxPfn = out.usable.get(out.usable.size() - 1).end();
        long[][] ranges = {
            {1, ZoneType.MAX_DMA_PFN},
            {ZoneType.MAX_DMA_PFN, Math.min(maxPfn, ZoneType.MAX_DMA32_PFN)},
            {ZoneType.MAX_DMA32_PFN, maxPfn},
        };
        for (int t = 0; t < 3; t++) {
            String name = String.format("  %-8s ", ZoneType.NAMES[t]);
            if (ranges[t][1] > ranges[t][0]) {
                long endAddr = t == ZoneType.DMA32 ? ZoneType.MAX_DMA32_PFN : ranges[t][1];
                printk.info(String.format("%s[mem 0x%016x-0x%016x]", name, ranges[t][0] << 12, (endAddr << 12) - 1));
            } else {
                printk.info(name + "empty");
            }
        }
        printk.info("  Device   empty");
        printk.info("Movable zone start for each node");
        for (int nid = 0; nid < zoneMovablePfn.length; nid++) {
            if (zoneMovablePfn[nid] != 0) {
                printk.info(String.format("  Node %d: 0x%016x", nid, zoneMovablePfn[nid] << 12));
            }
        }
        printk.info("Early memory node ranges");
        for (int nid = 0; nid < nodeRanges.size(); nid++) {
            for (E820.Range r : nodeRanges.get(nid)) {
                printk.info(String.format("  node %3d: [mem 0x%016x-0x%016x]", nid, r.start() << 12, (r.end() << 12) - 1));
            }
        }
        for (int nid = 0; nid < nodeRanges.size(); nid++) {
            List<E820.Range> rs = nodeRanges.get(nid);
            printk.info(String.format("Initmem setup node %d [mem 0x%016x-0x%016x]", nid, rs.get(0).start() << 12,
                    (rs.get(rs.size() - 1).end() << 12) - 1));
        }
    }

    private static long overlap(List<E820.Range> rs, long s, long e) {
        long n = 0;
        for (E820.Range r : rs) {
            long a = Math.max(r.start(), s);
            long b = Math.min(r.end(), e);
            if (a < b) {
                n += b - a;
            }
        }
        return n;
    }

    private static long clamp(long v, long lo, long hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static long roundUp(long v, long to) {
        return (v + to - 1) / to * to;
    }
}
