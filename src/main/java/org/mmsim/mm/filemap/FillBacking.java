/*
 * The backing of a mapped file no filesystem holds (the validation corpus's files, test fixtures):
 * page index i holds one byte value, diskByte(i), up to the file's size, and a page written back
 * keeps the bytes it was written with. Reads and writes take no simulated time (no device).
 */
package org.mmsim.mm.filemap;

import org.mmsim.block.BlockDevice;
import org.mmsim.mm.memory.FrameContents;
import org.mmsim.mm.page.MemMap;

import java.util.HashMap;
import java.util.function.LongToIntFunction;

final class FillBacking implements Backing {
    private static final int PAGE = (int) MemMap.PAGE_SIZE;
    private final long size;
    private final LongToIntFunction diskByte;
    /** Pages written back, by index. */
    private final HashMap<Long, byte[]> written = new HashMap<>();

    FillBacking(long size, LongToIntFunction diskByte) {
        this.size = size;
        this.diskByte = diskByte;
    }

    @Override
    public BlockDevice device() {
        return null;
    }

    @Override
    public long block(long index) {
        return index;
    }

    @Override
    public void readPage(long index, int pfn, FrameContents contents) {
        byte[] data = written.get(index);
        if (data != null) {
            contents.write(pfn, 0, data, 0, PAGE);
            return;
        }
        long off = index << MemMap.PAGE_SHIFT;
        contents.fillPage(pfn, (int) Math.max(0, Math.min(PAGE, size - off)), (byte) diskByte.applyAsInt(index));
    }

    @Override
    public long writePage(long index, int pfn, FrameContents contents) {
        byte[] data = new byte[PAGE];
        contents.read(pfn, 0, data, 0, PAGE);
        written.put(index, data);
        return index;
    }

    @Override
    public long allocateBlock(long index) {
        return index;
    }

    @Override
    public void freeBlocks(long from, long to) {
        written.keySet().removeIf(i -> i >= from && i < to);
    }
}
