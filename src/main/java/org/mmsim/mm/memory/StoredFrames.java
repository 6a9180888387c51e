/*
 * FrameContents over the machine's page-contents store (org.mmsim.mm.page.PageContents): the
 * kernel's one store for every frame. Leaves out nothing the seam asks for; the store itself
 * decides the representation (zero, filled, stored).
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.page.PageContents;

public final class StoredFrames implements FrameContents {
    private static final int LAST_LONG = PageContents.PAGE_SIZE - Long.BYTES;
    private final PageContents store;

    public StoredFrames(PageContents store) {
        this.store = store;
    }

    @Override
    public void clearPage(int pfn) {
        store.clear(pfn);
    }

    @Override
    public void copyPage(int dstPfn, int srcPfn) {
        store.copy(dstPfn, srcPfn);
    }

    @Override
    public void fillPage(int pfn, int len, byte value) {
        store.clear(pfn);
        store.fill(pfn, 0, len, value);
    }

    @Override
    public void fillPages(int pfn, int nr, byte value) {
        store.fillPages(pfn, nr, value);
    }

    @Override
    public void storeByte(int pfn, int offset, byte value) {
        store.fill(pfn, offset, 1, value);
    }

    @Override
    public byte loadByte(int pfn, int offset) {
        int at = Math.min(offset, LAST_LONG);
        return (byte) (store.readLong(pfn, at) >>> ((offset - at) * 8));
    }

    @Override
    public void exportPage(int pfn, byte[] dst) {
        store.exportPage(pfn, dst);
    }

    @Override
    public void importPage(int pfn, byte[] src) {
        store.importPage(pfn, src);
    }

    @Override
    public void exportTo(int pfn, PageContents dst, int dstIndex) {
        dst.copyFrom(dstIndex, store, pfn);
    }

    @Override
    public void importFrom(int pfn, PageContents src, int srcIndex) {
        store.copyFrom(pfn, src, srcIndex);
    }

    @Override
    public void read(int pfn, int offset, byte[] dst, int dstOff, int len) {
        store.read(pfn, offset, dst, dstOff, len);
    }

    @Override
    public void write(int pfn, int offset, byte[] src, int srcOff, int len) {
        store.write(pfn, offset, src, srcOff, len);
    }

    @Override
    public void fill(int pfn, int offset, int len, byte value) {
        store.fill(pfn, offset, len, value);
    }

    @Override
    public PageContents deviceStore(int slots) {
        return new PageContents(slots, store);
    }

    @Override
    public int uniformByte(int pfn) {
        if (!store.isSameFilled(pfn)) {
            return -1;
        }
        long word = store.sameFilledValue(pfn);
        long b = word & 0xff;
        return word == b * 0x0101010101010101L ? (int) b : -1;
    }
}
