/*
 * struct page's data: the 4 KiB of memory behind every frame, as the kernel sees it through kmap,
 * clear_page/clear_highpage and copy_page/copy_highpage (include/linux/highmem.h) and plain loads and
 * stores, and as swap sees it when it tests for zero pages (mm/page_io.c is_folio_zero_filled), zram for
 * same-filled pages (drivers/block/zram/zram_drv.c page_same_filled), or either hands a page to a compressor.
 *
 * Every frame is in one of three representations, chosen so host memory follows what processes wrote:
 *   ZERO    all zeros: one clear bit, no storage (2 bits per frame plus a reference per 64 frames);
 *   FILLED  one 8-byte little-endian word repeated 512 times (a value fill, a memset): the word, 8 bytes;
 *   STORED  arbitrary bytes: a 4 KiB slot in PageSlab's shared chunks, its slot number kept as payload.
 * Payloads of the frames of a 64-frame group are packed in rank order (popcount of the nonzero bitmap
 * below the frame) in a long[] that grows and shrinks by halves, so a zero frame costs no payload even when
 * its neighbours hold data. Transitions: a partial store that changes a ZERO or FILLED page materialises it
 * into a slot; a store of exactly the bytes already there changes nothing; a whole-page fill, write,
 * import or clear collapses the page to ZERO/FILLED and frees its slot in O(1); copy of a ZERO or FILLED
 * page is O(1). A STORED page that partial writes happen to make uniform stays STORED (queries still report
 * it truthfully) until a whole-page store. Single-threaded and deterministic.
 * A swap area's store shares the frame store's slab (PageContents(n, frames)): copyFrom between the two
 * hands the STORED page's slot to the destination as a second owner instead of copying 4 KiB (a swap-out
 * leaves the slot to the area when the frame is freed, a swap-in takes it back when the slot is freed);
 * a store about to change a shared slot's bytes copies them to a slot of its own first (copy on write),
 * so the representations, and what every page reads, are those a byte copy would give.
 * A slot also carries the slab's "mixed" hint (two of its words were seen to differ), so the zero-page
 * and same-filled tests swap-out makes skip, without reading it, a page already known not to be either.
 * Left out: highmem kmap windows and cache aliasing (all frames are directly addressable), struct page
 * metadata (MemMap), architecture copy_page variants and their timing (the cost model charges them).
 */
package org.mmsim.mm.page;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

public final class PageContents {
    public static final int PAGE_SIZE = 1 << MemMap.PAGE_SHIFT;
    private static final int WORDS = PAGE_SIZE / Long.BYTES;
    private static final int GROUP_SHIFT = 6;
    private static final int MIN_CAPACITY = 2;
    private static final long BYTE_REPEAT = 0x0101010101010101L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    /** Odd multiplier of the polynomial checksum and its powers, so a FILLED page's checksum is O(1). */
    private static final long CHECK_MUL = 0x9E3779B97F4A7C15L;
    private static final long[] CHECK_POW = new long[WORDS];
    private static final long CHECK_POW_SUM;

    static {
        long p = 1, sum = 0;
        for (int i = 0; i < WORDS; i++) {
            CHECK_POW[i] = p;
            sum += p;
            p *= CHECK_MUL;
        }
        CHECK_POW_SUM = sum;
    }

    public final int nrFrames;
    /**
     * Two bitmap words per 64-frame group, side by side so one cache line serves both: at 2g a bit per frame
     * set when it has a payload (FILLED or STORED; clear means ZERO), at 2g+1 one set when that payload is a
     * slab slot (STORED) rather than the repeated word (FILLED).
     */
    private final long[] bits;
    /** Per 64-frame group, the payloads of its nonzero frames in pfn order; null when there are none. */
    private final long[][] payload;
    private final PageSlab slab;
    /** False for a store that uses another store's slab (that store counts the slab's host bytes). */
    private final boolean ownsSlab;
    private long storedPages;
    private long filledPages;
    private long payloadBytes;

