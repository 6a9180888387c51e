/*
 * One swap area (struct swap_info_struct, include/linux/swap.h) and its slot allocator
 * (mm/swapfile.c in Linux 6.x: swap_map counts, SWAP_HAS_CACHE, clusters of SWAPFILE_CLUSTER
 * slots on free and nonfull lists, each CPU's current cluster and next offset, slot 0 holding the
 * header and marked bad). The area's contents live in host memory as a PageContents store of one
 * "frame" per slot, so every byte written out reads back; the swap cache (slot -> frame) lives
 * here too (swap_state.c keeps it in address_space xarrays, one per 64 MiB).
 * Left out: swap count continuation (a count is a short, so up to 32767 references need none),
 * bad blocks, discard, frag and full cluster lists (a full cluster is on no list), large folios.
 */
package org.mmsim.mm.swap;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageContents;

import java.util.Arrays;

public final class SwapInfo {
    /** SWAPFILE_CLUSTER: HPAGE_PMD_NR slots per cluster. */
    public static final int SWAPFILE_CLUSTER = 512;
    /** SWAP_HAS_CACHE: the slot's page is in the swap cache. */
    static final short SWAP_HAS_CACHE = 0x4000;
    /** SWAP_MAP_BAD: the header slot and the slots past the end of the last cluster. */
    static final short SWAP_MAP_BAD = 0x3fff;
    static final short COUNT_MASK = 0x3fff;
    private static final byte CLUSTER_FREE = 0, CLUSTER_NONFULL = 1, CLUSTER_FULL = 2, CLUSTER_USED = 3;

    public final int type;
    /** The path swapon was given (a block device under /dev or a file). */
    public final String path;
    public final boolean partition;
    public final int prio;
    /** maxpages: slots including the header. */
    public final int maxPages;
    /** si->pages: usable slots. */
    public final int pages;
    int inusePages;
    final short[] swapMap;
    /** The swap cache: the frame holding each slot's page, or NIL. */
    final int[] cache;
    /** Shadow entries (mm.vmscan.Workingset) reclaim left in slots whose page it evicted, 0 where none; made on first use. */
    long[] shadow;
    /** The slots' data. */
    final PageContents store;

    private final int nrClusters;
    private final int[] clusterCount;
    private final byte[] clusterState;
    private final int[] clusterNext;
    private final int[] clusterPrev;
    private int freeHead = -1, freeTail = -1, nonfullHead = -1, nonfullTail = -1;
    /** Each CPU's percpu_swap_cluster next offset in this area, 0 for none. */
    private final int[] cpuNext;

    /** store: the slots' data, one page per slot of sizeBytes (from SwapIo.newStore). */
    SwapInfo(int type, String path, boolean partition, int prio, long sizeBytes, int nrCpus, PageContents store) {
        this.type = type;
        this.path = path;
        this.partition = partition;
        this.prio = prio;
        this.maxPages = (int) (sizeBytes >>> MemMap.PAGE_SHIFT);
        this.pages = maxPages - 1;
        swapMap = new short[maxPages];
        cache = new int[maxPages];
        Arrays.fill(cache, MemMap.NIL);
        this.store = store;
        nrClusters = (maxPages + SWAPFILE_CLUSTER - 1) / SWAPFILE_CLUSTER;
        clusterCount = new int[nrClusters];
        clusterState = new byte[nrClusters];
        clusterNext = new int[nrClusters];
        clusterPrev = new int[nrClusters];
        cpuNext = new int[nrCpus];
        for (int c = 0; c < nrClusters; c++) {
            append(c, CLUSTER_FREE);
        }
        markBad(0);
        for (int s = maxPages; s < nrClusters * SWAPFILE_CLUSTER; s++) {
            clusterCount[s / SWAPFILE_CLUSTER]++;
        }
        int last = nrClusters - 1;
        if (clusterCount[last] > 0) {
            relocate(last);
        }
    }

