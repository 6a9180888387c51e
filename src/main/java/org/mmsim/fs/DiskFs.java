/*
 * A simple disk filesystem on one of the machine's disks: each file's page index maps to a disk
 * block through a per-file block map (two-level, 512 entries a leaf), blocks are allocated when a
 * page is first written back, fallocate()d or written directly (delayed allocation, as ext4 and
 * xfs do) from a free list or the never-used end of the disk, and freed on truncate, hole punch and
 * when an unlinked file is let go. Its data lives on the disk (BlockDevice.data) and reaches it
 * only through requests that take simulated time. Sequentially written files get contiguous
 * blocks, so their readahead and writeback go out as large requests.
 * Left out: an on-disk format (metadata is not stored on the disk, and no metadata I/O is issued),
 * journaling, extents, allocation groups and fragmentation heuristics, quotas, space reservation
 * for dirty pages (a write that finds the disk full at writeback loses nothing but is not stored).
 */
package org.mmsim.fs;

import org.mmsim.block.BlockDevice;
import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.Backing;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.memory.FrameContents;
import org.mmsim.mm.page.MemMap;

import java.util.Arrays;

public final class DiskFs extends Filesystem {
    private static final int LEAF_SHIFT = 9, LEAF = 1 << LEAF_SHIFT;
    final BlockDevice dev;
    private final long totalBlocks;
    private long nextFresh;
    private long[] free = new long[64];
    private int nrFree;
    private final byte[] page = new byte[(int) MemMap.PAGE_SIZE];

    public DiskFs(PageCache cache, BlockDevice dev) {
        super(cache);
        this.dev = dev;
        this.totalBlocks = dev.sizeBytes >>> MemMap.PAGE_SHIFT;
    }

    @Override
    public String type() {
        return "mmfs";
    }

    @Override
    public String source() {
        return "/dev/" + dev.name;
    }

    @Override
    public String options() {
        return "rw,relatime";
    }

    @Override
    String inodeCacheName() {
        return Icache.EXT4_INODE_CACHE;
    }

    @Override
    boolean persistentDentries() {
        return false;
    }

    @Override
    public boolean supportsDirect() {
        return true;
    }

    /** A free block, its old contents cleared; -1 when the disk is full. */
    private long allocate() {
        long b;
        if (nrFree > 0) {
            b = free[--nrFree];
        } else if (nextFresh < totalBlocks) {
            b = nextFresh++;
        } else {
            return -1;
        }
        dev.data.writeUniform(b, 0);
        return b;
    }

    private void release(long b) {
        if (nrFree == free.length) {
            free = Arrays.copyOf(free, 2 * free.length);
        }
        free[nrFree++] = b;
    }

    @Override
    protected AddressSpace newMapping() {
        return cache.newMapping(new FileBlocks(), false, dev.raPages(), 0);
    }

    /** One file's block map: page index -> disk block + 1 (0 for a hole). */
    private final class FileBlocks implements Backing {
        private long[][] leaves = new long[4][];

        @Override
        public BlockDevice device() {
            return dev;
        }

        @Override
        public long block(long index) {
            long leaf = index >>> LEAF_SHIFT;
            if (leaf >= leaves.length || leaves[(int) leaf] == null) {
                return -1;
            }
            return leaves[(int) leaf][(int) (index & (LEAF - 1))] - 1;
        }

        /** Counted within the block map's leaf (the caller asks again for the rest). */
        @Override
        public int contiguousBlocks(long index, int n) {
            long leaf = index >>> LEAF_SHIFT;
            long[] l = leaf < leaves.length ? leaves[(int) leaf] : null;
            int slot = (int) (index & (LEAF - 1));
            if (l == null || l[slot] == 0) {
                return 0;
            }
            long first = l[slot];
            int c = 1;
            while (c < n && slot + c < LEAF && l[slot + c] == first + c) {
                c++;
            }
            return c;
        }

        private void set(long index, long blockPlusOne) {
            long leaf = index >>> LEAF_SHIFT;
            if (leaf >= leaves.length) {
                leaves = Arrays.copyOf(leaves, (int) Math.max(leaf + 1, 2L * leaves.length));
            }
            if (leaves[(int) leaf] == null) {
                leaves[(int) leaf] = new long[LEAF];
            }
            leaves[(int) leaf][(int) (index & (LEAF - 1))] = blockPlusOne;
        }

        @Override
        public void readPage(long index, int pfn, FrameContents contents) {
            int uniform = uniformByte(index);
            if (uniform >= 0) {
                contents.fillPage(pfn, (int) MemMap.PAGE_SIZE, (byte) uniform);
            } else {
                dev.data.read(block(index), page);
                contents.write(pfn, 0, page, 0, page.length);
            }
        }

        /** Runs of pages whose blocks all hold one byte value are filled at once. */
        @Override
        public void readPages(long index, int pfn, int n, FrameContents contents) {
            int k = 0;
            while (k < n) {
                int uniform = uniformByte(index + k);
                if (uniform < 0) {
                    readPage(index + k, pfn + k, contents);
                    k++;
                    continue;
                }
                int j = k + 1 + sameUniform(index + k + 1, n - k - 1, uniform);
                contents.fillPages(pfn + k, j - k, (byte) uniform);
                k = j;
            }
        }

        /** How many pages from index on (at most n) have uniformByte() == value, counted through the block map's leaves. */
        private int sameUniform(long index, int n, int value) {
            int c = 0;
            while (c < n) {
                long leaf = (index + c) >>> LEAF_SHIFT;
                long[] l = leaf < leaves.length ? leaves[(int) leaf] : null;
                int slot = (int) ((index + c) & (LEAF - 1));
                int stop = Math.min(n - c, LEAF - slot);
                for (int k = 0; k < stop; k++, c++) {
                    long b = l == null ? 0 : l[slot + k];
                    if ((b == 0 ? 0 : dev.data.uniformByte(b - 1)) != value) {
                        return c;
                    }
                }
            }
            return c;
        }

        /** The byte every byte of page index holds on disk (0 for a hole), or -1 if they differ. */
        private int uniformByte(long index) {
            long b = block(index);
            return b < 0 ? 0 : dev.data.uniformByte(b);
        }

        @Override
        public long writePage(long index, int pfn, FrameContents contents) {
            long b = allocateBlock(index);
            if (b < 0) {
                return -1;
            }
            int uniform = contents.uniformByte(pfn);
            if (uniform >= 0) {
                dev.data.writeUniform(b, uniform);
            } else {
                contents.read(pfn, 0, page, 0, page.length);
                dev.data.write(b, page);
            }
            return b;
        }

        @Override
        public long allocateBlock(long index) {
            long b = block(index);
            if (b >= 0) {
                return b;
            }
            b = allocate();
            if (b >= 0) {
                set(index, b + 1);
            }
            return b;
        }

        @Override
        public void freeBlocks(long from, long to) {
            long lastLeaf = Math.min(leaves.length - 1L, (to - 1) >>> LEAF_SHIFT);
            for (long leaf = from >>> LEAF_SHIFT; leaf <= lastLeaf; leaf++) {
                long[] l = leaves[(int) leaf];
                if (l == null) {
                    continue;
                }
                for (int i = 0; i < LEAF; i++) {
                    long index = (leaf << LEAF_SHIFT) + i;
                    if (index >= from && index < to && l[i] != 0) {
                        release(l[i] - 1);
                        l[i] = 0;
                    }
                }
            }
        }
    }
}
