package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.sim.KernelError;

/**
 * Random private anonymous workloads over up to four tasks (mmap, byte writes at random offsets,
 * reads, fork, munmap, mremap, MADV_DONTNEED, exit) against a model of each task's bytes: every
 * byte a task wrote reads back from that task until it unmaps or discards it, a fork child sees
 * the parent's bytes and neither sees the other's later writes (CoW), fresh memory reads zero;
 * after every task exits the page-contents store holds no page.
 */
class ContentsPropertyTest {
    private static final long W = 0x40000000L;
    private static final long WINDOW_PAGES = 256;

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(5).list()
                .ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void everyWrittenByteReadsBack(@ForAll("ops") List<int[]> ops) {
        TaskFixture f = new TaskFixture();
        List<Task> tasks = new ArrayList<>();
        Map<Task, TreeMap<Long, Byte>> model = new HashMap<>();
        Task first = f.task();
        tasks.add(first);
        model.put(first, new TreeMap<>());
        for (int[] op : ops) {
            if (tasks.isEmpty()) {
                break;
            }
            Task t = tasks.get(op[0] % tasks.size());
            TreeMap<Long, Byte> bytes = model.get(t);
            long start = W + (op[1] % WINDOW_PAGES) * 4096;
            long len = (1 + op[2] % 64) * 4096;
            try {
                switch (op[3] % 10) {
                    case 0:
                    case 1:
                        Mmap.mmap(t.mm(), t.limits(), start, len, TaskFixture.RW, TaskFixture.ANON | Mman.MAP_FIXED,
                                null, 0);
                        bytes.subMap(start, start + len).clear();
                        break;
                    case 2:
                        Munmap.munmap(t.mm(), start, len);
                        bytes.subMap(start, start + len).clear();
                        break;
                    case 3:
                    case 4:
                        for (long p = start; p < start + len; p += 4096) {
                            long a = p + (op[4] + p) % 4096;
                            byte v = (byte) (op[4] + (p >>> 12));
                            int r = t.access(a, Fault.WRITE, v);
                            if (r != Fault.SIGSEGV) {
                                bytes.put(a, v);
                            }
                        }
                        break;
                    case 5:
                        for (Map.Entry<Long, Byte> e : bytes.subMap(start, start + len).entrySet()) {
                            t.access(e.getKey(), Fault.READ, (byte) 0);
                            assertEquals((byte) e.getValue(), t.lastByte(), () -> "read at " + Long.toHexString(e.getKey()));
                        }
                        if (mapped(t, start, 4096) && !bytes.containsKey(start)) {
                            t.access(start, Fault.READ, (byte) 0);
                            assertEquals(0, t.lastByte(), "never written");
                        }
                        break;
                    case 6:
                        if (tasks.size() < 4) {
                            Task c = f.fork(t);
                            tasks.add(c);
                            model.put(c, new TreeMap<>(bytes));
                        }
                        break;
                    case 7:
                        Exit.exit(t);
                        tasks.remove(t);
                        model.remove(t);
                        break;
                    case 8:
                        if (mapped(t, start, len)) {
                            Madvise.madvise(t.mm(), start, len, Mman.MADV_DONTNEED);
                            bytes.subMap(start, start + len).clear();
                        }
                        break;
                    default:
                        Vma v = t.mm().findVma(start);
                        if (v != null && v.start() <= start && start + len <= v.end()) {
                            long newLen = (1 + op[4] % 64) * 4096;
                            long to = Mremap.mremap(t.mm(), t.limits(), start, len, newLen, Mman.MREMAP_MAYMOVE, 0);
                            TreeMap<Long, Byte> moved = new TreeMap<>();
                            bytes.subMap(start, start + Math.min(len, newLen))
                                    .forEach((a, b) -> moved.put(to + (a - start), b));
                            bytes.subMap(start, start + len).clear();
                            bytes.putAll(moved);
                        }
                        break;
                }
            } catch (KernelError e) {
                // a refusal changes nothing the model tracks
            }
        }
        for (Task t : tasks) {
            for (Map.Entry<Long, Byte> e : model.get(t).entrySet()) {
                int r = t.access(e.getKey(), Fault.READ, (byte) 0);
                assertEquals(true, r == Fault.NOFAULT || r == Fault.MINOR, "mapped: " + r);
                assertEquals((byte) e.getValue(), t.lastByte(), () -> t + " at " + Long.toHexString(e.getKey()));
            }
        }
        for (Task t : tasks) {
            Exit.exit(t);
        }
        assertEquals(0, f.k.contents.storedPages());
        assertEquals(0, f.k.contents.filledPages());
    }

    /** Every page of [start, start + len) lies in some VMA. */
    private static boolean mapped(Task t, long start, long len) {
        for (long p = start; p < start + len; p += 4096) {
            Vma v = t.mm().findVma(p);
            if (v == null || v.start() > p) {
                return false;
            }
        }
        return true;
    }
}
