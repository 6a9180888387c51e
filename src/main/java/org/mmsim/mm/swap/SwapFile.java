/*
 * Swap areas (mm/swapfile.c): mkswap's signature (the devices formatted as swap), swapon with
 * priorities (given, or -2, -3, ... as least_priority hands them out), folio_alloc_swap choosing
 * the highest-priority area with room and rotating among equals, swap_duplicate/swap_free on the
 * per-slot counts, swapoff (try_to_unuse: every swapped-out page of the area read back and mapped
 * in every address space, failing with ENOMEM when memory runs out, the area then staying on),
 * /proc/swaps in swap_show's exact layout, total_swap_pages and nr_swap_pages.
 * An entry is an int: the area's type in the top bits, the slot offset in the low OFFSET_BITS
 * (Linux's swp_entry_t, whose PTE form pgtable.Pte encodes); 0 is never a valid entry (slot 0 is
 * the header).
 * Left out: swap on a filesystem's extents, discard, SWAP_FLAG_PREFER's node affinity
 * (swap_avail_heads per node), security_vm_enough_memory at swapoff (the overcommit work's),
 * shmem's swap entries, and the mmlist (swapoff walks every address space).
 */
package org.mmsim.mm.swap;

import org.mmsim.mm.page.MemMap;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.TreeMap;

public final class SwapFile {
    /** MAX_SWAPFILES on this kernel's config: 32 types minus migration (3), hwpoison (1) and PTE markers (1). */
    public static final int MAX_SWAPFILES = 27;
    static final int OFFSET_BITS = 26;
    private static final int OFFSET_MASK = (1 << OFFSET_BITS) - 1;
    /** The smallest area mkswap accepts: 10 pages. */
    public static final long MIN_SWAP_BYTES = 10L * MemMap.PAGE_SIZE;
    /** The largest area an entry's offset can address here. */
    public static final long MAX_SWAP_BYTES = (long) OFFSET_MASK << MemMap.PAGE_SHIFT;
    /** swapon without -p. */
    public static final int NO_PRIORITY = Integer.MIN_VALUE;

    private final SwapInfo[] info = new SwapInfo[MAX_SWAPFILES];
    /** swap_active_head: enabled areas by priority, highest first; equal priorities rotate. */
    private final ArrayList<SwapInfo> active = new ArrayList<>();
    /** Devices and files carrying a swap signature, with their sizes. */
    private final TreeMap<String, Long> formatted = new TreeMap<>();
    private final int nrCpus;
    final SwapIo io;
    private int leastPriority = -1;
    private long totalSwapPages;
    private long nrSwapPages;

    SwapFile(SwapIo io, int nrCpus) {
        this.io = io;
        this.nrCpus = nrCpus;
    }

    public static int entry(int type, int offset) {
        return type << OFFSET_BITS | offset;
    }

    public static int type(int entry) {
        return entry >>> OFFSET_BITS;
    }

    public static int offset(int entry) {
        return entry & OFFSET_MASK;
    }

    /** mkswap(8): writes a swap signature to a device or file of this size. */
    public void mkswap(String path, long sizeBytes) {
        if (sizeBytes < MIN_SWAP_BYTES || sizeBytes > MAX_SWAP_BYTES) {
            throw new KernelError(Errno.EINVAL);
        }
        for (SwapInfo si : active) {
            if (si.path.equals(path)) {
                throw new KernelError(Errno.EBUSY);
            }
        }
        formatted.put(path, sizeBytes & -MemMap.PAGE_SIZE);
    }

    /** swapon(2); prio NO_PRIORITY for the next least priority. */
    public SwapInfo swapon(String path, int prio) {
        Long size = formatted.get(path);
        if (size == null) {
            // Only what mkswap formatted exists here (no file system holds other devices or files):
            // anything else is a path open() cannot find.
            throw new KernelError(Errno.ENOENT);
        }
        for (SwapInfo si : active) {
            if (si.path.equals(path)) {
                throw new KernelError(Errno.EBUSY);
            }
        }
        int type = 0;
        while (type < MAX_SWAPFILES && info[type] != null) {
            type++;
        }
        if (type == MAX_SWAPFILES) {
            throw new KernelError(Errno.EPERM);
        }
        int p = prio == NO_PRIORITY ? --leastPriority : prio;
        SwapInfo si = new SwapInfo(type, path, path.startsWith("/dev/"), p, size, nrCpus,
                io.newStore((int) (size >>> MemMap.PAGE_SHIFT)));
        info[type] = si;
        io.attach(si);
        int at = 0;
        while (at < active.size() && active.get(at).prio >= p) {
            at++;
        }
        active.add(at, si);
        totalSwapPages += si.pages;
        nrSwapPages += si.pages;
        return si;
    }

