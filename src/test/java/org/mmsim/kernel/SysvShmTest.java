package org.mmsim.kernel;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SysvShmTest {
    private static Errno errno(Runnable call) {
        return assertThrows(KernelError.class, call::run).errno;
    }

    private static Kernel boot() {
        return Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 0);
    }

    private static long shmemPages(Kernel k) {
        long n = 0;
        for (org.mmsim.mm.zone.Node node : k.zones.nodes()) {
            n += node.stats[NodeStat.NR_SHMEM];
        }
        return n;
    }

    private static void sysctl(Kernel k, String name, String value) {
        k.sysctl.get(name).write(value);
    }

    @Test
    void shmgetRefusesAsLinuxDoes() {
        Kernel k = boot();
        SysvShm shm = k.shm;
        assertEquals(Errno.EINVAL, errno(() -> shm.shmget(null, SysvShm.IPC_PRIVATE, 0, SysvShm.IPC_CREAT)));
        assertEquals(Errno.ENOENT, errno(() -> shm.shmget(null, 42, 4096, 0)));
        int id = shm.shmget(null, 42, 8192, SysvShm.IPC_CREAT | 0600);
        assertEquals(id, shm.shmget(null, 42, 4096, 0));
        assertEquals(Errno.EINVAL, errno(() -> shm.shmget(null, 42, 1 << 20, 0)), "larger than the segment");
        assertEquals(Errno.EEXIST, errno(() -> shm.shmget(null, 42, 4096, SysvShm.IPC_CREAT | SysvShm.IPC_EXCL)));
        sysctl(k, "kernel.shmmni", "1");
        assertEquals(Errno.ENOSPC, errno(() -> shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT)));
        sysctl(k, "kernel.shmmni", "4096");
        sysctl(k, "kernel.shmall", "2");
        assertEquals(Errno.ENOSPC, errno(() -> shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT)));
        sysctl(k, "kernel.shmmax", "4095");
        assertEquals(Errno.EINVAL, errno(() -> shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT)));
        assertEquals(Errno.EINVAL, errno(() -> shm.rmid(id + 1)));
    }

    @Test
    void sysctlsHaveLinuxDefaultsAndChecks() {
        Kernel k = boot();
        assertEquals("18446744073692774399\n", k.sysctl.get("kernel.shmmax").read());
        assertEquals("18446744073692774399\n", k.sysctl.get("kernel.shmall").read());
        assertEquals("4096\n", k.sysctl.get("kernel.shmmni").read());
        assertEquals(Errno.EINVAL, errno(() -> sysctl(k, "kernel.shmmni", "32769")), "above IPCMNI");
        assertEquals(Errno.EINVAL, errno(() -> sysctl(k, "kernel.shmmni", "-1")));
        assertEquals(Errno.EINVAL, errno(() -> sysctl(k, "kernel.shmmax", "-1")));
        sysctl(k, "kernel.shmmni", "32768");
        assertEquals("32768\n", k.sysctl.get("kernel.shmmni").read());
    }

    @Test
    void idsCycleThroughIndexesAsIpcIdrAllocDoes() {
        Kernel k = boot();
        int first = k.shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT);
        int second = k.shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT);
        assertEquals(0, first);
        assertEquals(1, second);
        k.shm.rmid(first);
        assertEquals(2, k.shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT), "the next index, not the freed one");
        for (int i = 3; i < 64; i++) {
            assertEquals(i, k.shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT));
        }
        // 63 in use: the cycle is max(63 * 3 / 2, 64) = 94 wide, so index 64 is next
        assertEquals(64, k.shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT));
    }

    @Test
    void wrapAroundBumpsTheSequence() {
        Kernel k = boot();
        int last = -1;
        for (int i = 0; i < 64; i++) {
            last = k.shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT);
            k.shm.rmid(last);
        }
        assertEquals(63, last);
        assertEquals(1 << 15, k.shm.shmget(null, SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT), "seq 1, index 0");
    }

    @Test
    void attachShowsTheKeyInMapsAndRemovalWaitsForTheLastDetach() {
        Kernel k = boot();
        Task t = k.processes.spawn("a", 0);
        int id = k.shm.shmget(t.mm(), 0x1234, 1 << 20, SysvShm.IPC_CREAT | 0600);
        long addr = k.shm.shmat(t, id, SysvShm.SHM_RDONLY);
        assertEquals("/SYSV00001234 (deleted)", t.mm().mapsName(t.mm().findVma(addr)));
        assertEquals(1, k.shm.lookup(id).nattch());
        k.shm.rmid(id);
        assertEquals(SysvShm.IPC_PRIVATE, k.shm.lookup(id).key(), "the key goes at once");
        assertEquals(0600 | SysvShm.SHM_DEST, k.shm.lookup(id).mode());
        assertEquals(Errno.ENOENT, errno(() -> k.shm.shmget(t.mm(), 0x1234, 4096, 0)));
        assertEquals(Errno.EINVAL, errno(() -> k.shm.shmdt(t, addr + 4096)));
        k.shm.shmdt(t, addr);
        assertEquals(0, k.shm.segments().size());
        assertEquals(Errno.EINVAL, errno(() -> k.shm.lookup(id)));
    }

    @Test
    void destroyedSegmentsGiveTheirPagesAndChargeBack() {
        Kernel k = boot();
        Task t = k.processes.spawn("a", 0);
        long shmem0 = shmemPages(k);
        long committed0 = k.overcommit.committed();
        int id = k.shm.shmget(t.mm(), SysvShm.IPC_PRIVATE, 1 << 20, SysvShm.IPC_CREAT | 0600);
        assertEquals(committed0 + 256, k.overcommit.committed(), "newseg charges the segment");
        long addr = k.shm.shmat(t, id, 0);
        t.touch(addr, 512 << 10, Fault.WRITE);
        assertEquals(shmem0 + 128, shmemPages(k));
        k.shm.shmdt(t, addr);
        assertEquals(shmem0 + 128, shmemPages(k), "a detached segment keeps its pages");
        assertEquals(128, k.shm.lookup(id).rssPages());
        k.shm.rmid(id);
        assertEquals(shmem0, shmemPages(k), "IPC_RMID of an unattached segment frees them");
        assertEquals(committed0, k.overcommit.committed());
        int nores = k.shm.shmget(t.mm(), SysvShm.IPC_PRIVATE, 1 << 20, SysvShm.IPC_CREAT | SysvShm.SHM_NORESERVE);
        assertEquals(committed0, k.overcommit.committed(), "SHM_NORESERVE takes no charge");
        k.shm.rmid(nores);
    }

    @Test
    void strictOvercommitRefusesASegmentBeyondTheLimit() {
        Kernel k = boot();
        Task t = k.processes.spawn("a", 0);
        sysctl(k, "vm.overcommit_memory", "2");
        long before = k.overcommit.committed();
        assertEquals(Errno.ENOMEM, errno(() -> k.shm.shmget(t.mm(), SysvShm.IPC_PRIVATE, 4L << 30,
                SysvShm.IPC_CREAT | SysvShm.SHM_NORESERVE)), "SHM_NORESERVE is ignored in mode 2");
        assertEquals(before, k.overcommit.committed());
        assertEquals(0, k.shm.segments().size());
    }

    @Test
    void exitOfTheLastAttacherEndsARemovedSegment() {
        Kernel k = boot();
        Task t = k.processes.spawn("a", 0);
        long shmem0 = shmemPages(k);
        int id = k.shm.shmget(t.mm(), 0x77, 64 << 10, SysvShm.IPC_CREAT | 0600);
        long addr = k.shm.shmat(t, id, 0);
        t.touch(addr, 64 << 10, Fault.WRITE);
        Task child = k.processes.fork(t);
        assertEquals(2, k.shm.lookup(id).nattch(), "fork opens the attach again");
        k.shm.rmid(id);
        k.setCurrentTask(t);
        k.processes.exit(t);
        assertEquals(1, k.shm.lookup(id).nattch());
        assertEquals(t.pid, k.shm.lookup(id).lpid(), "shm_close records the exiting task");
        k.setCurrentTask(child);
        k.processes.exit(child);
        assertEquals(0, k.shm.segments().size());
        assertEquals(shmem0, shmemPages(k));
    }

    @Test
    void sharedAnonymousObjectsAreFreedWithTheirLastMapping() {
        Kernel k = boot();
        Task t = k.processes.spawn("a", 0);
        long shmem0 = shmemPages(k);
        long a = Mmap.mmap(t.mm(), t.limits(), 0, 1 << 20, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
        t.touch(a, 1 << 20, Fault.WRITE);
        Task child = k.processes.fork(t);
        assertEquals(shmem0 + 256, shmemPages(k));
        org.mmsim.mm.vma.Munmap.munmap(t.mm(), a, 1 << 20);
        assertEquals(shmem0 + 256, shmemPages(k), "the child still maps it");
        k.processes.exit(child);
        assertEquals(shmem0, shmemPages(k));
    }
}
