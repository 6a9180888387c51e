package org.mmsim.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.mmu.Mmu;
import org.mmsim.mm.mmu.TlbGeometry;
import org.mmsim.mm.mmu.TlbLevel;
import org.mmsim.mm.mmu.TlbStats;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mlock;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.PerCpuPages;
import org.mmsim.mm.zone.Zone;
import org.mmsim.procfs.ProcFs;
import org.mmsim.sim.KernelError;

/**
 * Task.touch()'s runs of first-touch write faults (AnonFaultRun) leave exactly the state of
 * Task.access() page by page: two identically booted small machines (one or two nodes, THP on or
 * off, 4- or 5-level tables, either TLB geometry) run the same random steps - write and read
 * touches long enough to cross per-CPU refills, LRU batch drains, PTE-table and VMA ends and the
 * watermarks (kswapd, direct reclaim, the OOM killer), single accesses, madvise(DONTNEED),
 * mprotect holes, mlock, memory policies (default, local, preferred, bind, interleave), forks,
 * exits, munmap, CPU changes, TLB flushes and time passing - except that one machine's write
 * touches go through touch() and the other's through a loop of access(). After every step the
 * results and everything observable agree: /proc/meminfo, vmstat, zoneinfo, buddyinfo,
 * pagetypeinfo, pressure/memory, stat and uptime, each task's smaps and status, the clock and CPU
 * time, every CPU's TLB counters and occupancy, the frame table (flags, counts, list links),
 * zones, per-CPU lists, nodes, LRU lists and batches, rmap owners, kswapd, TLB contexts, every PTE
 * of the tasks, and at the end the bytes read back from every page.
 */