    private void markBad(int slot) {
        swapMap[slot] = SWAP_MAP_BAD;
        int c = slot / SWAPFILE_CLUSTER;
        clusterCount[c]++;
        relocate(c);
    }

    /** Slots in use (swap_usage_in_pages). */
    public int inusePages() {
        return inusePages;
    }

    /** The reference count of a slot (swap_count), without the cache bit. */
    public int count(int offset) {
        return swapMap[offset] & COUNT_MASK;
    }

    /** cluster_alloc_swap_entry() for one slot on this CPU, with SWAP_HAS_CACHE set; 0 when full. */
    int allocSlot(int cpu) {
        int offset = cpuNext[cpu];
        if (offset != 0) {
            int found = scanCluster(offset / SWAPFILE_CLUSTER, offset, cpu);
            if (found != 0) {
                return found;
            }
        }
        while (freeHead >= 0 || nonfullHead >= 0) {
            int c = freeHead >= 0 ? freeHead : nonfullHead;
            int found = scanCluster(c, c * SWAPFILE_CLUSTER, cpu);
            if (found != 0) {
                return found;
            }
        }
        cpuNext[cpu] = 0;
        return 0;
    }

    /** alloc_swap_scan_cluster(): the first free slot from offset to the cluster's end. */
    private int scanCluster(int c, int offset, int cpu) {
        int end = Math.min((c + 1) * SWAPFILE_CLUSTER, maxPages);
        for (int s = offset; s < end; s++) {
            if (swapMap[s] == 0) {
                swapMap[s] = SWAP_HAS_CACHE;
                clusterCount[c]++;
                inusePages++;
                relocate(c);
                cpuNext[cpu] = s + 1 < end ? s + 1 : 0;
                return s;
            }
        }
        relocate(c);
        cpuNext[cpu] = 0;
        return 0;
    }

    /** swap_entries_free() for one slot whose count and cache bit are both gone. */
    void freeSlot(int offset) {
        swapMap[offset] = 0;
        store.clear(offset);
        if (shadow != null) {
            // swap_range_free(): clear_shadow_from_swap_cache()
            shadow[offset] = 0;
        }
        inusePages--;
        int c = offset / SWAPFILE_CLUSTER;
        clusterCount[c]--;
        relocate(c);
    }

    /** Moves a cluster to the list its count calls for (free, nonfull, or none when full). */
    private void relocate(int c) {
        byte want = clusterCount[c] == 0 ? CLUSTER_FREE : clusterCount[c] == SWAPFILE_CLUSTER ? CLUSTER_FULL
                : CLUSTER_NONFULL;
        if (clusterState[c] == want) {
            return;
        }
        unlinkCluster(c);
        append(c, want);
    }

    private void append(int c, byte state) {
        clusterState[c] = state;
        clusterNext[c] = -1;
        if (state == CLUSTER_FREE) {
            clusterPrev[c] = freeTail;
            if (freeTail >= 0) {
                clusterNext[freeTail] = c;
            } else {
                freeHead = c;
            }
            freeTail = c;
        } else if (state == CLUSTER_NONFULL) {
            clusterPrev[c] = nonfullTail;
            if (nonfullTail >= 0) {
                clusterNext[nonfullTail] = c;
            } else {
                nonfullHead = c;
            }
            nonfullTail = c;
        }
    }

    private void unlinkCluster(int c) {
        byte state = clusterState[c];
        if (state != CLUSTER_FREE && state != CLUSTER_NONFULL) {
            return;
        }
        int p = clusterPrev[c];
        int n = clusterNext[c];
        if (p >= 0) {
            clusterNext[p] = n;
        } else if (state == CLUSTER_FREE) {
            freeHead = n;
        } else {
            nonfullHead = n;
        }
        if (n >= 0) {
            clusterPrev[n] = p;
        } else if (state == CLUSTER_FREE) {
            freeTail = p;
        } else {
            nonfullTail = p;
        }
        clusterState[c] = CLUSTER_USED;
    }
}
