/*
 * The seam to page contents (the page-contents store, org.mmsim.mm.page.PageContents): what the
 * fault path asks of frame data, as clear_user_highpage() and copy_user_highpage()/
 * __wp_page_copy_user() do in mm/memory.c. The page-table layer tracks no bytes itself.
 */
package org.mmsim.mm.memory;

public interface FrameContents {
    /** clear_user_highpage(): a new anonymous page reads as zeroes. */
    void clearPage(int pfn);

    /** copy_user_highpage(): a CoW copy gets the old page's bytes. */
    void copyPage(int dstPfn, int srcPfn);

    /** For machines that keep no contents: nothing to clear or copy. */
    FrameContents NONE = new FrameContents() {
        @Override
        public void clearPage(int pfn) {
        }

        @Override
        public void copyPage(int dstPfn, int srcPfn) {
        }
    };
}