    public PageContents(int nrFrames) {
        this(nrFrames, new PageSlab(), true);
    }

    /**
     * A store (a swap area's) that shares slabOf's slots, so copyFrom between the two hands slots over
     * instead of copying bytes. Its STORED pages must all be cleared before it is dropped.
     */
    public PageContents(int nrFrames, PageContents slabOf) {
        this(nrFrames, slabOf.slab, false);
    }

    private PageContents(int nrFrames, PageSlab slab, boolean ownsSlab) {
        this.slab = slab;
        this.ownsSlab = ownsSlab;
        if (nrFrames <= 0) {
            throw new IllegalArgumentException("frame count out of range: " + nrFrames);
        }
        this.nrFrames = nrFrames;
        int groups = (int) ((nrFrames + (1L << GROUP_SHIFT) - 1) >>> GROUP_SHIFT);
        bits = new long[2 * groups];
        payload = new long[groups][];
    }

    /** clear_page: the frame becomes all zeros and its storage, if any, is released. */
    public void clear(int pfn) {
        Objects.checkIndex(pfn, nrFrames);
        toZero(pfn);
    }

    /** clear_page over nr consecutive frames, as a freed or zeroed high-order block. */
    public void clear(int pfn, int nr) {
        Objects.checkFromIndexSize(pfn, nr, nrFrames);
        int end = pfn + nr;
        while (pfn < end) {
            int g = pfn >>> GROUP_SHIFT;
            int stop = Math.min(end, (g + 1) << GROUP_SHIFT);
            long range = (-1L << pfn) & (stop == (g + 1) << GROUP_SHIFT ? -1L : (1L << stop) - 1);
            long hit = bits[2 * g] & range;
            if (hit != 0 && hit == bits[2 * g]) {
                dropGroup(g);
                hit = 0;
            }
            while (hit != 0) {
                toZero(g << GROUP_SHIFT | Long.numberOfTrailingZeros(hit));
                hit &= hit - 1;
            }
            pfn = stop;
        }
    }

    /** copy_page: dst gets src's 4096 bytes; O(1) unless src holds arbitrary bytes. */
    public void copy(int dstPfn, int srcPfn) {
        Objects.checkIndex(dstPfn, nrFrames);
        Objects.checkIndex(srcPfn, nrFrames);
        if (dstPfn == srcPfn) {
            return;
        }
        if (!isNonzero(srcPfn)) {
            toZero(dstPfn);
        } else if (!isStored(srcPfn)) {
            setFilled(dstPfn, payloadOf(srcPfn));
        } else {
            int src = (int) payloadOf(srcPfn);
            int dst = overwrittenSlot(dstPfn);
            System.arraycopy(slab.chunk(src), PageSlab.base(src), slab.chunk(dst), PageSlab.base(dst), PAGE_SIZE);
            slab.setMixed(dst, slab.isMixed(src));
        }
    }

    /**
     * Frame dstPfn gets frame srcPfn of another store, as importPage(exportPage) would leave it
     * (a uniform page collapses to FILLED or ZERO) without the intermediate buffer; a STORED page of a
     * store sharing this one's slab is handed over as a second owner of its slot, without a copy.
     */
    public void copyFrom(int dstPfn, PageContents src, int srcPfn) {
        Objects.checkIndex(dstPfn, nrFrames);
        Objects.checkIndex(srcPfn, src.nrFrames);
        if (!src.isStored(srcPfn)) {
            setFilled(dstPfn, src.wordOf(srcPfn));
            return;
        }
        int from = (int) src.payloadOf(srcPfn);
        byte[] chunk = src.slab.chunk(from);
        int base = PageSlab.base(from);
        if (!src.slab.isMixed(from)) {
            long w = (long) LONGS.get(chunk, base);
            if (uniformWord(chunk, base, w)) {
                setFilled(dstPfn, w);
                return;
            }
            src.slab.setMixed(from, true);
        }
        if (src.slab != slab || !adopt(dstPfn, from)) {
            int slot = overwrittenSlot(dstPfn);
            System.arraycopy(chunk, base, slab.chunk(slot), PageSlab.base(slot), PAGE_SIZE);
            slab.setMixed(slot, true);
        }
    }

