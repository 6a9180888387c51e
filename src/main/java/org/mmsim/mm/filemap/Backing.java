/*
 * Where a mapping's pages come from and go to: the address_space_operations read_folio/writepages
 * and the filesystem's block map (bmap/get_block) behind them, the seam between the page cache and
 * a filesystem. A backing without a device completes its I/O at once.
 */
package org.mmsim.mm.filemap;

import org.mmsim.block.BlockDevice;
import org.mmsim.mm.memory.FrameContents;

public interface Backing {
    /** The disk the data lives on, or null when reads and writes take no simulated time. */
    BlockDevice device();

    /** The disk block holding page index, or -1 for a hole (it reads as zeroes and needs no I/O). */
    long block(long index);

    /**
     * How many pages from index on (at most n; 0 if page index is a hole, else at least 1) lie in
     * consecutive disk blocks block(index), block(index) + 1, ...; a backing may stop counting early.
     */
    default int contiguousBlocks(long index, int n) {
        long b = block(index);
        if (b < 0) {
            return 0;
        }
        int c = 1;
        while (c < n && block(index + c) == b + c) {
            c++;
        }
        return c;
    }

    /** read_folio(): fills the frame with page index's bytes as stored (zeroes for a hole). */
    void readPage(long index, int pfn, FrameContents contents);

    /** read_folio() of n consecutive pages from index into the frames from pfn on. */
    default void readPages(long index, int pfn, int n, FrameContents contents) {
        for (int k = 0; k < n; k++) {
            readPage(index + k, pfn + k, contents);
        }
    }

    /**
     * writepage: stores the frame's bytes as page index's, giving it a disk block first if it had
     * none; returns that block, or -1 when the filesystem is full (the data stays in memory only).
     */
    long writePage(long index, int pfn, FrameContents contents);

    /** get_block(create) for direct I/O: page index's disk block, allocated if a hole; -1 when full. */
    long allocateBlock(long index);

    /** A hole punched or a truncation: the blocks of pages [from, to) are given back. */
    void freeBlocks(long from, long to);

    /** Nothing behind the pages: shmem's live only in memory (or, later, swap); holes read as zeroes. */
    Backing NONE = new Backing() {
        @Override
        public BlockDevice device() {
            return null;
        }

        @Override
        public long block(long index) {
            return -1;
        }

        @Override
        public void readPage(long index, int pfn, FrameContents contents) {
            contents.clearPage(pfn);
        }

        @Override
        public long writePage(long index, int pfn, FrameContents contents) {
            return -1;
        }

        @Override
        public long allocateBlock(long index) {
            return -1;
        }

        @Override
        public void freeBlocks(long from, long to) {
        }
    };
}
