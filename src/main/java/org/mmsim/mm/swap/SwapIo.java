/*
 * Swap I/O (mm/page_io.c swap_writeout/__swap_writepage and swap_read_folio): a page's bytes go to
 * its slot and come back, counted in pswpout/pswpin; a read is charged to the cost model
 * (swap.read), a write returns whether the device was written so reclaim, which may run as kswapd
 * on another CPU, charges swap.write where its time goes. This is where the block layer will connect; today a
 * transfer completes at once and the device is the area's in-memory store. A zero-filled page is
 * recorded as such without a transfer (is_folio_zero_filled: Linux 6.x does not write it either,
 * and does not count it in pswpout: swpout_zero and swpin_zero count those).
 * zswap (Zswap) sits between these calls and the device; /dev/zram0 (Zram) is a device that
 * compresses.
 * Left out: bio plugging, asynchronous completion (PG_writeback), swap on a filesystem's swap_rw.
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
    private final SwapInfo[] areas = new SwapInfo[SwapFile.MAX_SWAPFILES];
    /** The compressed cache in front of the devices. */
    final Zswap zswap;
    /** The compressed RAM block device /dev/zram0. */
    final Zram zram = new Zram();

    /** What a read found: nothing to read (a zero page), the device, or zswap (the page is then dirty). */
    static final int READ_ZERO = 0, READ_DEVICE = 1, READ_ZSWAP = 2;

    SwapIo(FrameContents frames, long[] events, CostModel.Sink cost, long totalramPages) {
        this.frames = frames;
        this.events = events;
        this.cost = cost;
        this.zswap = new Zswap(totalramPages, events);
    }

    /** The page store of a new area of the given slots, sharing the frames' storage where it can. */
    PageContents newStore(int slots) {
        return frames.deviceStore(slots);
    }

    void attach(SwapInfo si) {
        zeromap[si.type] = new long[(si.maxPages + 63) >>> 6];
        areas[si.type] = si;
        zswap.attach(si);
    }

    void detach(SwapInfo si) {
        zeromap[si.type] = null;
        areas[si.type] = null;
        zswap.detach(si);
    }

    SwapInfo info(int type) {
        return areas[type];
    }

    /** swap_writeout(): the frame's bytes into the slot; false when a zero page needed no write. */
    boolean write(SwapInfo si, int offset, int pfn) {
        // an entry stored earlier for the slot is stale now, whatever happens to this write
        zswap.invalidate(si, offset);
        if (frames.uniformByte(pfn) == 0) {
            zeromap[si.type][offset >>> 6] |= 1L << offset;
            si.store.clear(offset);
            events[VmEvent.SWPOUT_ZERO]++;
            return false;
        }
        zeromap[si.type][offset >>> 6] &= ~(1L << offset);
        if (!zswap.enabled() && !isZram(si)) {
            // straight from the frame store into the area's store
            frames.exportTo(pfn, si.store, offset);
            events[VmEvent.PSWPOUT]++;
            return true;
        }
        frames.exportPage(pfn, buffer);
        if (zswap.store(this, si, offset, buffer)) {
            return false;
        }
        writeToDevice(si, offset, buffer);
        return true;
    }

    /** __swap_writepage(): bytes onto the device. */
    void writeToDevice(SwapInfo si, int offset, byte[] bytes) {
        if (isZram(si)) {
            zram.write(offset, bytes);
        } else {
            si.store.importPage(offset, bytes);
        }
        events[VmEvent.PSWPOUT]++;
    }

    /** swap_read_folio(): the slot's bytes into the frame, from the zeromap, zswap or the device. */
    int read(SwapInfo si, int offset, int pfn) {
        if ((zeromap[si.type][offset >>> 6] & (1L << offset)) != 0) {
            frames.clearPage(pfn);
            events[VmEvent.SWPIN_ZERO]++;
            return READ_ZERO;
        }
        if (zswap.load(si, offset, buffer)) {
            frames.importPage(pfn, buffer);
            return READ_ZSWAP;
        }
        if (isZram(si)) {
            zram.read(offset, buffer);
            frames.importPage(pfn, buffer);
        } else {
            frames.importFrom(pfn, si.store, offset);
        }
        events[VmEvent.PSWPIN]++;
        cost.charge(CostModel.Op.SWAP_READ, 1);
        return READ_DEVICE;
    }

    /** The slot is free again: it no longer holds a zero page or a zswap entry. */
    void forget(SwapInfo si, int offset) {
        zeromap[si.type][offset >>> 6] &= ~(1L << offset);
        zswap.invalidate(si, offset);
        if (isZram(si)) {
            zram.free(offset);
        }
    }

    private static boolean isZram(SwapInfo si) {
        return si.path.equals(Zram.DEVICE);
    }
}