    /** The frame becomes a second owner of slot (of this store's slab); false when the slot has two already. */
    private boolean adopt(int pfn, int slot) {
        if (isStored(pfn)) {
            int old = (int) payloadOf(pfn);
            if (old == slot) {
                return true;
            }
            if (!slab.share(slot)) {
                return false;
            }
            slab.free(old);
            payload[pfn >>> GROUP_SHIFT][rank(pfn)] = slot;
            return true;
        }
        if (!slab.share(slot)) {
            return false;
        }
        if (isNonzero(pfn)) {
            filledPages--;
        }
        storedPages++;
        setPayload(pfn, slot);
        bits[2 * (pfn >>> GROUP_SHIFT) + 1] |= 1L << pfn;
        return true;
    }

    /** Stores len bytes of src at offset; a whole-page write is an import (it may collapse to FILLED). */
    public void write(int pfn, int offset, byte[] src, int srcOff, int len) {
        Objects.checkIndex(pfn, nrFrames);
        Objects.checkFromIndexSize(offset, len, PAGE_SIZE);
        Objects.checkFromIndexSize(srcOff, len, src.length);
        if (len == PAGE_SIZE) {
            store(pfn, src, srcOff);
            return;
        }
        int slot;
        if (isStored(pfn)) {
            slot = writableSlot(pfn);
        } else {
            long w = wordOf(pfn);
            if (matchesPattern(src, srcOff, len, w, offset)) {
                return;
            }
            slot = materialise(pfn, w);
        }
        System.arraycopy(src, srcOff, slab.chunk(slot), PageSlab.base(slot) + offset, len);
        noteWrite(slot, offset, len);
    }

    /** Loads len bytes at offset into dst. */
    public void read(int pfn, int offset, byte[] dst, int dstOff, int len) {
        Objects.checkIndex(pfn, nrFrames);
        Objects.checkFromIndexSize(offset, len, PAGE_SIZE);
        Objects.checkFromIndexSize(dstOff, len, dst.length);
        if (isStored(pfn)) {
            int slot = (int) payloadOf(pfn);
            System.arraycopy(slab.chunk(slot), PageSlab.base(slot) + offset, dst, dstOff, len);
        } else {
            fillPattern(dst, dstOff, len, wordOf(pfn), offset);
        }
    }

    /** memset(page + offset, value, len); filling the whole page makes it FILLED (or ZERO) whatever it held. */
    public void fill(int pfn, int offset, int len, byte value) {
        Objects.checkIndex(pfn, nrFrames);
        Objects.checkFromIndexSize(offset, len, PAGE_SIZE);
        long v = (value & 0xffL) * BYTE_REPEAT;
        if (len == PAGE_SIZE) {
            setFilled(pfn, v);
            return;
        }
        int slot;
        if (isStored(pfn)) {
            slot = writableSlot(pfn);
        } else {
            long w = wordOf(pfn);
            if (w == v || len == 0 || len < Long.BYTES && uniformBytes(w, offset, len, value)) {
                return;
            }
            slot = materialise(pfn, w);
        }
        int base = PageSlab.base(slot) + offset;
        Arrays.fill(slab.chunk(slot), base, base + len, value);
        noteWrite(slot, offset, len);
    }

