package org.mmsim.fs;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mmsim.fs.OpenFlags.O_APPEND;
import static org.mmsim.fs.OpenFlags.O_CREAT;
import static org.mmsim.fs.OpenFlags.O_DIRECT;
import static org.mmsim.fs.OpenFlags.O_EXCL;
import static org.mmsim.fs.OpenFlags.O_RDONLY;
import static org.mmsim.fs.OpenFlags.O_RDWR;
import static org.mmsim.fs.OpenFlags.O_TRUNC;
import static org.mmsim.fs.OpenFlags.O_WRONLY;

/** The file system calls' semantics and errnos, as Linux gives them. */
class VfsTest {
    private final FsFixture f = new FsFixture();

    private static Errno errno(Runnable call) {
        return assertThrows(KernelError.class, call::run).errno;
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    void openRefusesAsLinuxDoes() {
        assertEquals(Errno.ENOENT, errno(() -> f.open("/tmp/missing", O_RDONLY)));
        assertEquals(Errno.ENOENT, errno(() -> f.open("/no/such/dir/file", O_RDWR | O_CREAT)));
        int fd = f.open("/tmp/a", O_RDWR | O_CREAT);
        assertEquals(3, fd);
        assertEquals(Errno.EEXIST, errno(() -> f.open("/tmp/a", O_RDWR | O_CREAT | O_EXCL)));
        assertEquals(Errno.ENOTDIR, errno(() -> f.open("/tmp/a/b", O_RDWR | O_CREAT)));
        assertEquals(Errno.EISDIR, errno(() -> f.open("/tmp", O_WRONLY)));
        assertEquals(Errno.EINVAL, errno(() -> f.open("/dev/shm/x", O_RDWR | O_CREAT | O_DIRECT)));
        assertEquals(4, f.open("/tmp/a", O_RDONLY));
    }

    @Test
    void descriptorsCheckTheirAccessMode() {
        int w = f.open("/tmp/a", O_WRONLY | O_CREAT);
        int r = f.open("/tmp/a", O_RDONLY);
        assertEquals(Errno.EBADF, errno(() -> f.vfs.read(f.t.files, w, -1, 10, null)));
        assertEquals(Errno.EBADF, errno(() -> f.vfs.write(f.t.files, r, -1, 10, null, (byte) 1)));
        assertEquals(Errno.EINVAL, errno(() -> f.vfs.ftruncate(f.t.files, r, 0)));
        assertEquals(Errno.EBADF, errno(() -> f.vfs.fallocate(f.t.files, r, 0, 0, 4096)));
        assertEquals(Errno.EBADF, errno(() -> f.vfs.read(f.t.files, 99, -1, 1, null)));
        assertEquals(Errno.EINVAL, errno(() -> f.vfs.lseek(f.t.files, r, -1, OpenFlags.SEEK_SET)));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> f.vfs.fallocate(f.t.files, w, OpenFlags.FALLOC_FL_PUNCH_HOLE, 0, 1)));
        assertEquals(Errno.EINVAL, errno(() -> f.vfs.fadvise(f.t.files, r, 0, 0, 9)));
        f.vfs.close(f.t.files, r);
        assertEquals(Errno.EBADF, errno(() -> f.vfs.close(f.t.files, r)));
    }

    @Test
    void bytesReadBackThroughPositionsAppendSparsenessAndTruncation() {
        int fd = f.open("/tmp/a", O_RDWR | O_CREAT);
        byte[] data = bytes(10000, 7);
        assertEquals(10000, f.vfs.write(f.t.files, fd, -1, data.length, data, (byte) 0));
        assertEquals(10000, f.vfs.lseek(f.t.files, fd, 0, OpenFlags.SEEK_CUR));
        byte[] back = new byte[10000];
        assertEquals(10000, f.vfs.read(f.t.files, fd, 0, 20000, back));
        assertArrayEquals(data, back);
        // a hole reads as zeroes
        f.vfs.write(f.t.files, fd, 1 << 20, 1, null, (byte) 9);
        byte[] hole = new byte[4096];
        f.vfs.read(f.t.files, fd, 500_000, 4096, hole);
        assertArrayEquals(new byte[4096], hole);
        // truncation inside a page zeroes its tail when the file grows again
        f.vfs.ftruncate(f.t.files, fd, 5000);
        f.vfs.ftruncate(f.t.files, fd, 9000);
        f.vfs.read(f.t.files, fd, 0, 9000, back);
        assertArrayEquals(Arrays.copyOf(data, 5000), Arrays.copyOf(back, 5000));
        assertArrayEquals(new byte[4000], Arrays.copyOfRange(back, 5000, 9000));
        int app = f.open("/tmp/a", O_WRONLY | O_APPEND);
        f.vfs.write(f.t.files, app, 0, 3, new byte[] {1, 2, 3}, (byte) 0);
        assertEquals(9003, f.vfs.stat("/tmp/a").size());
        f.vfs.ftruncate(f.t.files, fd, 0);
        assertEquals(0, f.vfs.read(f.t.files, fd, 0, 10, back));
        int trunc = f.open("/tmp/a", O_RDWR | O_TRUNC);
        assertEquals(0, f.vfs.stat("/tmp/a").size());
        f.vfs.close(f.t.files, trunc);
    }

    @Test
    void dataSurvivesWritebackAndDropCachesAndDirectIo() {
        int fd = f.open("/tmp/a", O_RDWR | O_CREAT);
        byte[] data = bytes(64 * 4096, 3);
        f.vfs.write(f.t.files, fd, 0, data.length, data, (byte) 0);
        assertEquals(64, f.dirtyPages());
        f.vfs.fsync(f.t.files, fd, false);
        assertEquals(0, f.dirtyPages());
        f.vfs.dropCaches(1);
        assertEquals(0, f.cachedPages());
        byte[] back = new byte[data.length];
        f.vfs.read(f.t.files, fd, 0, data.length, back);
        assertArrayEquals(data, back);
        int direct = f.open("/tmp/a", O_RDWR | O_DIRECT);
        byte[] viaDirect = new byte[8192];
        f.vfs.read(f.t.files, direct, 4096, 8192, viaDirect);
        assertArrayEquals(Arrays.copyOfRange(data, 4096, 12288), viaDirect);
        assertEquals(Errno.EINVAL, errno(() -> f.vfs.read(f.t.files, direct, 1, 8192, viaDirect)));
        // a direct write replaces the cached copy
        byte[] fresh = bytes(4096, 99);
        f.vfs.write(f.t.files, direct, 0, 4096, fresh, (byte) 0);
        f.vfs.read(f.t.files, fd, 0, 4096, back);
        assertArrayEquals(fresh, Arrays.copyOf(back, 4096));
    }

    @Test
    void anUnlinkedFileStaysReadableWhileOpenAndIsFreedOnLastClose() {
        int fd = f.open("/tmp/a", O_RDWR | O_CREAT);
        f.vfs.write(f.t.files, fd, 0, 1 << 20, null, (byte) 5);
        f.vfs.unlink("/tmp/a");
        assertEquals(Errno.ENOENT, errno(() -> f.open("/tmp/a", O_RDONLY)));
        byte[] b = new byte[1];
        f.vfs.read(f.t.files, fd, 4095, 1, b);
        assertEquals(5, b[0]);
        assertEquals(256, f.cachedPages());
        f.vfs.close(f.t.files, fd);
        assertEquals(0, f.cachedPages());
        assertEquals(0, f.dirtyPages());
        assertEquals(Errno.EISDIR, errno(() -> f.vfs.unlink("/tmp")));
    }

    @Test
    void evictedFilesGiveTheirMappingsBack() {
        int before = f.k.user.pageCache.mappings().size();
        for (int i = 0; i < 100; i++) {
            int fd = f.open("/tmp/churn", O_RDWR | O_CREAT);
            f.vfs.write(f.t.files, fd, 0, 8192, null, (byte) i);
            f.vfs.unlink("/tmp/churn");
            f.vfs.close(f.t.files, fd);
        }
        assertEquals(before, f.k.user.pageCache.mappings().size());
        int fd = f.open("/tmp/kept", O_RDWR | O_CREAT);
        f.vfs.write(f.t.files, fd, 0, 4096, null, (byte) 9);
        f.vfs.close(f.t.files, fd);
        assertEquals(before + 1, f.k.user.pageCache.mappings().size());
        byte[] b = new byte[1];
        fd = f.open("/tmp/kept", O_RDONLY);
        f.vfs.read(f.t.files, fd, 100, 1, b);
        assertEquals(9, b[0]);
    }

    private long map(int fd, long len) {
        return org.mmsim.mm.vma.Mmap.mmap(f.t.mm(), f.t.limits(), 0, len,
                org.mmsim.mm.vma.Mman.PROT_READ | org.mmsim.mm.vma.Mman.PROT_WRITE, org.mmsim.mm.vma.Mman.MAP_SHARED,
                f.vfs.forMmap(f.t.files, fd).vmFile(), 0);
    }

    @Test
    void anUnlinkedFileLivesUntilItsLastMappingGoes() {
        int fd = f.open("/tmp/a", O_RDWR | O_CREAT);
        f.vfs.write(f.t.files, fd, 0, 1 << 20, null, (byte) 5);
        long addr = map(fd, 1 << 20);
        f.vfs.close(f.t.files, fd);
        f.vfs.unlink("/tmp/a");
        assertEquals(256, f.cachedPages(), "the mapping holds the open file, which holds the inode");
        f.t.touch(addr, 4096, org.mmsim.mm.fault.Fault.READ);
        org.mmsim.task.Task child = f.k.processes.fork(f.t);
        org.mmsim.mm.vma.Munmap.munmap(f.t.mm(), addr, 1 << 20);
        assertEquals(256, f.cachedPages(), "the child's copy of the mapping still holds it");
        f.k.processes.exit(child);
        assertEquals(0, f.cachedPages());
        assertEquals(0, f.dirtyPages());
    }

    @Test
    void anUnlinkedTmpfsFileFreesItsShmemWhenTheLastHolderGoes() {
        long shmem0 = f.node(org.mmsim.mm.vmstat.NodeStat.NR_SHMEM);
        int fd = f.open("/dev/shm/seg", O_RDWR | O_CREAT);
        f.vfs.ftruncate(f.t.files, fd, 1 << 20);
        long addr = map(fd, 1 << 20);
        f.t.touch(addr, 1 << 20, org.mmsim.mm.fault.Fault.WRITE);
        int again = f.open("/dev/shm/seg", O_RDONLY);
        f.vfs.unlink("/dev/shm/seg");
        org.mmsim.mm.vma.Munmap.munmap(f.t.mm(), addr, 1 << 20);
        f.vfs.close(f.t.files, fd);
        assertEquals(shmem0 + 256, f.node(org.mmsim.mm.vmstat.NodeStat.NR_SHMEM), "still open");
        f.vfs.close(f.t.files, again);
        assertEquals(shmem0, f.node(org.mmsim.mm.vmstat.NodeStat.NR_SHMEM));
        assertEquals(0, f.cachedPages());
    }

    @Test
    void aLinkedFileKeepsItsPagesWhenClosedAndUnmapped() {
        int fd = f.open("/dev/shm/keep", O_RDWR | O_CREAT);
        f.vfs.ftruncate(f.t.files, fd, 64 << 10);
        long addr = map(fd, 64 << 10);
        f.t.touch(addr, 64 << 10, org.mmsim.mm.fault.Fault.WRITE);
        org.mmsim.mm.vma.Munmap.munmap(f.t.mm(), addr, 64 << 10);
        f.vfs.close(f.t.files, fd);
        assertEquals(16, f.cachedPages());
        assertEquals(0, f.vfs.stat("/dev/shm/keep").mapping.mappedFiles().size(), "the closed file left i_mmap");
    }

    @Test
    void punchingAHoleZeroesTheRange() {
        int fd = f.open("/tmp/a", O_RDWR | O_CREAT);
        f.vfs.write(f.t.files, fd, 0, 5 * 4096, null, (byte) 1);
        f.vfs.fsync(f.t.files, fd, false);
        f.vfs.fallocate(f.t.files, fd, OpenFlags.FALLOC_FL_PUNCH_HOLE | OpenFlags.FALLOC_FL_KEEP_SIZE, 100, 3 * 4096);
        byte[] b = new byte[5 * 4096];
        f.vfs.read(f.t.files, fd, 0, b.length, b);
        for (int i = 0; i < b.length; i++) {
            assertEquals(i >= 100 && i < 100 + 3 * 4096 ? 0 : 1, b[i], "byte " + i);
        }
        assertEquals(5 * 4096, f.vfs.stat("/tmp/a").size());
        f.vfs.fallocate(f.t.files, fd, 0, 0, 8 * 4096);
        assertEquals(8 * 4096, f.vfs.stat("/tmp/a").size());
    }

    @Test
    void tmpfsPagesAreShmemAndNeverWrittenBack() {
        int fd = f.open("/dev/shm/seg", O_RDWR | O_CREAT);
        f.vfs.write(f.t.files, fd, 0, 1 << 20, null, (byte) 1);
        assertEquals(256, f.node(org.mmsim.mm.vmstat.NodeStat.NR_SHMEM));
        assertEquals(0, f.dirtyPages());
        f.vfs.dropCaches(3);
        assertEquals(256, f.cachedPages());
        f.vfs.ftruncate(f.t.files, fd, 0);
        assertEquals(0, f.node(org.mmsim.mm.vmstat.NodeStat.NR_SHMEM));
    }

    @Test
    void procMountsListsRootAndShm() {
        assertEquals("/dev/nvme0n1 / mmfs rw,relatime 0 0\ntmpfs /dev/shm tmpfs rw,nosuid,nodev 0 0\n",
                f.vfs.procMounts());
    }

    @Test
    void aTmpfsFileMappedSharedIsShmemFaultedInWithoutReads() {
        int fd = f.open("/dev/shm/seg", O_RDWR | O_CREAT);
        f.vfs.ftruncate(f.t.files, fd, 1 << 20);
        long map = org.mmsim.mm.vma.Mmap.mmap(f.t.mm(), f.t.limits(), 0, 1 << 20,
                org.mmsim.mm.vma.Mman.PROT_READ | org.mmsim.mm.vma.Mman.PROT_WRITE, org.mmsim.mm.vma.Mman.MAP_SHARED,
                f.t.files.get(fd).vmFile(), 0);
        long minflt = f.t.faults.minflt;
        long majflt = f.t.faults.majflt;
        f.t.touch(map, 1 << 20, org.mmsim.mm.fault.Fault.WRITE);
        assertEquals(majflt, f.t.faults.majflt);
        assertEquals(minflt + 256, f.t.faults.minflt);
        assertEquals(256, f.node(org.mmsim.mm.vmstat.NodeStat.NR_SHMEM));
        assertEquals(256, f.t.rss(org.mmsim.mm.pgtable.PageTable.MM_SHMEMPAGES));
    }
}
