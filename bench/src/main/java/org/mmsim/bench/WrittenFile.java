/*
 * The page-cache benchmarks' machine: a 2-CPU machine of the given memory with one 16 GiB disk of
 * the given model holding /, and a task that has written a file of the given size to /tmp/data and
 * fsynced it (its pages cached and clean).
 */
package org.mmsim.bench;

import java.util.List;
import org.mmsim.block.DiskModel;
import org.mmsim.block.Disks;
import org.mmsim.fs.OpenFlags;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.task.Task;

record WrittenFile(Kernel k, Task task, int fd) {
    static WrittenFile boot(long memory, DiskModel disk, long size) {
        MachineSpec base = MachineSpec.uniform(memory, 2, 1);
        Kernel k = Kernel.boot(new MachineSpec(base.nodeMemory, 2, base.distance, 0, 0, "madvise", 4,
                List.of(new Disks.Spec(disk, 16L << 30))), 1);
        Task task = k.processes.spawn("bench", 0);
        int fd = k.vfs.open(task.files, "/tmp/data", OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        k.vfs.write(task.files, fd, 0, size, null, (byte) 1);
        k.vfs.fsync(task.files, fd, false);
        return new WrittenFile(k, task, fd);
    }
}