    /**
     * nr consecutive frames read in whole, each holding value in every byte: the same frames, payloads,
     * counts and host bytes as clear(p) then fill(p, 0, PAGE_SIZE, value) for each, but a 64-frame
     * group none of whose filled frames had a payload (new page-cache pages) grows its payload array once.
     */
    public void fillPages(int pfn, int nr, byte value) {
        Objects.checkFromIndexSize(pfn, nr, nrFrames);
        long w = (value & 0xffL) * BYTE_REPEAT;
        if (w == 0) {
            clear(pfn, nr);
            return;
        }
        int end = pfn + nr;
        while (pfn < end) {
            int g = pfn >>> GROUP_SHIFT;
            int stop = Math.min(end, (g + 1) << GROUP_SHIFT);
            long range = (-1L << pfn) & (stop == (g + 1) << GROUP_SHIFT ? -1L : (1L << stop) - 1);
            if ((bits[2 * g] & range) == 0) {
                insertFilled(g, range, w);
            } else {
                for (int p = pfn; p < stop; p++) {
                    toZero(p);
                    setFilled(p, w);
                }
            }
            pfn = stop;
        }
    }

    /** The ZERO frames of group g in range (contiguous bits) become FILLED with w, their payloads inserted at once. */
    private void insertFilled(int g, long range, long w) {
        int k = Long.bitCount(range);
        long present = bits[2 * g];
        int count = Long.bitCount(present);
        int r = Long.bitCount(present & (Long.lowestOneBit(range) - 1));
        long[] a = payload[g];
        // the capacity setPayload's doubling reaches after k single inserts
        int cap = a == null ? MIN_CAPACITY : a.length;
        while (cap < count + k) {
            cap <<= 1;
        }
        long[] b = a;
        if (a == null || cap != a.length) {
            b = new long[cap];
            if (a != null) {
                System.arraycopy(a, 0, b, 0, r);
                payloadBytes -= arrayBytes(a.length);
            }
            payloadBytes += arrayBytes(cap);
            payload[g] = b;
        }
        if (a != null) {
            System.arraycopy(a, r, b, r + k, count - r);
        }
        Arrays.fill(b, r, r + k, w);
        bits[2 * g] = present | range;
        filledPages += k;
    }

    /** A little-endian 8-byte store at any offset in [0, 4088]. */
    public void writeLong(int pfn, int offset, long value) {
        Objects.checkIndex(pfn, nrFrames);
        Objects.checkFromIndexSize(offset, Long.BYTES, PAGE_SIZE);
        int slot;
        if (isStored(pfn)) {
            slot = writableSlot(pfn);
        } else {
            long w = wordOf(pfn);
            if (Long.rotateRight(w, (offset & 7) * 8) == value) {
                return;
            }
            slot = materialise(pfn, w);
        }
        LONGS.set(slab.chunk(slot), PageSlab.base(slot) + offset, value);
        noteWrite(slot, offset, Long.BYTES);
    }

    /** A little-endian 8-byte load at any offset in [0, 4088]. */
    public long readLong(int pfn, int offset) {
        Objects.checkIndex(pfn, nrFrames);
        Objects.checkFromIndexSize(offset, Long.BYTES, PAGE_SIZE);
        if (isStored(pfn)) {
            int slot = (int) payloadOf(pfn);
            return (long) LONGS.get(slab.chunk(slot), PageSlab.base(slot) + offset);
        }
        return Long.rotateRight(wordOf(pfn), (offset & 7) * 8);
    }

    /** True when all 4096 bytes are zero, whatever the representation. */
    public boolean isZero(int pfn) {
        Objects.checkIndex(pfn, nrFrames);
        if (!isStored(pfn)) {
            return !isNonzero(pfn);
        }
        int slot = (int) payloadOf(pfn);
        return !slab.isMixed(slot) && uniformWord(slab.chunk(slot), PageSlab.base(slot), 0);
    }

    /** True when the page is one 8-byte word repeated 512 times, as zram tests before compressing. */
    public boolean isSameFilled(int pfn) {
        Objects.checkIndex(pfn, nrFrames);
        if (!isStored(pfn)) {
            return true;
        }
        int slot = (int) payloadOf(pfn);
        if (slab.isMixed(slot)) {
            return false;
        }
        byte[] chunk = slab.chunk(slot);
        int base = PageSlab.base(slot);
        return uniformWord(chunk, base, (long) LONGS.get(chunk, base));
    }

