/*
 * The seam to page contents (the page-contents store, org.mmsim.mm.page.PageContents): what the
 * fault path asks of frame data, as clear_user_highpage() and copy_user_highpage()/
 * __wp_page_copy_user() do in mm/memory.c, what a page-cache read fills in, and the byte a user
 * load or store reaches through a present PTE, and the whole page swap writes out and reads back
 * (mm/page_io.c). The page-table layer tracks no bytes itself.
 */
package org.mmsim.mm.memory;

import org.mmsim.mm.page.PageContents;

public interface FrameContents {
    /** clear_user_highpage(): a new anonymous page reads as zeroes. */
    void clearPage(int pfn);

    /** copy_user_highpage(): a CoW copy gets the old page's bytes. */
    void copyPage(int dstPfn, int srcPfn);

    /** A page read in from a file whose first len bytes hold value (the rest, past EOF, zeroes). */
    void fillPage(int pfn, int len, byte value);

    /** fillPage() of nr consecutive frames read in whole, each holding value throughout. */
    default void fillPages(int pfn, int nr, byte value) {
        for (int i = 0; i < nr; i++) {
            fillPage(pfn + i, PageContents.PAGE_SIZE, value);
        }
    }

    /** A user store of one byte at offset in the frame. */
    void storeByte(int pfn, int offset, byte value);

    /** A user load of one byte at offset in the frame. */
    byte loadByte(int pfn, int offset);

    /** The page's 4096 bytes into dst, for a swap write. */
    void exportPage(int pfn, byte[] dst);

    /** The page becomes src's 4096 bytes, for a swap read. */
    void importPage(int pfn, byte[] src);

    /** copy_page_to_iter(): len bytes at offset in the frame into dst. */
    void read(int pfn, int offset, byte[] dst, int dstOff, int len);

    /** copy_page_from_iter(): len bytes of src into the frame at offset. */
    void write(int pfn, int offset, byte[] src, int srcOff, int len);

    /** memset() of len bytes at offset. */
    void fill(int pfn, int offset, int len, byte value);

    /** The page's 4096 bytes into page dstIndex of a store (a swap device), with no intermediate buffer. */
    void exportTo(int pfn, PageContents dst, int dstIndex);

    /** The page becomes page srcIndex of a store (a swap device), with no intermediate buffer. */
    void importFrom(int pfn, PageContents src, int srcIndex);

    /** The byte every one of the page's 4096 bytes holds, or -1 if they differ (a page kept as one byte). */
    int uniformByte(int pfn);

    /**
     * A store for a swap device's slots, which exportTo and importFrom fill from the frames and back;
     * it may share the frames' storage, so pages move between the two without copying.
     */
    PageContents deviceStore(int slots);

    /** For machines that keep no contents: nothing to clear or copy, every byte reads 0. */
    FrameContents NONE = new FrameContents() {
        @Override
        public void clearPage(int pfn) {
        }

        @Override
        public void copyPage(int dstPfn, int srcPfn) {
        }

        @Override
        public void fillPage(int pfn, int len, byte value) {
        }

        @Override
        public void storeByte(int pfn, int offset, byte value) {
        }

        @Override
        public byte loadByte(int pfn, int offset) {
            return 0;
        }

        @Override
        public void exportPage(int pfn, byte[] dst) {
            java.util.Arrays.fill(dst, (byte) 0);
        }

        @Override
        public void importPage(int pfn, byte[] src) {
        }

        @Override
        public void exportTo(int pfn, PageContents dst, int dstIndex) {
            dst.clear(dstIndex);
        }

        @Override
        public void importFrom(int pfn, PageContents src, int srcIndex) {
        }

        @Override
        public void read(int pfn, int offset, byte[] dst, int dstOff, int len) {
            java.util.Arrays.fill(dst, dstOff, dstOff + len, (byte) 0);
        }

        @Override
        public void write(int pfn, int offset, byte[] src, int srcOff, int len) {
        }

        @Override
        public void fill(int pfn, int offset, int len, byte value) {
        }

        @Override
        public int uniformByte(int pfn) {
            return 0;
        }

        @Override
        public PageContents deviceStore(int slots) {
            return new PageContents(slots);
        }
    };
}
