package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.swap.SwapInfo;
import org.mmsim.mm.swap.SwapOff;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.sim.KernelError;

/**
 * Every byte a process wrote reads back intact through reclaim, swap-out, swap-in, fork's
 * sharing of swapped pages and swapoff, on a 64 MiB machine with 48 MiB of swap and several
 * processes whose anonymous memory exceeds RAM, to a disk or to zram, with or without zswap (real compression, its
 * pool limit moving so that entries are written back); and the slots' reference counts equal the
 * swap PTEs pointing at them.
 */
class SwapIntegrityPropertyTest {
    private static final long REGION = 24L << 20;
    private static final int PAGES = (int) (REGION >>> 12);

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(4).list()
                .ofMinSize(4).ofMaxSize(24);
    }

    @Property(tries = 15)
    void everyByteReadsBack(@ForAll("ops") List<int[]> ops) {
        run(ops, null);
    }

    /** The same through zswap, whose pool limit swings between 0 and 20% so entries are written back. */
    @Property(tries = 8)
    void everyByteReadsBackThroughZswap(@ForAll("ops") List<int[]> ops, @ForAll("compressors") String compressor) {
        run(ops, compressor);
    }

    /** The same swapping to /dev/zram0, a device that compresses. */
    @Property(tries = 6)
    void everyByteReadsBackThroughZram(@ForAll("ops") List<int[]> ops, @ForAll("compressors") String compressor) {
        run(ops, "zram:" + compressor);
    }

    @Provide
    Arbitrary<String> compressors() {
        return Arbitraries.of("lzo", "lz4", "zstd");
    }

    @Example
    void zswapWritesBackWhenItsPoolIsFull() {
        Kernel k = run(List.of(new int[] {1, 0, 2999, 0}, new int[] {1, 3000, 2999, 0}, new int[] {0, 0, 2999, 3},
                new int[] {1, 2000, 2999, 1}, new int[] {0, 0, 2999, 3}), "lz4");
        assertTrue(k.vmEvents[VmEvent.ZSWPOUT] > 0 && k.vmEvents[VmEvent.ZSWPIN] > 0);
        assertTrue(k.vmEvents[VmEvent.ZSWPWB] > 0 && k.vmEvents[VmEvent.PSWPOUT] > 0);
        assertEquals(k.vmEvents[VmEvent.ZSWPWB], k.user.swapCache.zswap().counter("written_back_pages"));
    }

    /** A fixed run that certainly swaps: two 12M writes, a fork, writes by both, exits and swapoff. */
    @Example
    void forkedAndSwappedPagesReadBack() {
        Kernel k = run(List.of(new int[] {0, 0, 2999, 0}, new int[] {0, 3000, 2999, 0}, new int[] {0, 0, 0, 4},
                new int[] {1, 1000, 2999, 1}, new int[] {0, 2000, 2999, 2}, new int[] {1, 0, 2999, 3},
                new int[] {0, 0, 2999, 3}), null);
        assertTrue(k.vmEvents[VmEvent.PSWPOUT] > 0 && k.vmEvents[VmEvent.PSWPIN] > 0);
    }

    /**
     * Found by everyByteReadsBackThroughZswap (seed -3369746569471746205): after a fork and a
     * swapoff that fails with ENOMEM (swap more than half full), one task's read fault takes the
     * shared page out of zswap (an exclusive load), and the swap cache must keep it while the other
     * task's swap PTE still refers to the slot, whose data no longer exists anywhere else.
     */
    @Example
    void sharedSlotKeepsItsPageAfterAnExclusiveZswapLoad() {
        int max = Integer.MAX_VALUE;
        Kernel k = run(List.of(new int[] {0, 544785, max, max - 1}, new int[] {max, max, max, max},
                new int[] {1, 5905810, 271, 17}, new int[] {13829, 36, 207, 18706},
                new int[] {max - 1, max - 1, max - 1, max - 1}, new int[] {16296, 1073626353, 17107, 0},
                new int[] {97, 0, 11133, 1}), "zstd");
        assertTrue(k.vmEvents[VmEvent.ZSWPIN] > 0);
    }

    /**
     * Found by everyByteReadsBackThroughZram and ...ThroughZswap: fork's allocation of the child's
     * page table reclaims and swaps out a page whose PTE copy_page_range had already read; the
     * child must get the swap entry, not the stale PTE of a page that has since been freed.
     */
    @Example
    void forkCopiesThePteReclaimLeftBehind() {
        run(List.of(new int[] {0, 0, 0, 34}, new int[] {0, 1336, 1384139, 126414}, new int[] {7454, 40, 37308, 2},
                new int[] {1141053, 1, 6305, 37}, new int[] {19, 9346, 66, 20}, new int[] {10, 83, 57, 3580165},
                new int[] {3456, 2694, 1944947834, 2428057}, new int[] {17937, 126, 197, 64}), "zram:lz4");
    }

    private static Kernel run(List<int[]> ops, String zswap) {
        Kernel k = Kernel.boot(MachineSpec.uniform(64L << 20, 2, 1), 7);
        SwapFile sf = k.user.swapCache.swapFile;
        String device = "/dev/vdb";
        if (zswap != null && zswap.startsWith("zram:")) {
            device = "/dev/zram0";
            k.user.swapCache.zram().setCompAlgorithm(zswap.substring(5));
            k.user.swapCache.zram().setDisksize(48L << 20);
            zswap = null;
        }
        sf.mkswap(device, 48L << 20);
        sf.swapon(device, SwapFile.NO_PRIORITY);
        if (zswap != null) {
            k.user.swapCache.zswap().setCompressor(zswap);
            k.user.swapCache.zswap().setEnabled(true);
        }
        int[] pid = {100};
        List<Task> tasks = new ArrayList<>();
        Map<Task, TreeMap<Long, Byte>> written = new HashMap<>();
        Task first = Task.create(k.user, pid[0]++, "t", 0,
                new MmapLayout.Bases(TaskFixture.MMAP_BASE, 0x2aaaaaaab000L, false), TaskLimits.defaults());
        Mmap.mmap(first.mm(), first.limits(), TaskFixture.MMAP_BASE, REGION, TaskFixture.RW,
                TaskFixture.ANON | Mman.MAP_FIXED, null, 0);
        tasks.add(first);
        written.put(first, new TreeMap<>());
        for (int[] op : ops) {
            if (zswap != null) {
                k.user.swapCache.zswap().setMaxPoolPercent(op[0] % 3 == 0 ? 0 : 20);
            }
            Task t = tasks.get(op[0] % tasks.size());
            int startPage = op[1] % PAGES;
            int pages = 1 + op[2] % 3000;
            switch (op[3] % 6) {
                case 0:
                case 1:
                case 2:
                    for (int p = startPage; p < Math.min(PAGES, startPage + pages); p++) {
                        long addr = TaskFixture.MMAP_BASE + ((long) p << 12) + ((p * 131 + op[3]) & 4095);
                        byte value = (byte) (op[2] + p * 7 + t.pid);
                        if (t.access(addr, Fault.WRITE, value) == Fault.OOM) {
                            break;
                        }
                        written.get(t).put(addr, value);
                    }
                    break;
                case 3:
                    verifyRange(t, written.get(t), startPage, pages);
                    break;
                case 4:
                    if (tasks.size() < 3) {
                        Task c = Fork.fork(t, pid[0]++);
                        tasks.add(c);
                        written.put(c, new TreeMap<>(written.get(t)));
                    }
                    break;
                default:
                    if (tasks.size() > 1) {
                        Exit.exit(t);
                        tasks.remove(t);
                        written.remove(t);
                    }
                    break;
            }
            checkSwapCounts(k, tasks);
        }
        try {
            SwapOff.swapoff(k.user.swapCache, k.user.rmap, k.zones.memMap, device);
            assertEquals(0, sf.totalPages());
            for (Task t : tasks) {
                assertEquals(0, t.rss(PageTable.MM_SWAPENTS), "swapoff leaves no swap entry");
            }
            assertEquals(k.contents.storedPages(), k.contents.slabSlotsInUse(),
                    "the area handed every slot it shared with the frames back");
        } catch (KernelError e) {
            assertEquals(org.mmsim.sim.Errno.ENOMEM, e.errno);
            assertEquals(48L << 8, sf.totalPages() + 1, "a failed swapoff leaves the area on");
        }
        for (Task t : tasks) {
            verifyRange(t, written.get(t), 0, PAGES);
        }
        return k;
    }

    private static void verifyRange(Task t, TreeMap<Long, Byte> model, int startPage, int pages) {
        long from = TaskFixture.MMAP_BASE + ((long) startPage << 12);
        long to = from + ((long) pages << 12);
        for (Map.Entry<Long, Byte> e : model.subMap(from, to).entrySet()) {
            int r = t.access(e.getKey(), Fault.READ, (byte) 0);
            if (r == Fault.OOM) {
                return;
            }
            assertEquals((byte) e.getValue(), t.lastByte(), () -> t + " at " + Long.toHexString(e.getKey()));
        }
    }

    /** Each slot's count equals the swap PTEs referring to it. */
    private static void checkSwapCounts(Kernel k, List<Task> tasks) {
        Map<Integer, Integer> refs = new HashMap<>();
        for (Task t : tasks) {
            long swapents = 0;
            for (Vma v : t.mm().vmas()) {
                for (long a = v.start(); a < v.end(); a += 4096) {
                    long e = t.pageTable().pte(a);
                    if (Pte.isSwap(e)) {
                        swapents++;
                        refs.merge(SwapFile.entry(Pte.swapType(e), (int) Pte.swapOffset(e)), 1, Integer::sum);
                    }
                }
            }
            assertEquals(swapents, t.rss(PageTable.MM_SWAPENTS));
        }
        SwapInfo si = k.user.swapCache.swapFile.info(0);
        if (si == null) {
            return;
        }
        for (Map.Entry<Integer, Integer> e : refs.entrySet()) {
            assertEquals((int) e.getValue(), k.user.swapCache.swapFile.count(e.getKey()));
        }
    }
}
