package org.mmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Brk;
import org.mmsim.procfs.ProcFs;
import org.mmsim.task.Exec;
import org.mmsim.task.ProgramImage;
import org.mmsim.task.Task;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * exec's randomization (kernel.randomize_va_space): mmap_base moves by 28 bits of pages below the
 * stack gap, the stack top by STACK_RND_MASK's 22 bits of pages (plus arch_align_stack's page),
 * the break by up to 1 GiB past a one-page gap. Seeded samples must fill those ranges and stay
 * inside them; the host's own exec of a static program, run repeatedly, must land inside the same
 * ranges.
 */
class ExecAslrTest {
    private static final long TASK_SIZE = 0x7ffffffff000L;
    /** mmap_base()'s gap with randomization: 8 MiB RLIMIT_STACK + the stack's random range + guard gap. */
    private static final long GAP = (8L << 20) + (Exec.STACK_RND_MASK << 12) + (256L << 12);
    private static final long VDSO_AREA = 8 << 12;
    private static final int SAMPLES = 300;

    @TempDir
    Path dir;

    /** What one exec'd layout's maps show: mmap, stack and brk offsets in pages/bytes. */
    private record Offsets(long mmapPages, long stackPages, long brkBytes) {
    }

    private static long start(String maps, String name) {
        for (String l : maps.split("\n")) {
            if (l.endsWith(" " + name)) {
                return Long.parseUnsignedLong(l.substring(0, l.indexOf('-')), 16);
            }
        }
        throw new AssertionError(name + " missing in\n" + maps);
    }

    private static long end(String maps, String name) {
        for (String l : maps.split("\n")) {
            if (l.endsWith(" " + name)) {
                return Long.parseUnsignedLong(l.substring(l.indexOf('-') + 1, l.indexOf(' ')), 16);
            }
        }
        throw new AssertionError(name + " missing in\n" + maps);
    }

    /** The offsets of a maps file whose program's break began at elfBrk (page-aligned end of bss). */
    private static Offsets offsets(String maps, long elfBrk) {
        long mmapBase = start(maps, "[vvar]") + VDSO_AREA;
        long stackEnd = end(maps, "[stack]");
        long heap = start(maps, "[heap]");
        return new Offsets((TASK_SIZE - GAP - mmapBase) >> 12, (TASK_SIZE - stackEnd) >> 12, heap - elfBrk - 4096);
    }

    private static void assertInRange(Offsets o) {
        assertTrue(o.mmapPages >= 0 && o.mmapPages < 1L << 28, "mmap offset " + o.mmapPages);
        assertTrue(o.stackPages >= 0 && o.stackPages <= Exec.STACK_RND_MASK + 1, "stack offset " + o.stackPages);
        assertTrue(o.brkBytes >= 0 && o.brkBytes < Exec.BRK_RANDOM_RANGE && (o.brkBytes & 4095) == 0,
                "brk offset " + o.brkBytes);
    }

    private static long elfBrk(ProgramImage image) {
        long end = 0;
        for (ProgramImage.Segment s : image.segments()) {
            end = Math.max(end, s.vaddr() + s.memsz());
        }
        return (end + 4095) & -4096L;
    }

    @Test
    void seededLayoutsFillLinuxRanges() {
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 7);
        ProcFs proc = new ProcFs(k);
        long[] min = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        long[] max = new long[3];
        for (int i = 0; i < SAMPLES; i++) {
            Task t = k.processes.spawn("a", 0, "/usr/bin/a", ProgramImage.DEFAULT);
            Brk.brk(t.mm(), t.limits(), t.mm().brk + 4096);
            Offsets o = offsets(proc.read("/proc/" + t.pid + "/maps"), elfBrk(ProgramImage.DEFAULT));
            assertInRange(o);
            long[] v = {o.mmapPages, o.stackPages, o.brkBytes};
            for (int j = 0; j < 3; j++) {
                min[j] = Math.min(min[j], v[j]);
                max[j] = Math.max(max[j], v[j]);
            }
            k.processes.exit(t);
        }
        // 300 uniform draws leave less than 1e-30 of a chance for any range's outer eighths to stay empty
        long[] range = {1L << 28, Exec.STACK_RND_MASK + 1, Exec.BRK_RANDOM_RANGE};
        for (int j = 0; j < 3; j++) {
            assertTrue(min[j] < range[j] / 8 && max[j] > range[j] - range[j] / 8,
                    "range " + j + ": " + min[j] + ".." + max[j]);
        }
    }

    @Test
    void randomizeVaSpaceOneLeavesTheBreakAfterTheBss() {
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 7);
        k.sysctl.get("kernel.randomize_va_space").write("1");
        Task a = k.processes.spawn("a", 0);
        Task b = k.processes.spawn("b", 0);
        assertEquals(elfBrk(ProgramImage.DEFAULT), a.mm().startBrk);
        assertEquals(a.mm().startBrk, b.mm().startBrk);
        assertTrue(a.mm().mmapBase != b.mm().mmapBase && a.mm().startStack != b.mm().startStack);
    }

    @Test
    void hostLayoutsStayInsideTheSameRanges() throws Exception {
        assumeTrue("2".equals(Files.readString(Path.of("/proc/sys/kernel/randomize_va_space")).trim()),
                "host ASLR is not at its default");
        assumeTrue(Files.readString(Path.of("/proc/self/limits")).matches("(?s).*Max stack size +8388608 .*"),
                "RLIMIT_STACK is not 8 MiB");
        Path bin = ExecHostLayoutTest.build(dir, 1000, 1000, 5000, 70000);
        long elfBrk = elfBrk(ExecHostLayoutTest.readImage(bin));
        for (int i = 0; i < 20; i++) {
            String out = ExecHostLayoutTest.run("env", "-i", bin.toString());
            assertInRange(offsets(out.substring(0, out.indexOf("[vsyscall]")), elfBrk));
        }
    }
}
