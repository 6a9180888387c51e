package org.mmsim.procfs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files real tools need besides the memory ones: CPU masks in sysfs, /proc/stat, /proc/loadavg
 * and /proc/cpuinfo. Masks of a host-like machine (the host's CPU count, one node) must equal the
 * host's files byte for byte; /proc/stat must have the host's line keys in order.
 */
class CpuAndStatFilesTest {
    private static final int CPUS = Runtime.getRuntime().availableProcessors();

    private static ProcFs hostLike() {
        return new ProcFs(Kernel.boot(MachineSpec.uniform(1L << 30, CPUS, 1), 1));
    }

    private static String host(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            Assumptions.abort("host file unreadable: " + path);
            return "";
        }
    }

    @Test
    void cpuAndNodeMasksMatchTheHost() {
        ProcFs p = hostLike();
        for (String f : List.of("/sys/devices/system/cpu/online", "/sys/devices/system/cpu/possible",
                "/sys/devices/system/cpu/present", "/sys/devices/system/node/node0/cpumap",
                "/sys/devices/system/node/node0/cpulist")) {
            Assumptions.assumeTrue(Files.isReadable(Path.of(f)), f);
            assertEquals(host(f), p.read(f), f);
        }
    }

    @Test
    void masksSplitInto32BitChunksAndRanges() {
        boolean[] forty = new boolean[40];
        java.util.Arrays.fill(forty, true);
        assertEquals("ff,ffffffff", Bitmaps.hexMask(forty));
        boolean[] some = new boolean[70];
        some[0] = some[33] = some[69] = true;
        assertEquals("20,00000002,00000001", Bitmaps.hexMask(some));
        assertEquals("0,33,69", Bitmaps.rangeList(some));
        boolean[] runs = {true, true, false, true, true, true, false, true};
        assertEquals("0-1,3-5,7", Bitmaps.rangeList(runs));
    }

    @Test
    void nodesGetTheirCpus() {
        ProcFs p = new ProcFs(Kernel.boot(MachineSpec.uniform(2L << 30, 4, 2), 1));
        assertEquals("0-1\n", p.read("/sys/devices/system/node/node0/cpulist"));
        assertEquals("2-3\n", p.read("/sys/devices/system/node/node1/cpulist"));
        assertEquals("c\n", p.read("/sys/devices/system/node/node1/cpumap"));
    }

    @Test
    void statHasTheHostsLinesInOrder() {
        ProcFs p = hostLike();
        assertEquals(keys(host("/proc/stat")), keys(p.read("/proc/stat")));
        String[] cpu = p.read("/proc/stat").split("\n")[0].split(" +");
        assertEquals(11, cpu.length, "cpu plus the ten time columns");
    }

    @Test
    void loadavgAndCpuinfoHaveTheHostsShape() {
        ProcFs p = hostLike();
        String pattern = "\\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+/\\d+ \\d+\n";
        assertTrue(host("/proc/loadavg").matches(pattern));
        assertTrue(p.read("/proc/loadavg").matches(pattern), p.read("/proc/loadavg"));
        String info = p.read("/proc/cpuinfo");
        assertEquals(CPUS, info.split("\n\n").length);
        assertTrue(info.startsWith("processor\t: 0\n"));
        for (String line : info.split("\n")) {
            if (!line.isEmpty()) {
                assertTrue(host("/proc/cpuinfo").contains("\n" + line.replaceAll(": \\d+$", ": ")), line);
            }
        }
    }

    /** The first word of each line, with per-CPU lines kept whole-named (cpu, cpu0, ...). */
    private static List<String> keys(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            out.add(line.split(" ")[0]);
        }
        return out;
    }
}
