package org.mmsim.fs;

import org.junit.jupiter.api.Test;
import org.mmsim.block.DiskModel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dirty and Writeback over simulated time on a 200 MB/s disk: the 30 s expiry, background
 * writeback above dirty_background_bytes, and a writer throttled at dirty_bytes.
 */
class WritebackTimingTest {
    private static final long MS = 1_000_000L, S = 1_000 * MS;
    private final FsFixture f = new FsFixture(1L << 30, DiskModel.HDD, 10L << 30);

    private void sysctl(String name, long value) {
        f.k.sysctl.get(name).write(Long.toString(value));
    }

    private void runTo(long instant) {
        f.k.events.runUntil(instant);
    }

    @Test
    void dirtyDataIsWrittenWhenItExpires() {
        int fd = f.open("/tmp/a", OpenFlags.O_WRONLY | OpenFlags.O_CREAT);
        long t0 = f.k.clock.nanos();
        f.vfs.write(f.t.files, fd, -1, 64 << 20, null, (byte) 1);
        assertEquals(16384, f.dirtyPages());
        runTo(t0 + 29_900 * MS);
        assertEquals(16384, f.dirtyPages(), "younger than dirty_expire_centisecs");
        assertEquals(0, f.writebackPages());
        runTo(t0 + 30 * S + MS);
        assertEquals(0, f.dirtyPages(), "the 30 s pass put everything under writeback");
        assertTrue(f.writebackPages() > 0);
        // 64 MiB at 200 MB/s plus one seek: 344 ms
        runTo(t0 + 30 * S + 330 * MS);
        assertTrue(f.writebackPages() > 0);
        runTo(t0 + 30 * S + 350 * MS);
        assertEquals(0, f.writebackPages());
    }

    @Test
    void backgroundWritebackStartsAboveTheBackgroundThresholdAndStopsAtIt() {
        sysctl("vm.dirty_background_bytes", 32L << 20);
        sysctl("vm.dirty_bytes", 128L << 20);
        int fd = f.open("/tmp/a", OpenFlags.O_WRONLY | OpenFlags.O_CREAT);
        f.vfs.write(f.t.files, fd, -1, 24 << 20, null, (byte) 1);
        long t0 = f.k.clock.nanos();
        runTo(t0 + S);
        assertEquals(6144, f.dirtyPages(), "below the background threshold nothing is written");
        f.vfs.write(f.t.files, fd, -1, 24 << 20, null, (byte) 1);
        runTo(f.k.clock.nanos() + S);
        assertEquals(0, f.writebackPages());
        assertTrue(f.dirtyPages() <= 8192 && f.dirtyPages() > 8192 - 1024, "stops near 32M: " + f.dirtyPages());
    }

    @Test
    void aWriterAboveDirtyBytesWaitsForTheDisk() {
        sysctl("vm.dirty_background_bytes", 8L << 20);
        sysctl("vm.dirty_bytes", 16L << 20);
        assertEquals("0\n", f.k.sysctl.get("vm.dirty_ratio").read());
        int fd = f.open("/tmp/a", OpenFlags.O_WRONLY | OpenFlags.O_CREAT);
        long t0 = f.k.clock.nanos();
        f.vfs.write(f.t.files, fd, -1, 64 << 20, null, (byte) 1);
        long took = f.k.clock.nanos() - t0;
        assertTrue(f.dirtyPages() + f.writebackPages() <= 4096);
        // at least 48 MiB had to reach the disk first
        long floor = (48L << 20) * S / DiskModel.HDD.writeBytesPerSec;
        assertTrue(took >= floor && took < floor + 100 * MS, "throttled for " + took + " ns");
    }

    @Test
    void fsyncWaitsForTheWritesAndTheCacheFlush() {
        int fd = f.open("/tmp/a", OpenFlags.O_WRONLY | OpenFlags.O_CREAT);
        f.vfs.write(f.t.files, fd, -1, 20 << 20, null, (byte) 1);
        long t0 = f.k.clock.nanos();
        f.vfs.fsync(f.t.files, fd, false);
        assertEquals(0, f.dirtyPages());
        assertEquals(0, f.writebackPages());
        long took = f.k.clock.nanos() - t0;
        assertTrue(took >= 100 * MS, "fsync returned after " + took + " ns");
        assertEquals(1, f.k.disks.root().stats().ios()[org.mmsim.block.BlockDevice.STAT_FLUSH]);
    }

    @Test
    void aFlusherStoppedByAFullQueueLosesNoPage() {
        sysctl("vm.dirty_background_bytes", 8L << 20);
        int fd = f.open("/tmp/a", OpenFlags.O_WRONLY | OpenFlags.O_CREAT);
        // more than the disk's 64 requests of 1 MiB: the flusher fills the queue and waits
        f.vfs.write(f.t.files, fd, -1, 100 << 20, null, (byte) 1);
        runTo(f.k.clock.nanos() + 100 * MS);
        assertTrue(f.writebackPages() > 0);
        long t0 = f.k.clock.nanos();
        f.vfs.fsync(f.t.files, fd, false);
        assertEquals(0, f.writebackPages());
        assertEquals(0, f.dirtyPages());
        long took = f.k.clock.nanos() - t0;
        assertTrue(took < (100L << 20) * S / DiskModel.HDD.writeBytesPerSec, "fsync took " + took + " ns");
        f.vfs.dropCaches(1);
        assertEquals(0, f.cachedPages());
    }

    @Test
    void storesThroughASharedMappingAreThrottledToo() {
        sysctl("vm.dirty_background_bytes", 8L << 20);
        sysctl("vm.dirty_bytes", 16L << 20);
        int fd = f.open("/tmp/a", OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        f.vfs.ftruncate(f.t.files, fd, 64 << 20);
        long map = org.mmsim.mm.vma.Mmap.mmap(f.t.mm(), f.t.limits(), 0, 64 << 20,
                org.mmsim.mm.vma.Mman.PROT_READ | org.mmsim.mm.vma.Mman.PROT_WRITE, org.mmsim.mm.vma.Mman.MAP_SHARED,
                f.t.files.get(fd).vmFile(), 0);
        long t0 = f.k.clock.nanos();
        f.t.touch(map, 64 << 20, org.mmsim.mm.fault.Fault.WRITE);
        long took = f.k.clock.nanos() - t0;
        assertTrue(f.dirtyPages() + f.writebackPages() <= 4096 + 32);
        long floor = (48L << 20) * S / DiskModel.HDD.writeBytesPerSec;
        assertTrue(took >= floor, "throttled for " + took + " ns");
    }
}
