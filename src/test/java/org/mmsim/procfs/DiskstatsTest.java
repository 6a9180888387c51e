package org.mmsim.procfs;

import org.junit.jupiter.api.Test;
import org.mmsim.block.DiskModel;
import org.mmsim.block.Disks;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.sim.KernelError;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskstatsTest {
    /** One line of block/genhd.c's diskstats_show: "%4d %7d %pg" then 17 counters. */
    private static final Pattern LINE = Pattern.compile("[ \\d]{3}\\d [ \\d]{6}\\d \\S+( \\d+){17}");

    private static ProcFs machine() {
        MachineSpec base = MachineSpec.uniform(256L << 20, 1, 1);
        MachineSpec spec = new MachineSpec(base.nodeMemory, 1, base.distance, 0, 0, "madvise", 4,
                List.of(new Disks.Spec(DiskModel.NVME, 100L << 30), new Disks.Spec(DiskModel.HDD, 1L << 40)));
        return new ProcFs(Kernel.boot(spec, 1));
    }

    @Test
    void linesHaveTheHostsShape() throws Exception {
        ProcFs fs = machine();
        String text = fs.read("/proc/diskstats");
        for (String line : text.split("\n")) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
        Path host = Path.of("/proc/diskstats");
        if (Files.isReadable(host)) {
            for (String line : Files.readAllLines(host)) {
                assertTrue(LINE.matcher(line).matches(), "host line " + line);
            }
        }
        assertEquals(" 259       0 nvme0n1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", text.split("\n")[0]);
        assertEquals("   8       0 sda 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0", text.split("\n")[1]);
    }

    @Test
    void sysBlockShowsSizeStatAndQueue() throws Exception {
        ProcFs fs = machine();
        assertEquals((100L << 30) / 512 + "\n", fs.read("/sys/block/nvme0n1/size"));
        assertEquals("1\n", fs.read("/sys/block/sda/queue/rotational"));
        assertEquals("128\n", fs.read("/sys/block/sda/queue/read_ahead_kb"));
        fs.write("/sys/block/sda/queue/read_ahead_kb", "4096\n");
        assertEquals("4096\n", fs.read("/sys/block/sda/queue/read_ahead_kb"));
        assertThrows(KernelError.class, () -> fs.write("/sys/block/sda/queue/read_ahead_kb", "-1"));
        assertThrows(KernelError.class, () -> fs.write("/sys/block/sda/size", "1"));
        // part_stat_show(): 17 counters, each %8lu, separated by spaces, then a newline.
        assertEquals(17 * 8 + 16 + 1,
                fs.read("/sys/block/sda/stat").length());
    }
}