class AnonFaultRunPropertyTest {
    private static final long WINDOW = 16384L * 4096;
    private static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    private static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS | Mman.MAP_NORESERVE;

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(5).list()
                .ofMinSize(4).ofMaxSize(24);
    }

    /** One machine with its tasks; perPage makes write touches a loop of access(). */
    private static final class Machine {
        final Kernel k;
        final ProcFs fs;
        final boolean perPage;
        final List<Task> tasks = new ArrayList<>();
        final List<Long> bases = new ArrayList<>();

        Machine(MachineSpec spec, boolean cascadeLake, boolean perPage) {
            this.perPage = perPage;
            k = cascadeLake ? Kernel.boot(spec, 1, TlbGeometry.cascadeLake()) : Kernel.boot(spec, 1);
            fs = new ProcFs(k);
            for (int i = 0; i < 2; i++) {
                try {
                    spawn(i % spec.nodes());
                } catch (KernelError e) {
                    throw new AssertionError("spawn " + i + ": " + e.errno, e);
                }
            }
        }

        void spawn(int nid) {
            Task t = k.processes.spawn("t", nid);
            long base = Mmap.mmap(t.mm(), t.limits(), 0, WINDOW, RW, ANON, null, 0);
            tasks.add(t);
            bases.add(base);
        }

        /** Task.touch(), or the same loop of access() calls. */
        long touch(Task t, long addr, long len, int kind, byte value) {
            if (!perPage || kind != Fault.WRITE) {
                return t.touch(addr, len, kind, value, null) * 8 + t.lastResult();
            }
            int r = Fault.NOFAULT;
            for (long off = 0; off < len; off += 4096) {
                r = t.access(addr + off, kind, value);
                if (r == Fault.SIGSEGV || r == Fault.SIGBUS || r == Fault.OOM) {
                    return (addr + off) * 8 + r;
                }
                if (t.isOomVictim()) {
                    return (addr + off) * 8 + Fault.OOM;
                }
            }
            return -8 + r;
        }

        long apply(int[] op) {
            if (tasks.isEmpty()) {
                try {
                    spawn(0);
                } catch (KernelError e) {
                    return -e.errno.ordinal();
                }
            }
            int i = op[0] % tasks.size();
            Task t = tasks.get(i);
            long base = bases.get(i);
            long page = op[1] % (WINDOW / 4096);
            long addr = base + page * 4096 + (op[3] % 7 == 0 ? op[3] & 0xFFF : 0);
            long len = Math.min((1 + op[2] % 8192) * 4096L, WINDOW - page * 4096);
            k.setCurrentTask(t);
            long result = 0;
            try {
                switch (op[4] % 16) {
                    case 0: case 1: case 2: case 3: case 4:
                        result = touch(t, addr, len, Fault.WRITE, (byte) (op[3] % 3 == 0 ? 0 : op[3]));
                        break;
                    case 5:
                        result = touch(t, addr, len, Fault.READ, (byte) 0);
                        break;
                    case 6:
                        result = t.access(addr, op[3] % 2 == 0 ? Fault.WRITE : Fault.READ, (byte) op[3]);
                        break;
                    case 7:
                        Madvise.madvise(t.mm(), base + page * 4096, 4096L * (1 + op[2] % 600), Mman.MADV_DONTNEED);
                        break;
                    case 8:
                        Mprotect.mprotect(t.mm(), t.limits(), base + page * 4096, 4096L * (1 + op[2] % 64),
                                op[3] % 2 == 0 ? Mman.PROT_READ : RW);
                        break;
                    case 9:
                        if (op[3] % 2 == 0) {
                            Mlock.mlock(t.mm(), t.limits(), base + page * 4096, 4096L * (1 + op[2] % 256));
                        } else {
                            Mlock.munlock(t.mm(), base + page * 4096, 4096L * (1 + op[2] % 256));
                        }
                        break;
                    case 10: {
                        int nodes = k.zones.nrNodes();
                        int mode = op[3] % 5;
                        Mempolicy pol = mode == 0 ? Mempolicy.DEFAULT
                                : mode == 4 ? Mempolicy.create(Mempolicy.MPOL_LOCAL, 0, (1L << nodes) - 1)
                                : Mempolicy.create(mode == 1 ? Mempolicy.MPOL_INTERLEAVE
                                        : mode == 2 ? Mempolicy.MPOL_BIND : Mempolicy.MPOL_PREFERRED,
                                        mode == 1 ? (1L << nodes) - 1 : 1L << (op[2] % nodes), (1L << nodes) - 1);
                        t.setMempolicy(pol);
                        break;
                    }
                    case 11:
                        if (tasks.size() < 4) {
                            tasks.add(k.processes.fork(t));
                            bases.add(base);
                        }
                        break;
                    case 12:
                        k.processes.exit(t);
                        break;
                    case 13:
                        Munmap.munmap(t.mm(), base + page * 4096, 4096L * (1 + op[2] % 700));
                        break;
                    case 14:
                        k.pageAlloc.setCpu(op[3] % k.zones.nrCpus());
                        if (op[2] % 2 == 0) {
                            k.user.tlb.flushTlbAll(k.user.cpu());
                        }
                        break;
                    default:
                        k.events.runUntil(k.clock.nanos() + (op[3] % 1000) * 1_000_000L);
                }
            } catch (KernelError e) {
                result = -e.errno.ordinal();
            }
            k.setCurrentTask(null);
            for (int j = tasks.size() - 1; j >= 0; j--) {
                if (k.processes.byPid(tasks.get(j).pid) == null) {
                    tasks.remove(j);
                    bases.remove(j);
                }
            }
            return result;
        }
    }

    @Property(tries = 30)
    void runsLeaveThePerPageState(@ForAll("ops") List<int[]> ops, @ForAll @IntRange(min = 1, max = 2) int nodes,
            @ForAll @IntRange(min = 0, max = 3) int shape, @ForAll boolean thp, @ForAll boolean cascadeLake) {
        compare(ops, nodes, shape, thp, cascadeLake);
    }

    /**
     * Pages left in CPU 0's LRU batch with only the batch's reference (added there, unmapped on CPU
     * 1, whose batch the zap drained): the drain during the next write run frees them to the
     * per-CPU list, from which the page-by-page faults after it take them.
     */
    @Example
    void drainFreeingPagesDuringARun() {
        compare(List.of(new int[] {0, 0, 9, 1, 0}, new int[] {0, 0, 1, 1, 14}, new int[] {0, 0, 9, 0, 13},
                new int[] {0, 0, 1, 0, 14}, new int[] {0, 100, 599, 1, 0}), 1, 0, false, false);
    }

    private static void compare(List<int[]> ops, int nodes, int shape, boolean thp, boolean cascadeLake) {
        long memory = shape % 2 == 0 ? 96L << 20 : 128L << 20;
        MachineSpec spec = new MachineSpec(MachineSpec.uniform(memory, 2, nodes).nodeMemory, 2,
                MachineSpec.defaultDistances(nodes), 0, 0, thp ? "always" : "never", shape < 2 ? 4 : 5, List.of());
        Machine runs = new Machine(spec, cascadeLake, false);
        Machine pages = new Machine(spec, cascadeLake, true);
        int step = 0;
        for (int[] op : ops) {
            step++;
            String at = " after step " + step + " " + java.util.Arrays.toString(op);
            assertEquals(pages.apply(op), runs.apply(op), "result" + at);
            assertSameState(pages, runs, at);
        }
        for (int i = 0; i < runs.tasks.size(); i++) {
            byte[] a = new byte[(int) (WINDOW / 4096)];
            byte[] b = new byte[a.length];
            long ra = pages.tasks.get(i).touch(pages.bases.get(i), WINDOW, Fault.READ, (byte) 0, a);
            long rb = runs.tasks.get(i).touch(runs.bases.get(i), WINDOW, Fault.READ, (byte) 0, b);
            assertEquals(ra, rb);
            assertArrayEquals(a, b, "bytes read back");
        }
    }

    private static void assertSameState(Machine a, Machine b, String at) {
        for (String f : new String[] {"/proc/meminfo", "/proc/vmstat", "/proc/zoneinfo", "/proc/buddyinfo",
            "/proc/pagetypeinfo", "/proc/pressure/memory", "/proc/stat", "/proc/uptime"}) {
            assertEquals(a.fs.read(f), b.fs.read(f), f + at);
        }
        assertEquals(a.tasks.size(), b.tasks.size(), "tasks" + at);
        for (int i = 0; i < a.tasks.size(); i++) {
            Task ta = a.tasks.get(i);
            Task tb = b.tasks.get(i);
            for (String f : new String[] {"smaps", "status"}) {
                assertEquals(a.fs.read("/proc/" + ta.pid + "/" + f), b.fs.read("/proc/" + tb.pid + "/" + f),
                        f + " of " + ta.pid + at);
            }
            assertEquals(ta.faults.minflt, tb.faults.minflt, "minflt" + at);
            assertEquals(ta.faults.majflt, tb.faults.majflt, "majflt" + at);
            assertEquals(ta.hiwaterRss(), tb.hiwaterRss(), "hiwater" + at);
            for (Vma v : ta.mm().vmas()) {
                for (long va = v.start(); va < v.end(); va += 4096) {
                    assertEquals(ta.pageTable().pte(va), tb.pageTable().pte(va), "PTE at " + Long.toHexString(va) + at);
                }
            }
            sameFields(ta.pageTable().context(), tb.pageTable().context(), "mm context" + at);
        }
        Kernel ka = a.k;
        Kernel kb = b.k;
        assertEquals(ka.clock.nanos(), kb.clock.nanos(), "clock" + at);
        Mmu ma = ka.user.mmu;
        Mmu mb = kb.user.mmu;
        for (int cpu = 0; cpu < ma.nrCpus(); cpu++) {
            assertEquals(ka.cpuTime.systemNs(cpu), kb.cpuTime.systemNs(cpu), "system time" + at);
            for (int c = 0; c < TlbStats.NR_COUNTERS; c++) {
                assertEquals(ma.stats().get(cpu, c), mb.stats().get(cpu, c), TlbStats.NAMES[c] + " of cpu " + cpu + at);
            }
            for (TlbLevel level : TlbLevel.values()) {
                for (int size = 0; size < TlbGeometry.NR_SIZES; size++) {
                    assertEquals(ma.occupancy(cpu, level, size), mb.occupancy(cpu, level, size),
                            level + " size " + size + " of cpu " + cpu + at);
                }
            }
        }
        assertArrayEquals(ka.vmEvents, kb.vmEvents, "events" + at);
        sameFields(ka.zones.memMap, kb.zones.memMap, "frames" + at);
        sameFields(ka.user.lru, kb.user.lru, "lru" + at);
        sameFields(ka.user.rmap, kb.user.rmap, "rmap" + at);
        sameFields(ka.tlb, kb.tlb, "tlb" + at);
        for (int nid = 0; nid < ka.zones.nrNodes(); nid++) {
            sameFields(ka.vmscan.kswapd(nid), kb.vmscan.kswapd(nid), "kswapd" + nid + at);
        }
        Node[] na = ka.zones.nodes();
        Node[] nb = kb.zones.nodes();
        for (int n = 0; n < na.length; n++) {
            sameFields(na[n], nb[n], "node " + n + at);
        }
        Zone[] za = ka.zones.allZones();
        Zone[] zb = kb.zones.allZones();
        for (int z = 0; z < za.length; z++) {
            sameFields(za[z], zb[z], "zone " + z + at);
            PerCpuPages[] pa = za[z].pcp;
            PerCpuPages[] pb = zb[z].pcp;
            for (int cpu = 0; pa != null && cpu < pa.length; cpu++) {
                sameFields(pa[cpu], pb[cpu], "pcp of zone " + z + " cpu " + cpu + at);
            }
        }
    }

    /** The primitive fields and primitive arrays (also arrays of them) of two objects of one class agree. */
    private static void sameFields(Object a, Object b, String what) {
        assertEquals(a.getClass(), b.getClass(), what);
        for (Class<?> c = a.getClass(); c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Class<?> type = f.getType();
                Class<?> element = type.getComponentType();
                boolean data = type.isPrimitive() || element != null && (element.isPrimitive()
                        || element.isArray() && element.getComponentType().isPrimitive());
                if (!data) {
                    continue;
                }
                try {
                    f.setAccessible(true);
                    assertTrue(java.util.Objects.deepEquals(f.get(a), f.get(b)),
                            c.getSimpleName() + "." + f.getName() + " differs: " + what);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }
}