    /** The enabled areas, highest priority first (the order swapon keeps them in). */
    public java.util.List<SwapInfo> active() {
        return java.util.Collections.unmodifiableList(active);
    }

    /** Whether mkswap made an area at path (only such paths exist for swapon and swapoff). */
    public boolean exists(String path) {
        return formatted.containsKey(path);
    }

    /** The enabled area at path, or null. */
    public SwapInfo find(String path) {
        for (SwapInfo si : active) {
            if (si.path.equals(path)) {
                return si;
            }
        }
        return null;
    }

    /** Takes an area out of allocation (the first step of swapoff). */
    void disable(SwapInfo si) {
        active.remove(si);
        totalSwapPages -= si.pages;
        nrSwapPages -= si.pages - si.inusePages();
    }

    /** Puts an area back after a failed swapoff (reinsert_swap_info). */
    void reenable(SwapInfo si) {
        int at = 0;
        while (at < active.size() && active.get(at).prio >= si.prio) {
            at++;
        }
        active.add(at, si);
        totalSwapPages += si.pages;
        nrSwapPages += si.pages - si.inusePages();
    }

    /** The last step of a successful swapoff: the type is free again. */
    void release(SwapInfo si) {
        info[si.type] = null;
        io.detach(si);
        if (si.prio < 0 && si.prio == leastPriority) {
            leastPriority++;
        }
    }

    public SwapInfo info(int type) {
        return info[type];
    }

    /** folio_alloc_swap(): a slot with SWAP_HAS_CACHE set, or 0 when every area is full. */
    int alloc(int cpu) {
        for (int i = 0; i < active.size(); i++) {
            SwapInfo si = active.get(i);
            int offset = si.allocSlot(cpu);
            if (offset != 0) {
                nrSwapPages--;
                // plist_requeue(): the area goes behind others of its priority
                int j = i;
                while (j + 1 < active.size() && active.get(j + 1).prio == si.prio) {
                    active.set(j, active.get(j + 1));
                    j++;
                }
                active.set(j, si);
                return entry(si.type, offset);
            }
        }
        return 0;
    }

    /** swap_duplicate(): one more swap PTE refers to the slot. */
    public void dup(int entry) {
        info[type(entry)].swapMap[offset(entry)]++;
    }

    /** The slot's reference count (swp_swapcount), not counting the swap cache. */
    public int count(int entry) {
        return info[type(entry)].count(offset(entry));
    }

    /** swap_free(): a swap PTE no longer refers to the slot; returns the count left. */
    int free(int entry) {
        SwapInfo si = info[type(entry)];
        int off = offset(entry);
        int left = --si.swapMap[off] & SwapInfo.COUNT_MASK;
        if (si.swapMap[off] == 0) {
            slotFreed(si, off);
        }
        return left;
    }

    /** put_swap_folio(): the swap cache lets go of the slot. */
    void putCache(int entry) {
        SwapInfo si = info[type(entry)];
        int off = offset(entry);
        si.swapMap[off] &= ~SwapInfo.SWAP_HAS_CACHE;
        if (si.swapMap[off] == 0) {
            slotFreed(si, off);
        }
    }

    private void slotFreed(SwapInfo si, int off) {
        si.freeSlot(off);
        io.forget(si, off);
        if (active.contains(si)) {
            nrSwapPages++;
        }
    }

    /** vm_swap_full(): more than half of swap in use. */
    public boolean vmSwapFull() {
        return nrSwapPages * 2 < totalSwapPages;
    }

    /** total_swap_pages (SwapTotal). */
    public long totalPages() {
        return totalSwapPages;
    }

    /** get_nr_swap_pages() (SwapFree). */
    public long freePages() {
        return nrSwapPages;
    }

    /** /proc/swaps (swap_show). */
    public String procSwaps() {
        StringBuilder sb = new StringBuilder("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        for (SwapInfo si : active) {
            long bytes = (long) si.pages << 2;
            long inuse = (long) si.inusePages() << 2;
            int len = si.path.length();
            sb.append(si.path).append(" ".repeat(len < 40 ? 40 - len : 1))
                    .append(si.partition ? "partition" : "file").append('\t')
                    .append(bytes).append('\t').append(bytes < 10000000 ? "\t" : "")
                    .append(inuse).append('\t').append(inuse < 10000000 ? "\t" : "")
                    .append(si.prio).append('\n');
        }
        return sb.toString();
    }
}