    /** The repeated little-endian word of a same-filled page; the page must be same-filled. */
    public long sameFilledValue(int pfn) {
        if (!isSameFilled(pfn)) {
            throw new IllegalStateException("page " + pfn + " is not same-filled");
        }
        return readLong(pfn, 0);
    }

    /** A 64-bit fingerprint of the 4096 bytes, equal for equal contents in any representation. */
    public long checksum(int pfn) {
        Objects.checkIndex(pfn, nrFrames);
        long h;
        if (isStored(pfn)) {
            int slot = (int) payloadOf(pfn);
            byte[] chunk = slab.chunk(slot);
            int base = PageSlab.base(slot);
            h = 0;
            for (int i = 0; i < WORDS; i++) {
                h += mixWord((long) LONGS.get(chunk, base + i * Long.BYTES)) * CHECK_POW[i];
            }
        } else {
            h = mixWord(wordOf(pfn)) * CHECK_POW_SUM;
        }
        return mixWord(h);
    }

    /** The page's 4096 bytes into dst[0..4096), for a compressor or a swap write. */
    public void exportPage(int pfn, byte[] dst) {
        read(pfn, 0, dst, 0, PAGE_SIZE);
    }

    /** The page becomes src[0..4096), as a swap-in or decompression; a same-filled src is kept as its word. */
    public void importPage(int pfn, byte[] src) {
        write(pfn, 0, src, 0, PAGE_SIZE);
    }

    /** Frames holding arbitrary bytes, that is slab slots in use. */
    public long storedPages() {
        return storedPages;
    }

    /** Frames held as a repeated nonzero word. */
    public long filledPages() {
        return filledPages;
    }

    /**
     * Host heap this store holds, from array sizes: 16-byte array headers and 4-byte references
     * (compressed oops, heaps under 32 GiB).
     */
    public long hostBytes() {
        long groups = payload.length;
        return 2L * PageSlab.ARRAY_HEADER + 2 * groups * Long.BYTES + groups * 4 + payloadBytes
                + (ownsSlab ? slab.hostBytes() : 0);
    }

    /** The frame's slab slot, or -1 when it is ZERO or FILLED; for tests of slot ownership. */
    int slotOf(int pfn) {
        return isStored(pfn) ? (int) payloadOf(pfn) : -1;
    }

    /** 4 KiB slots in use in the slab, counting one shared with another store once. */
    public long slabSlotsInUse() {
        return slab.slotsInUse();
    }

    private boolean isNonzero(int pfn) {
        return (bits[2 * (pfn >>> GROUP_SHIFT)] & 1L << pfn) != 0;
    }

    private boolean isStored(int pfn) {
        return (bits[2 * (pfn >>> GROUP_SHIFT) + 1] & 1L << pfn) != 0;
    }

    private int rank(int pfn) {
        return Long.bitCount(bits[2 * (pfn >>> GROUP_SHIFT)] & (1L << pfn) - 1);
    }

    private long payloadOf(int pfn) {
        return payload[pfn >>> GROUP_SHIFT][rank(pfn)];
    }

    /** The repeated word of a page that is not STORED (0 for ZERO). */
    private long wordOf(int pfn) {
        return isNonzero(pfn) ? payloadOf(pfn) : 0;
    }

    private void store(int pfn, byte[] src, int srcOff) {
        long w = (long) LONGS.get(src, srcOff);
        if (uniformWord(src, srcOff, w)) {
            setFilled(pfn, w);
        } else {
            int slot = overwrittenSlot(pfn);
            System.arraycopy(src, srcOff, slab.chunk(slot), PageSlab.base(slot), PAGE_SIZE);
            slab.setMixed(slot, true);
        }
    }

