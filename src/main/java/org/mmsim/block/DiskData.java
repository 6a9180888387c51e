/*
 * The bytes on a disk, one 4 KiB block at a time: what a write request stores and a read request
 * returns. A block whose bytes are all one value is kept as that byte (blocks never written read
 * as zeroes); any other block keeps its 4096 bytes. Storage grows with what was written, in chunks
 * of 512 blocks, so a 100 GiB disk costs nothing until used.
 */
package org.mmsim.block;

public final class DiskData {
    public static final int BLOCK_SIZE = 4096;
    private static final int CHUNK_SHIFT = 9, CHUNK = 1 << CHUNK_SHIFT;

    private final byte[][] fill;
    private final byte[][][] stored;

    public DiskData(long blocks) {
        int chunks = (int) ((blocks + CHUNK - 1) >>> CHUNK_SHIFT);
        fill = new byte[chunks][];
        stored = new byte[chunks][][];
    }

    /** The byte every byte of the block holds, or -1 if it holds arbitrary bytes (read them with read()). */
    public int uniformByte(long block) {
        int c = (int) (block >>> CHUNK_SHIFT), i = (int) (block & (CHUNK - 1));
        if (stored[c] != null && stored[c][i] != null) {
            return -1;
        }
        return fill[c] == null ? 0 : fill[c][i] & 0xff;
    }

    /** The block's 4096 bytes into dst. */
    public void read(long block, byte[] dst) {
        int c = (int) (block >>> CHUNK_SHIFT), i = (int) (block & (CHUNK - 1));
        if (stored[c] != null && stored[c][i] != null) {
            System.arraycopy(stored[c][i], 0, dst, 0, BLOCK_SIZE);
        } else {
            java.util.Arrays.fill(dst, 0, BLOCK_SIZE, fill[c] == null ? 0 : fill[c][i]);
        }
    }

    /** The block now holds value in every byte. */
    public void writeUniform(long block, int value) {
        int c = (int) (block >>> CHUNK_SHIFT), i = (int) (block & (CHUNK - 1));
        if (stored[c] != null) {
            stored[c][i] = null;
        }
        if (fill[c] == null) {
            if (value == 0) {
                return;
            }
            fill[c] = new byte[CHUNK];
        }
        fill[c][i] = (byte) value;
    }

    /** The block now holds src[0..4096) (copied). */
    public void write(long block, byte[] src) {
        int c = (int) (block >>> CHUNK_SHIFT), i = (int) (block & (CHUNK - 1));
        if (stored[c] == null) {
            stored[c] = new byte[CHUNK][];
        }
        stored[c][i] = src.clone();
    }
}
