package org.mmsim.fs;

import org.mmsim.block.DiskModel;
import org.mmsim.block.Disks;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.task.Task;

import java.util.List;

/** A booted machine with one disk and a task, for the file tests. */
final class FsFixture {
    final Kernel k;
    final Vfs vfs;
    final Task t;
    /** Page-cache pages of the task's program still mapped after the fixture's drop_caches. */
    private final long programPages;

    FsFixture(long memory, DiskModel model, long disk) {
        MachineSpec base = MachineSpec.uniform(memory, 1, 1);
        k = Kernel.boot(new MachineSpec(base.nodeMemory, 1, base.distance, 0, 0, "madvise", 4,
                List.of(new Disks.Spec(model, disk))), 1);
        vfs = k.vfs;
        t = k.processes.spawn("t", 0);
        // the task's program was cached when exec ran it: start the file tests from an empty cache
        vfs.dropCaches(3);
        programPages = node(NodeStat.NR_FILE_PAGES);
    }

    FsFixture() {
        this(256L << 20, DiskModel.NVME, 1L << 30);
    }

    long node(int item) {
        long sum = 0;
        for (Node n : k.zones.nodes()) {
            sum += n.stats[item];
        }
        return sum;
    }

    long cachedPages() {
        return node(NodeStat.NR_FILE_PAGES) - programPages;
    }

    long dirtyPages() {
        return node(NodeStat.NR_DIRTY);
    }

    long writebackPages() {
        return node(NodeStat.NR_WRITEBACK);
    }

    int open(String path, int flags) {
        return vfs.open(t.files, path, flags);
    }
}
