package org.mmsim.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** /proc/PID files: exact values for hand-built tasks, and the host's own files' shapes. */
class PidFilesTest {
    private final Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 2), 1);
    private final ProcFs proc = new ProcFs(k);

    private long anon(Task t, long len) {
        return Mmap.mmap(t.mm(), t.limits(), 0, len, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
    }

    private static String field(String file, String key) {
        for (String line : file.split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new AssertionError(key + " missing in\n" + file);
    }

    /** The smaps block of the VMA starting at addr (an exec'd task has its program's VMAs first). */
    private static String vma(String smaps, long addr) {
        int at = smaps.indexOf(String.format("%08x-", addr));
        assertTrue(at >= 0 && (at == 0 || smaps.charAt(at - 1) == '\n'), smaps);
        return smaps.substring(at, smaps.indexOf("\nVmFlags:", at) + 1);
    }

    @Test
    void sixteenWrittenPagesThenForkHalvesPss() {
        Task p = k.processes.spawn("web", 0);
        long rss0 = Long.parseLong(field(proc.read("/proc/" + p.pid + "/status"), "VmRSS").replace(" kB", ""));
        long anon0 = Long.parseLong(field(proc.read("/proc/" + p.pid + "/status"), "RssAnon").replace(" kB", ""));
        long a = anon(p, 16 * 4096);
        assertEquals(-1, p.touch(a, 16 * 4096, Fault.WRITE));
        String smaps = vma(proc.read("/proc/" + p.pid + "/smaps"), a);
        assertEquals("64 kB", field(smaps, "Rss"));
        assertEquals("64 kB", field(smaps, "Pss"));
        assertEquals("64 kB", field(smaps, "Private_Dirty"));
        assertEquals("64 kB", field(smaps, "Anonymous"));
        String full = proc.read("/proc/" + p.pid + "/smaps");
        int at = full.indexOf(String.format("%08x-", a));
        assertEquals("rd wr mr mw me ac sd", field(full.substring(full.indexOf("\nVmFlags:", at) + 1), "VmFlags"));
        String status = proc.read("/proc/" + p.pid + "/status");
        assertEquals(rss0 + 64 + " kB", field(status, "VmRSS"));
        assertEquals(anon0 + 64 + " kB", field(status, "RssAnon"));
        Task c = k.processes.fork(p);
        for (Task t : new Task[] {p, c}) {
            String s = vma(proc.read("/proc/" + t.pid + "/smaps"), a);
            assertEquals("32 kB", field(s, "Pss"));
            assertEquals("64 kB", field(s, "Shared_Dirty"));
            assertEquals("0 kB", field(s, "Private_Dirty"));
            // the stack and data pages exec wrote are shared too: half of all anonymous pages
            assertEquals((anon0 + 64) / 2 + " kB", field(proc.read("/proc/" + t.pid + "/smaps_rollup"), "Pss_Anon"));
        }
        assertEquals(Integer.toString(p.pid), field(proc.read("/proc/" + c.pid + "/status"), "PPid"));
        c.touch(a, 4096, Fault.WRITE);
        String s = vma(proc.read("/proc/" + c.pid + "/smaps"), a);
        assertEquals("4 kB", field(s, "Private_Dirty"));
        assertEquals("60 kB", field(s, "Shared_Dirty"));
        assertEquals("34 kB", field(s, "Pss"));
    }

    @Test
    void threeSharersGiveFractionalPssThatAddsUp() {
        Task p = k.processes.spawn("a", 0);
        long a = anon(p, 3 * 4096);
        p.touch(a, 3 * 4096, Fault.WRITE);
        Task c1 = k.processes.fork(p);
        k.processes.fork(p);
        // 3 x (4096 << 12) / 3 = 3 x 5592405 -> 16777215 >> 12 = 4095 bytes: 3 kB, as Linux truncates
        assertEquals("3 kB", field(vma(proc.read("/proc/" + c1.pid + "/smaps"), a), "Pss"));
        Task lone = k.processes.spawn("b", 0);
        long b = anon(lone, 4096);
        lone.touch(b, 4096, Fault.WRITE);
        Task c = k.processes.fork(lone);
        k.processes.fork(lone);
        assertEquals("1 kB", field(vma(proc.read("/proc/" + c.pid + "/smaps"), b), "Pss"));
    }

    @Test
    void fileCacheReadByTwoTasksIsSharedClean() {
        VmFile lib = new VmFile("/usr/lib/libdemo.so", 77, true, false, false);
        k.user.pageCache.createFile(lib, 16 * 4096, true, page -> 0);
        Task[] tasks = {k.processes.spawn("a", 0), k.processes.spawn("b", 0)};
        long[] at = new long[2];
        for (int i = 0; i < 2; i++) {
            at[i] = Mmap.mmap(tasks[i].mm(), tasks[i].limits(), 0, 16 * 4096, Mman.PROT_READ, Mman.MAP_PRIVATE, lib, 0);
            assertEquals(-1, tasks[i].touch(at[i], 10 * 4096, Fault.READ));
        }
        String smaps = vma(proc.read("/proc/" + tasks[0].pid + "/smaps"), at[0]);
        assertTrue(smaps.split("\n")[0].endsWith(" 00:00 77                         /usr/lib/libdemo.so"),
                smaps.split("\n")[0]);
        // fault-around maps cached neighbours too; the second task maps all that the first does
        long rss = Long.parseLong(field(smaps, "Rss").replace(" kB", ""));
        assertTrue(rss >= 40, smaps);
        assertEquals(rss / 2 + " kB", field(smaps, "Pss"));
        assertEquals(rss + " kB", field(smaps, "Shared_Clean"));
        assertEquals("0 kB", field(smaps, "Anonymous"));
        String rollup = proc.read("/proc/" + tasks[0].pid + "/smaps_rollup");
        assertEquals(rss / 2 + " kB", field(rollup, "Pss_File"));
        assertEquals(rss + " kB", field(proc.read("/proc/" + tasks[0].pid + "/status"), "RssFile"));
    }

    @Test
    void vanishedPidIsEnoentAndListingFollowsTheTable() {
        Task t = k.processes.spawn("gone", 0);
        String dir = "/proc/" + t.pid + "/";
        assertTrue(proc.allFiles().contains(dir + "smaps"));
        assertEquals("gone\n", proc.read(dir + "comm"));
        assertEquals("/usr/bin/gone\0", proc.read(dir + "cmdline"));
        assertEquals(KernelError.class, assertThrows(KernelError.class, () -> proc.write(dir + "comm", "x"))
                .getClass());
        k.processes.exit(t);
        KernelError e = assertThrows(KernelError.class, () -> proc.read(dir + "maps"));
        assertEquals(Errno.ENOENT, e.errno);
        assertFalse(proc.exists(dir + "maps"));
        assertFalse(proc.allFiles().contains(dir + "smaps"));
    }

    @Test
    void statHas52FieldsAndStatmMatchesStatus() {
        Task t = k.processes.spawn("x", 0);
        String[] before = proc.read("/proc/" + t.pid + "/stat").trim().split(" ");
        long a = anon(t, 8 * 4096);
        t.touch(a, 8 * 4096, Fault.WRITE);
        String stat = proc.read("/proc/" + t.pid + "/stat");
        assertTrue(stat.endsWith("\n"));
        String[] f = stat.trim().split(" ");
        assertEquals(52, f.length);
        assertEquals("(x)", f[1]);
        long rss = Long.parseLong(before[23]) + 8;
        long vsize = Long.parseLong(before[22]) + 8 * 4096;
        assertEquals(Long.toString(rss), f[23]);
        assertEquals(Long.toString(vsize), f[22]);
        // the default program: 120 text pages (VmExe 480 kB); data = VmData + VmStk
        String status = proc.read("/proc/" + t.pid + "/status");
        long data = (Long.parseLong(field(status, "VmData").replace(" kB", ""))
                + Long.parseLong(field(status, "VmStk").replace(" kB", ""))) / 4;
        assertEquals(vsize / 4096 + " " + rss + " 0 120 0 " + data + " 0\n", proc.read("/proc/" + t.pid + "/statm"));
    }

    /** numa_maps: one line per VMA; the fork shares 4 pages (mapmax=2) until the child writes one. */
    @Test
    void numaMapsCountsPagesByNodeAndMapcount() {
        Task p = k.processes.spawn("web", 1);
        long a = anon(p, 8 * 4096);
        assertEquals(-1, p.touch(a, 4 * 4096, Fault.WRITE));
        Task c = k.processes.fork(p);
        assertEquals(-1, c.touch(a, 4096, Fault.WRITE));
        String mine = line(proc.read("/proc/" + p.pid + "/numa_maps"), a);
        assertEquals(String.format("%08x default anon=4 dirty=4 mapmax=2 active=0 N1=4 kernelpagesize_kB=4", a),
                mine);
        String child = proc.read("/proc/" + c.pid + "/numa_maps");
        assertEquals(String.format("%08x default anon=4 dirty=4 mapmax=2 active=0 N1=4 kernelpagesize_kB=4", a),
                line(child, a));
        assertTrue(child.contains(" stack anon="), child);
        long untouched = Mmap.mmap(p.mm(), p.limits(), 0, 4096, Mman.PROT_READ,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null, 0);
        assertEquals(String.format("%08x default", untouched),
                line(proc.read("/proc/" + p.pid + "/numa_maps"), untouched));
        // every VMA's pages are its smaps Rss, in the same order
        String smaps = proc.read("/proc/" + c.pid + "/smaps");
        List<String> rss = new ArrayList<>();
        for (String l : smaps.split("\n")) {
            if (l.startsWith("Rss:")) {
                rss.add(l.substring(4).trim());
            }
        }
        String[] lines = child.split("\n");
        assertEquals(rss.size() - 1, lines.length, "[vsyscall] has no numa_maps line");
        for (int i = 0; i < lines.length; i++) {
            long pages = 0;
            for (String tok : lines[i].split(" ")) {
                if (tok.matches("N\\d+=\\d+")) {
                    pages += Long.parseLong(tok.substring(tok.indexOf('=') + 1));
                }
            }
            assertEquals(pages * 4 + " kB", rss.get(i), lines[i]);
        }
    }

    private static String line(String file, long addr) {
        for (String l : file.split("\n")) {
            if (l.startsWith(String.format("%08x ", addr))) {
                return l;
            }
        }
        throw new AssertionError(Long.toHexString(addr) + " missing in\n" + file);
    }

    /** The host's numa_maps and mmsim's have the same fields in the same order. */
    @Test
    void numaMapsShapeMatchesTheHost() throws IOException {
        Pattern shape = Pattern.compile("[0-9a-f]{8,} default( file=\\S+| heap| stack)?(( anon=\\d+)?( dirty=\\d+)?"
                + "( mapped=\\d+)?( mapmax=\\d+)?( swapcache=\\d+)?( active=\\d+)?( writeback=\\d+)?( N\\d+=\\d+)+"
                + " kernelpagesize_kB=4)?");
        Task t = k.processes.spawn("x", 0);
        t.touch(anon(t, 4096), 4096, Fault.WRITE);
        List<String> lines = new ArrayList<>(List.of(proc.read("/proc/" + t.pid + "/numa_maps").split("\n")));
        Path host = Path.of("/proc/self/numa_maps");
        if (Files.isReadable(host)) {
            lines.addAll(List.of(Files.readString(host).split("\n")));
        }
        for (String l : lines) {
            assertTrue(shape.matcher(l).matches(), l);
        }
    }

    /** Key order, tabs and widths of status and smaps equal the host's own files'. */
    @Test
    void shapesMatchTheHost() throws IOException {
        Task t = k.processes.spawn("x", 0);
        long a = anon(t, 4096);
        t.touch(a, 4096, Fault.WRITE);
        for (String name : new String[] {"status", "smaps_rollup"}) {
            Path host = Path.of("/proc/self/" + name);
            if (!Files.isReadable(host)) {
                continue;
            }
            assertEquals(shape(Files.readString(host)), shape(proc.read("/proc/" + t.pid + "/" + name)), name);
        }
        Path hostSmaps = Path.of("/proc/self/smaps");
        if (Files.isReadable(hostSmaps)) {
            String h = Files.readString(hostSmaps);
            String firstVma = h.substring(0, h.indexOf("\nVmFlags:") + 1);
            String mine = proc.read("/proc/" + t.pid + "/smaps");
            assertEquals(shape(firstVma), shape(mine.substring(0, mine.indexOf("\nVmFlags:") + 1)));
            Pattern header = Pattern.compile("[0-9a-f]{8,}-[0-9a-f]{8,} [-r][-w][-x][ps] [0-9a-f]{8} "
                    + "[0-9a-f]{2}:[0-9a-f]{2} \\d+ (\\s{" + 1 + ",}\\S.*)?");
            for (String line : proc.read("/proc/" + t.pid + "/maps").split("\n")) {
                assertTrue(header.matcher(line).matches(), line);
            }
        }
    }

    /** Each line reduced to its key and the column where its value ends. */
    private static List<String> shape(String file) {
        List<String> out = new ArrayList<>();
        for (String line : file.split("\n")) {
            int colon = line.indexOf(':');
            if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                out.add("header");
            } else if (line.endsWith(" kB")) {
                out.add(line.substring(0, colon + 1) + "@" + line.length() + (line.contains("\t") ? "tab" : ""));
            } else {
                out.add(line.substring(0, colon + 1));
            }
        }
        return out;
    }
}
