package org.mmsim.fs;

import org.junit.jupiter.api.Test;
import org.mmsim.block.BlockDevice;
import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.page.MemMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mm/readahead.c's window sizes and marker placement, seen through what gets cached and read. */
class ReadaheadTest {
    private final FsFixture f = new FsFixture();

    /** A 4 MiB file on disk, not cached. */
    private int coldFile() {
        int fd = f.open("/tmp/big", OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        f.vfs.write(f.t.files, fd, 0, 4 << 20, null, (byte) 1);
        f.vfs.fsync(f.t.files, fd, false);
        f.vfs.dropCaches(1);
        return f.open("/tmp/big", OpenFlags.O_RDONLY);
    }

    private AddressSpace mapping() {
        return f.vfs.stat("/tmp/big").mapping;
    }

    private long cachedBelow(long pages) {
        long n = 0;
        for (long i = 0; i < pages; i++) {
            n += mapping().get(i) != MemMap.NIL ? 1 : 0;
        }
        return n;
    }

    private boolean marked(long index) {
        int pfn = mapping().get(index);
        return pfn != MemMap.NIL && (f.k.zones.memMap.flags[pfn] & PageCache.PG_READAHEAD) != 0;
    }

    @Test
    void smallSequentialReadsRampTheWindowUpToRaPages() {
        int fd = coldFile();
        // a 4 KiB read at 0: get_init_ra_size(1, 32) = 4 pages, async_size 3, the mark on page 1
        f.vfs.read(f.t.files, fd, -1, 4096, null);
        assertEquals(4, cachedBelow(1024));
        assertTrue(marked(1));
        // reading page 1 hits the mark: the next window, 8 pages from 4, marked at its first page
        f.vfs.read(f.t.files, fd, -1, 4096, null);
        assertEquals(12, cachedBelow(1024));
        assertTrue(marked(4));
        f.vfs.read(f.t.files, fd, -1, 8192, null);
        f.vfs.read(f.t.files, fd, -1, 4096, null);
        // page 4 reached: 16 pages from 12, ra->order 4, the end trimmed to 16-page alignment: [12, 16)
        assertEquals(16, cachedBelow(1024));
        assertTrue(marked(12));
        // pages 5-16: the mark at 12 reads [16, 24) (8 pages, order 4: 24 is not above a 16-aligned
        // end, so no trim), the mark at 16 reads 16 pages from 24 trimmed to 32-page alignment: [24, 32)
        f.vfs.read(f.t.files, fd, -1, 12 * 4096, null);
        assertEquals(32, cachedBelow(1024));
        // pages 17-48: marks at 24 ([32, 48)), 32 (32 pages from 48 trimmed to [48, 64)) and 48 ([64, 96)):
        // every window from here starts 32-page aligned
        f.vfs.read(f.t.files, fd, -1, 32 * 4096, null);
        assertEquals(96, cachedBelow(1024));
    }

    @Test
    void aLargeReadGetsWholeWindowsAtTheDeviceBandwidth() {
        int fd = coldFile();
        BlockDevice disk = f.k.disks.root();
        long readsBefore = disk.stats().ios()[BlockDevice.STAT_READ];
        long t0 = f.k.clock.nanos();
        assertEquals(4 << 20, f.vfs.read(f.t.files, fd, -1, 4 << 20, null));
        assertEquals(1024, cachedBelow(1024));
        // 32 requests of 128 KiB (read_ahead_kb)
        assertEquals(32, disk.stats().ios()[BlockDevice.STAT_READ] - readsBefore);
        long elapsed = f.k.clock.nanos() - t0;
        long transfer = (4L << 20) * 1_000_000_000L / disk.model.readBytesPerSec;
        assertTrue(elapsed >= transfer && elapsed < transfer + 200_000, "took " + elapsed + " ns");
    }

    /** Whether pages [start, start + size) sit in one block of frames aligned to its size, in order. */
    private boolean oneBlock(long start, int size) {
        int first = mapping().get(start);
        if (first % size != 0) {
            return false;
        }
        for (int k = 1; k < size; k++) {
            if (mapping().get(start + k) != first + k) {
                return false;
            }
        }
        return true;
    }

    @Test
    void asynchronousWindowsAreReadAsLargeFoliosOfGrowingOrder() {
        int fd = coldFile();
        assertEquals(4 << 20, f.vfs.read(f.t.files, fd, -1, 4 << 20, null));
        // ra->order: 0 for the synchronous window [0, 32), then 2, 4 and 5 (the whole 32-page window)
        for (long i = 32; i < 64; i += 4) {
            assertTrue(oneBlock(i, 4), "order-2 folio at " + i);
        }
        for (long i = 64; i < 96; i += 16) {
            assertTrue(oneBlock(i, 16), "order-4 folio at " + i);
        }
        for (long i = 96; i < 1024; i += 32) {
            assertTrue(oneBlock(i, 32), "order-5 folio at " + i);
        }
    }

    @Test
    void aWindowMeetingACachedPageFallsBackToOrderZero() {
        int fd = coldFile();
        byte[] one = new byte[4096];
        assertEquals(4096, f.vfs.read(f.t.files, fd, 100 * 4096L, 4096, one));
        assertEquals(1, cachedBelow(1024));
        byte[] all = new byte[4 << 20];
        assertEquals(4 << 20, f.vfs.read(f.t.files, fd, 0, 4 << 20, all));
        assertEquals(1024, cachedBelow(1024));
        for (byte b : all) {
            assertEquals(1, b);
        }
        // the window [96, 128) met page 100: its folio was given back and the window read page by page
        assertTrue(!oneBlock(96, 32) && oneBlock(128, 32));
    }

    @Test
    void randomAdviceReadsOnlyWhatIsAsked() {
        int fd = coldFile();
        f.vfs.fadvise(f.t.files, fd, 0, 0, OpenFlags.POSIX_FADV_RANDOM);
        f.vfs.read(f.t.files, fd, 100 * 4096, 4096, null);
        f.vfs.read(f.t.files, fd, 500 * 4096, 8192, null);
        assertEquals(3, cachedBelow(1024));
    }

    @Test
    void dontneedDropsCleanPagesAndWillneedReadsThemIn() {
        int fd = coldFile();
        f.vfs.read(f.t.files, fd, -1, 1 << 20, null);
        long cached = cachedBelow(1024);
        f.vfs.fadvise(f.t.files, fd, 0, 1 << 20, OpenFlags.POSIX_FADV_DONTNEED);
        assertEquals(cached - 256, cachedBelow(1024));
        f.vfs.fadvise(f.t.files, fd, 2 << 20, 1 << 20, OpenFlags.POSIX_FADV_WILLNEED);
        for (long i = 512; i < 768; i++) {
            assertTrue(mapping().get(i) != MemMap.NIL);
        }
    }
}
