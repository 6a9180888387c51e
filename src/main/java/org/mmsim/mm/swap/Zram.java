/*
 * zram0 (drivers/block/zram/zram_drv.c) as a swap device: a RAM block device whose pages are
 * compressed for real (lzo, lz4 or zstd from io.airlift:aircompressor). disksize must be set
 * before use and comp_algorithm chosen before that (EBUSY after); a page of one repeated 8-byte
 * word is kept as that word (same_pages); a page that does not compress below huge_class_size is
 * kept whole (huge_pages). mm_stat in zram's layout: orig_data_size, compr_data_size,
 * mem_used_total, mem_limit, mem_used_max, same_pages, pages_compacted, huge_pages,
 * huge_pages_since.
 * mem_used_total models zsmalloc as compressed lengths rounded up to 16-byte size classes,
 * packed into whole pages; the memory is host memory, not simulated frames.
 * Left out: more devices than zram0 (num_devices=1), mem_limit, writeback to a backing device,
 * recompression, compaction, idle tracking, lzo-rle (the host's default: no pure-Java
 * implementation, so lzo is the default here), reset.
 */
package org.mmsim.mm.swap;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import org.mmsim.mm.page.PageContents;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

public final class Zram {
    public static final String DEVICE = "/dev/zram0";
    private static final int PAGE_SIZE = PageContents.PAGE_SIZE;
    /** huge_class_size with zsmalloc's 4 KiB pages: compressed pages at least this big are stored whole. */
    static final int HUGE_CLASS_SIZE = 3264;
    private static final String[] ALGORITHMS = {"lzo", "lz4", "zstd"};

    private long disksize;
    private String algorithm = "lzo";
    private Compressor compressor = new LzoCompressor();
    private Decompressor decompressor = new LzoDecompressor();
    /** Per page: the compressed bytes (a whole page when huge), or null when empty or same-filled. */
    private byte[][] table;
    /** Per page: the repeated word of a same-filled page. */
    private long[] sameValue;
    private boolean[] same;
    private final byte[] buffer = new byte[PAGE_SIZE * 2];
    private long origPages;
    private long comprBytes;
    private long classBytes;
    private long memUsedMax;
    private long samePages;
    private long hugePages;
    private long hugePagesSince;

    public long disksize() {
        return disksize;
    }

    /** disksize_store(): once only; EBUSY when already initialized. */
    public void setDisksize(long bytes) {
        if (disksize != 0) {
            throw new KernelError(Errno.EBUSY);
        }
        long pages = bytes >>> 12;
        if (pages == 0 || pages > Integer.MAX_VALUE) {
            throw new KernelError(Errno.EINVAL);
        }
        disksize = pages << 12;
        table = new byte[(int) pages][];
        sameValue = new long[(int) pages];
        same = new boolean[(int) pages];
    }

    /** comp_algorithm as sysfs shows it: the available ones, the chosen one in brackets. */
    public String compAlgorithm() {
        StringBuilder sb = new StringBuilder();
        for (String a : ALGORITHMS) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(a.equals(algorithm) ? "[" + a + "]" : a);
        }
        return sb.append('\n').toString();
    }

    /** comp_algorithm_store(): before disksize only (EBUSY), a known name only (EINVAL). */
    public void setCompAlgorithm(String name) {
        if (disksize != 0) {
            throw new KernelError(Errno.EBUSY);
        }
        Codec codec = Codec.named(name);
        if (codec == null) {
            throw new KernelError(Errno.EINVAL);
        }
        compressor = codec.compressor();
        decompressor = codec.decompressor();
        algorithm = name;
    }

    /** zram_write_page(). */
    void write(int index, byte[] page) {
        free(index);
        long word = (long) ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (sameFilled(page, word)) {
            same[index] = true;
            sameValue[index] = word;
            samePages++;
            origPages++;
            return;
        }
        int len = compressor.compress(page, 0, PAGE_SIZE, buffer, 0, buffer.length);
        byte[] stored;
        if (len >= HUGE_CLASS_SIZE) {
            stored = page.clone();
            hugePages++;
            hugePagesSince++;
        } else {
            stored = Arrays.copyOf(buffer, len);
        }
        table[index] = stored;
        origPages++;
        comprBytes += stored.length;
        classBytes += (stored.length + 15) / 16 * 16;
        memUsedMax = Math.max(memUsedMax, memUsedPages());
    }

    /** zram_read_page(). */
    void read(int index, byte[] page) {
        if (same[index]) {
            ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < PAGE_SIZE; i += 8) {
                b.putLong(i, sameValue[index]);
            }
            return;
        }
        byte[] stored = table[index];
        if (stored == null) {
            Arrays.fill(page, (byte) 0);
        } else if (stored.length == PAGE_SIZE) {
            System.arraycopy(stored, 0, page, 0, PAGE_SIZE);
        } else if (decompressor.decompress(stored, 0, stored.length, page, 0, PAGE_SIZE) != PAGE_SIZE) {
            throw new IllegalStateException("zram: page " + index + " does not decompress to a page");
        }
    }

    /** zram_slot_free_notify(): swap freed the slot. */
    void free(int index) {
        if (same[index]) {
            same[index] = false;
            samePages--;
            origPages--;
            return;
        }
        byte[] stored = table[index];
        if (stored != null) {
            table[index] = null;
            origPages--;
            comprBytes -= stored.length;
            classBytes -= (stored.length + 15) / 16 * 16;
            if (stored.length == PAGE_SIZE) {
                hugePages--;
            }
        }
    }

    private long memUsedPages() {
        return (classBytes + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    /** /sys/block/zram0/mm_stat (mm_stat_show). */
    public String mmStat() {
        return String.format("%8d %8d %8d %8d %8d %8d %8d %8d %8d\n", origPages * PAGE_SIZE, comprBytes,
                memUsedPages() * PAGE_SIZE, 0, memUsedMax * PAGE_SIZE, samePages, 0, hugePages, hugePagesSince);
    }

    private static boolean sameFilled(byte[] page, long word) {
        ByteBuffer b = ByteBuffer.wrap(page).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 8; i < PAGE_SIZE; i += 8) {
            if (b.getLong(i) != word) {
                return false;
            }
        }
        return true;
    }
}
