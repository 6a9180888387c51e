package org.mmsim.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.procfs.Export;
import org.mmsim.procfs.ProcFs;
import org.mmsim.task.Task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real procps-ng pmap (plain, -x, -X) run on an export holding simulated processes prints
 * byte for byte what mmsim's pmap prints from the live /proc. Skipped where unshare cannot make a
 * mount namespace or pmap is not installed.
 */
class PmapRealToolTest {
    private static long map(Task t, long len, int prot, int flags, VmFile file) {
        return Mmap.mmap(t.mm(), t.limits(), 0, len, prot, flags, file, 0);
    }

    @TestFactory
    List<DynamicTest> realPmapEqualsMmsims(@TempDir Path tmp) throws Exception {
        List<String> unshare = RealToolsTest.unshareCommand();
        assumeTrue(unshare != null, "unshare cannot create a private mount namespace here");
        assumeTrue(RealToolsTest.installed("pmap"), "pmap is not installed");
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 2), 7);
        ProcFs proc = new ProcFs(k);
        int rw = Mman.PROT_READ | Mman.PROT_WRITE;
        Task web = k.processes.spawn("web", 0);
        long a = map(web, 16 * 4096, rw, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null);
        web.touch(a, 16 * 4096, Fault.WRITE);
        long s = map(web, 8 * 4096, rw, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null);
        web.touch(s, 3 * 4096, Fault.WRITE);
        VmFile lib = new VmFile("/usr/lib/x86_64-linux-gnu/libdemo.so.1", 4242, true, false, false);
        k.user.pageCache.createFile(lib, 40 * 4096, true, page -> 0);
        long f = map(web, 40 * 4096, Mman.PROT_READ, Mman.MAP_PRIVATE, lib);
        web.touch(f, 10 * 4096, Fault.READ);
        map(web, 1 << 20, Mman.PROT_NONE, Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, null);
        Task child = k.processes.fork(web);
        child.touch(a, 4 * 4096, Fault.WRITE);
        Task empty = k.processes.spawn("idle", 0);
        Path export = tmp.resolve("export");
        Export.write(proc, export);
        List<DynamicTest> tests = new ArrayList<>();
        for (Task t : List.of(web, child, empty)) {
            String[][] modes = {{}, {"-x"}, {"-X"}};
            for (int mode = 0; mode < 3; mode++) {
                List<String> cmd = new ArrayList<>(List.of("pmap"));
                cmd.addAll(List.of(modes[mode]));
                cmd.add(Integer.toString(t.pid));
                String mine = PmapCommand.render(proc, Integer.toString(t.pid), mode);
                tests.add(DynamicTest.dynamicTest(String.join(" ", cmd) + " (" + t.comm + ")", () -> {
                    RealToolsTest.Run real = RealToolsTest.real(unshare, export, cmd);
                    assertEquals("", real.err());
                    assertEquals(0, real.exit());
                    assertEquals(real.out(), mine);
                    // pmap's header shows the command line exec left: the program's path
                    assertTrue(mine.startsWith(t.pid + ":   /usr/bin/" + t.comm + "\n"), mine);
                }));
            }
        }
        return tests;
    }
}
