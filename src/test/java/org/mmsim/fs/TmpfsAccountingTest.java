package org.mmsim.fs;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mmsim.fs.OpenFlags.O_CREAT;
import static org.mmsim.fs.OpenFlags.O_RDWR;

/**
 * tmpfs files are VM_NORESERVE: each page is charged to Committed_AS and to the mount's size as it
 * is allocated, and refused with ENOSPC (SIGBUS on a fault) past either. The host, in a private
 * mount namespace with `mount -t tmpfs -o size=8M`: writing 6 MiB raised Committed_AS by 6144 kB,
 * a 4 MiB write after it stopped at 2 MiB, and removing the files brought Committed_AS back.
 */
class TmpfsAccountingTest {
    private static final long MIB = 1 << 20;
    private final FsFixture f = new FsFixture();

    private Tmpfs mount8M() {
        f.vfs.mkdir("/mnt/t", true);
        return (Tmpfs) f.vfs.mountTmpfs("/mnt/t", 8 * MIB >>> 12);
    }

    private long committedKb() {
        return f.k.overcommit.committed() << 2;
    }

    @Test
    void pagesAreChargedAsWrittenAndTheSizeLimitStopsAWrite() {
        Tmpfs fs = mount8M();
        long before = committedKb();
        int fd = f.open("/mnt/t/f", O_RDWR | O_CREAT);
        assertEquals(6 * MIB, f.vfs.write(f.t.files, fd, 0, 6 * MIB, null, (byte) 1));
        assertEquals(6144, committedKb() - before);
        int g = f.open("/mnt/t/g", O_RDWR | O_CREAT);
        assertEquals(2 * MIB, f.vfs.write(f.t.files, g, 0, 4 * MIB, null, (byte) 2));
        KernelError full = assertThrows(KernelError.class, () -> f.vfs.write(f.t.files, g, 2 * MIB, 4096, null, (byte) 3));
        assertEquals(Errno.ENOSPC, full.errno);
        assertEquals(2048, fs.sbInfo().usedBlocks());
        f.vfs.unlink("/mnt/t/f");
        f.vfs.close(f.t.files, fd);
        assertEquals(2048, committedKb() - before);
        f.vfs.ftruncate(f.t.files, g, 0);
        assertEquals(0, committedKb() - before);
        assertEquals(0, fs.sbInfo().usedBlocks());
    }

    @Test
    void fallocatePastTheLimitFailsAndLeavesNothingBehind() {
        Tmpfs fs = mount8M();
        long before = committedKb();
        int fd = f.open("/mnt/t/f", O_RDWR | O_CREAT);
        f.vfs.write(f.t.files, fd, 0, MIB, null, (byte) 1);
        long cached = f.cachedPages();
        KernelError e = assertThrows(KernelError.class, () -> f.vfs.fallocate(f.t.files, fd, 0, 0, 16 * MIB));
        assertEquals(Errno.ENOSPC, e.errno);
        assertEquals(cached, f.cachedPages());
        assertEquals(256, fs.sbInfo().usedBlocks());
        assertEquals(1024, committedKb() - before);
        f.vfs.fallocate(f.t.files, fd, 0, 0, 8 * MIB);
        assertEquals(2048, fs.sbInfo().usedBlocks());
    }

    @Test
    void aFaultPastTheLimitIsSigbus() {
        mount8M();
        int fd = f.open("/mnt/t/f", O_RDWR | O_CREAT);
        f.vfs.ftruncate(f.t.files, fd, 16 * MIB);
        long a = Mmap.mmap(f.t.mm(), f.t.limits(), 0, 16 * MIB, Mman.PROT_READ | Mman.PROT_WRITE, Mman.MAP_SHARED,
                f.vfs.forMmap(f.t.files, fd).vmFile(), 0);
        assertEquals(a + 8 * MIB, f.t.touch(a, 16 * MIB, Fault.WRITE));
        assertEquals(Fault.SIGBUS, f.t.lastResult());
    }

    @Test
    void underOvercommitNeverTheCommitLimitRefusesTmpfsPages() {
        f.vfs.mkdir("/mnt/t", true);
        f.vfs.mountTmpfs("/mnt/t", 0);
        f.k.sysctl.get("vm.overcommit_memory").write("2");
        f.k.sysctl.get("vm.overcommit_ratio").write("0");
        int fd = f.open("/mnt/t/f", O_RDWR | O_CREAT);
        KernelError e = assertThrows(KernelError.class, () -> f.vfs.write(f.t.files, fd, 0, MIB, null, (byte) 1));
        assertEquals(Errno.ENOSPC, e.errno);
        assertEquals(0, f.cachedPages());
    }
}
