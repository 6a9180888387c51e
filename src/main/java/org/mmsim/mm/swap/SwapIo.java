/*
 * Swap I/O (mm/page_io.c swap_writeout/__swap_writepage and swap_read_folio): a page's bytes go to
 * its slot and come back, counted in pswpout/pswpin; a read is charged to the cost model
 * (swap.read), a write returns whether the device was written so reclaim, which may run as kswapd
 * on another CPU, charges swap.write where its time goes. This is where the block layer will connect; today a
 * transfer completes at once and the device is the area's in-memory store. A zero-filled page is
 * recorded as such without a transfer (is_folio_zero_filled: Linux 6.x does not write it either,
 * and does not count it in pswpout).
 * Left out: bio plugging, asynchronous completion (PG_writeback), swap on a filesystem's
 * swap_rw, zswap (it sits in front of these calls).
 */
package org.mmsim.mm.swap;

import org.mmsim.mm.memory.FrameContents;
import org.mmsim.mm.page.PageContents;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.sim.CostModel;

final class SwapIo {
    private final FrameContents frames;
    private final long[] events;
    private final CostModel.Sink cost;
    private final byte[] buffer = new byte[PageContents.PAGE_SIZE];
    /** Per area: slots known to hold a zero page (the swap_info's zeromap bitmap). */
    private final long[][] zeromap = new long[SwapFile.MAX_SWAPFILES][];

    SwapIo(FrameContents frames, long[] events, CostModel.Sink cost) {
        this.frames = frames;
        this.events = events;
        this.cost = cost;
    }

    void attach(SwapInfo si) {
        zeromap[si.type] = new long[(si.maxPages + 63) >>> 6];
    }

    /** swap_writeout(): the frame's bytes into the slot; false when a zero page needed no write. */
    boolean write(SwapInfo si, int offset, int pfn) {
        frames.exportPage(pfn, buffer);
        if (allZero(buffer)) {
            zeromap[si.type][offset >>> 6] |= 1L << offset;
            si.store.clear(offset);
            return false;
        }
        zeromap[si.type][offset >>> 6] &= ~(1L << offset);
        si.store.importPage(offset, buffer);
        events[VmEvent.PSWPOUT]++;
        return true;
    }

    /** swap_read_folio(): the slot's bytes into the frame; false when no device read happened (zero page). */
    boolean read(SwapInfo si, int offset, int pfn) {
        if ((zeromap[si.type][offset >>> 6] & (1L << offset)) != 0) {
            frames.clearPage(pfn);
            return false;
        }
        si.store.exportPage(offset, buffer);
        frames.importPage(pfn, buffer);
        events[VmEvent.PSWPIN]++;
        cost.charge(CostModel.Op.SWAP_READ, 1);
        return true;
    }

    /** The slot is free again: it no longer holds a zero page. */
    void forget(SwapInfo si, int offset) {
        zeromap[si.type][offset >>> 6] &= ~(1L << offset);
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
