package org.mmsim.kernel;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SysvShmTest {
    private static Errno errno(Runnable call) {
        return assertThrows(KernelError.class, call::run).errno;
    }

    @Test
    void shmgetRefusesAsLinuxDoes() {
        SysvShm shm = new SysvShm();
        assertEquals(Errno.EINVAL, errno(() -> shm.shmget(SysvShm.IPC_PRIVATE, 0, SysvShm.IPC_CREAT)));
        assertEquals(Errno.ENOENT, errno(() -> shm.shmget(42, 4096, 0)));
        int id = shm.shmget(42, 8192, SysvShm.IPC_CREAT | 0600);
        assertEquals(id, shm.shmget(42, 4096, 0));
        assertEquals(Errno.EINVAL, errno(() -> shm.shmget(42, 1 << 20, 0)), "larger than the segment");
        assertEquals(Errno.EEXIST, errno(() -> shm.shmget(42, 4096, SysvShm.IPC_CREAT | SysvShm.IPC_EXCL)));
        shm.shmmni = 1;
        assertEquals(Errno.ENOSPC, errno(() -> shm.shmget(SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT)));
        shm.shmmni = 4096;
        shm.shmall = 2;
        assertEquals(Errno.ENOSPC, errno(() -> shm.shmget(SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT)));
        assertEquals(Errno.EINVAL, errno(() -> shm.rmid(id + 1)));
    }

    @Test
    void attachShowsTheKeyInMapsAndRemovalWaitsForTheLastDetach() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 0);
        Task t = k.processes.spawn("a", 0);
        int id = k.shm.shmget(0x1234, 1 << 20, SysvShm.IPC_CREAT | 0600);
        assertEquals(1 << 15 | 1, k.shm.shmget(SysvShm.IPC_PRIVATE, 4096, SysvShm.IPC_CREAT), "seq << 15 | index");
        long addr = k.shm.shmat(t, id, SysvShm.SHM_RDONLY);
        assertEquals("/SYSV00001234 (deleted)", t.mm().mapsName(t.mm().findVma(addr)));
        assertEquals(1, k.shm.segments().get(0).nattch());
        k.shm.rmid(id);
        assertEquals(2, k.shm.segments().size(), "still attached");
        assertEquals(Errno.EINVAL, errno(() -> k.shm.shmdt(t, addr + 4096)));
        k.shm.shmdt(t, addr);
        assertEquals(1, k.shm.segments().size());
    }
}