    /** ZERO or FILLED with word w becomes STORED holding the same bytes. */
    private int materialise(int pfn, long w) {
        int slot = overwrittenSlot(pfn);
        fillPattern(slab.chunk(slot), PageSlab.base(slot), PAGE_SIZE, w, 0);
        slab.setMixed(slot, false);
        return slot;
    }

    /**
     * A slot of the frame's own for a store of all 4096 bytes (contents unspecified): its slot unless
     * shared, else a new one.
     */
    private int overwrittenSlot(int pfn) {
        if (isStored(pfn)) {
            int slot = (int) payloadOf(pfn);
            if (!slab.isShared(slot)) {
                return slot;
            }
            slab.free(slot);
            int own = slab.alloc();
            payload[pfn >>> GROUP_SHIFT][rank(pfn)] = own;
            return own;
        }
        if (isNonzero(pfn)) {
            filledPages--;
        }
        storedPages++;
        int slot = slab.alloc();
        setPayload(pfn, slot);
        bits[2 * (pfn >>> GROUP_SHIFT) + 1] |= 1L << pfn;
        return slot;
    }

    /** The slot of a STORED frame, made its own (a copy of the shared one) before part of it changes. */
    private int writableSlot(int pfn) {
        int slot = (int) payloadOf(pfn);
        if (!slab.isShared(slot)) {
            return slot;
        }
        int own = slab.alloc();
        System.arraycopy(slab.chunk(slot), PageSlab.base(slot), slab.chunk(own), PageSlab.base(own), PAGE_SIZE);
        slab.setMixed(own, slab.isMixed(slot));
        slab.free(slot);
        payload[pfn >>> GROUP_SHIFT][rank(pfn)] = own;
        return own;
    }

    private void setFilled(int pfn, long w) {
        if (w == 0) {
            toZero(pfn);
            return;
        }
        int g = pfn >>> GROUP_SHIFT;
        long bit = 1L << pfn;
        if ((bits[2 * g + 1] & bit) != 0) {
            slab.free((int) payloadOf(pfn));
            bits[2 * g + 1] &= ~bit;
            storedPages--;
            filledPages++;
        } else if ((bits[2 * g] & bit) == 0) {
            filledPages++;
        }
        setPayload(pfn, w);
    }

    private void toZero(int pfn) {
        int g = pfn >>> GROUP_SHIFT;
        long bit = 1L << pfn;
        if ((bits[2 * g] & bit) == 0) {
            return;
        }
        if ((bits[2 * g + 1] & bit) != 0) {
            slab.free((int) payloadOf(pfn));
            bits[2 * g + 1] &= ~bit;
            storedPages--;
        } else {
            filledPages--;
        }
        removePayload(pfn);
    }

    /** Every frame of group g becomes ZERO at once: its slots go back and its payload array goes. */
    private void dropGroup(int g) {
        long[] a = payload[g];
        long present = bits[2 * g], slots = bits[2 * g + 1];
        for (int i = 0; present != 0; i++, present &= present - 1) {
            if ((slots & Long.lowestOneBit(present)) != 0) {
                slab.free((int) a[i]);
            }
        }
        filledPages -= Long.bitCount(bits[2 * g]) - Long.bitCount(slots);
        storedPages -= Long.bitCount(slots);
        bits[2 * g] = 0;
        bits[2 * g + 1] = 0;
        payload[g] = null;
        payloadBytes -= arrayBytes(a.length);
    }

    /** Sets the frame's payload, inserting it in rank order if the frame had none. */
    private void setPayload(int pfn, long value) {
        int g = pfn >>> GROUP_SHIFT;
        long bit = 1L << pfn;
        int r = rank(pfn);
        if ((bits[2 * g] & bit) != 0) {
            payload[g][r] = value;
            return;
        }
        int count = Long.bitCount(bits[2 * g]);
        long[] a = payload[g];
        if (a == null || count == a.length) {
            int cap = a == null ? MIN_CAPACITY : a.length * 2;
            long[] b = new long[cap];
            if (a != null) {
                System.arraycopy(a, 0, b, 0, r);
                System.arraycopy(a, r, b, r + 1, count - r);
                payloadBytes -= arrayBytes(a.length);
            }
            payloadBytes += arrayBytes(cap);
            payload[g] = a = b;
        } else {
            System.arraycopy(a, r, a, r + 1, count - r);
        }
        a[r] = value;
        bits[2 * g] |= bit;
    }

    /** Drops the frame's payload; the group's array halves at quarter occupancy and goes when empty. */
    private void removePayload(int pfn) {
        int g = pfn >>> GROUP_SHIFT;
        int r = rank(pfn);
        int count = Long.bitCount(bits[2 * g]) - 1;
        long[] a = payload[g];
        bits[2 * g] &= ~(1L << pfn);
        if (count == 0) {
            payload[g] = null;
            payloadBytes -= arrayBytes(a.length);
        } else if (a.length > MIN_CAPACITY && count <= a.length / 4) {
            long[] b = new long[a.length / 2];
            System.arraycopy(a, 0, b, 0, r);
            System.arraycopy(a, r + 1, b, r, count - r);
            payloadBytes += arrayBytes(b.length) - arrayBytes(a.length);
            payload[g] = b;
        } else {
            System.arraycopy(a, r + 1, a, r, count - r);
        }
    }

    private static long arrayBytes(int longs) {
        return PageSlab.ARRAY_HEADER + (long) longs * Long.BYTES;
    }

    /** Writes the page bytes [phase, phase + len) of a page that repeats w into a[from..from+len). */
    private static void fillPattern(byte[] a, int from, int len, long w, int phase) {
        if (w == (w & 0xff) * BYTE_REPEAT) {
            Arrays.fill(a, from, from + len, (byte) w);
            return;
        }
        int head = Math.min(len, Long.BYTES);
        for (int i = 0; i < head; i++) {
            a[from + i] = (byte) (w >>> ((phase + i) & 7) * 8);
        }
        for (int done = head; done < len; done += done) {
            System.arraycopy(a, from, a, from + done, Math.min(done, len - done));
        }
    }

    /** True when a[from..from+len) equals the page bytes [phase, phase + len) of a page repeating w. */
    private static boolean matchesPattern(byte[] a, int from, int len, long w, int phase) {
        for (int i = 0; i < len; i++) {
            if (a[from + i] != (byte) (w >>> ((phase + i) & 7) * 8)) {
                return false;
            }
        }
        return true;
    }

    /** True when every byte of the page repeating w in [phase, phase + len) equals value. */
    private static boolean uniformBytes(long w, int phase, int len, byte value) {
        for (int i = 0; i < len; i++) {
            if ((byte) (w >>> ((phase + i) & 7) * 8) != value) {
                return false;
            }
        }
        return true;
    }

    /**
     * After a partial store of [offset, offset + len) into a slot: the slot is mixed if the first or
     * last word written differs from its neighbour in the same 16 bytes (both in cache lines the store
     * just touched); otherwise what was known is lost.
     */
    private void noteWrite(int slot, int offset, int len) {
        byte[] c = slab.chunk(slot);
        int base = PageSlab.base(slot);
        int lo = offset & ~7;
        int hi = (offset + len - 1) & ~7;
        slab.setMixed(slot, (long) LONGS.get(c, base + lo) != (long) LONGS.get(c, base + (lo ^ 8))
                || (long) LONGS.get(c, base + hi) != (long) LONGS.get(c, base + (hi ^ 8)));
    }

    /** True when all 512 words of the 4 KiB at a[base..] equal w. */
    private static boolean uniformWord(byte[] a, int base, long w) {
        for (int i = 0; i < PAGE_SIZE; i += Long.BYTES) {
            if ((long) LONGS.get(a, base + i) != w) {
                return false;
            }
        }
        return true;
    }

    private static long mixWord(long w) {
        long z = (w ^ (w >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
