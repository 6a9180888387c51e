/*
 * struct address_space (include/linux/fs.h): one inode's pages in the page cache, found by page
 * index in a two-level table of frame numbers (a radix tree of fixed height: 512 slots per leaf,
 * leaves allocated on first use, so a sparse file costs little), with the counts the kernel keeps
 * beside it (nrpages, the dirty and writeback pages, i_size, the inode's dirtied_when) and the
 * backing store its pages are read from and written to (the a_ops).
 * Left out: large folios (every page is order 0; readahead's folios enter as runs of order-0
 * pages), tags (dirty and writeback pages are found by walking the table).
 */
package org.mmsim.mm.filemap;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.vma.VmFile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

public final class AddressSpace {
    static final int LEAF_SHIFT = 9, LEAF = 1 << LEAF_SHIFT, LEAF_MASK = LEAF - 1;
    private static final int[] EMPTY_LEAF = new int[0];

    /** Position in the page cache's registry: what a cached frame records as its mapping. */
    public final int id;
    public final Backing backing;
    /** A shmem/tmpfs mapping: swap-backed pages, counted as Shmem, never written back. */
    public final boolean shmem;
    /** The device's ra_pages (bdi->ra_pages) when the mapping was made; per-file state lives in RaState. */
    public final int raPages;
    /** i_size, bytes. */
    long size;
    private int[][] leaves = new int[16][];
    /** Shadow entries (Workingset.eviction) of evicted pages by index, 0 where none; leaves made on first eviction. */
    private long[][] shadows = new long[0][];
    long nrpages;
    long nrDirty;
    long nrWriteback;
    /** inode->dirtied_when: when the first page of the current dirty period was dirtied, ns. */
    long dirtiedWhenNs;
    /** On the flusher's dirty list (inode's I_DIRTY_PAGES). */
    boolean onDirtyList;
    /** i_mmap reduced to the mapped files (vm_file) whose VMAs map this mapping's pages. */
    final List<VmFile> files = new ArrayList<>();
    /** A tmpfs file's superblock: its pages are charged to it and to the commit one by one; else null. */
    public ShmemSbInfo sb;
    /** mapping->host: told when the last page leaves (inode_add_lru); null for anonymous shmem. */
    public Host host;

    /** The inode owning a mapping, as the page cache tells it about an emptied mapping. */
    public interface Host {
        /** filemap_remove_folio()'s inode_add_lru() once mapping_shrinkable() holds. */
        void mappingEmptied();
    }

    AddressSpace(int id, Backing backing, boolean shmem, int raPages, long size) {
        this.id = id;
        this.backing = backing;
        this.shmem = shmem;
        this.raPages = raPages;
        this.size = size;
    }

    /** The mapped files (vm_file) whose shared VMAs may map this mapping's pages. */
    public List<VmFile> mappedFiles() {
        return Collections.unmodifiableList(files);
    }

    public long dirtiedWhenNs() {
        return dirtiedWhenNs;
    }

    public long size() {
        return size;
    }

    /** Pages in the cache (mapping->nrpages). */
    public long nrpages() {
        return nrpages;
    }

    public long nrDirty() {
        return nrDirty;
    }

    public long nrWriteback() {
        return nrWriteback;
    }

    /** DIV_ROUND_UP(i_size, PAGE_SIZE): the page index past the last byte. */
    public long sizePages() {
        return (size + MemMap.PAGE_SIZE - 1) >>> MemMap.PAGE_SHIFT;
    }

    /** The frame caching page index, or NIL. */
    public int get(long index) {
        long leaf = index >>> LEAF_SHIFT;
        if (leaf >= leaves.length) {
            return MemMap.NIL;
        }
        int[] l = leaves[(int) leaf];
        return l == null || l.length == 0 ? MemMap.NIL : l[(int) (index & LEAF_MASK)];
    }

    /** The table leaf holding page index (512 frame numbers, NIL where uncached), or null if none. */
    int[] leaf(long index) {
        long leaf = index >>> LEAF_SHIFT;
        if (leaf >= leaves.length) {
            return null;
        }
        int[] l = leaves[(int) leaf];
        return l == null || l.length == 0 ? null : l;
    }

    void set(long index, int pfn) {
        long leaf = index >>> LEAF_SHIFT;
        if (leaf >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("page index too large: " + index);
        }
        if (leaf >= leaves.length) {
            leaves = Arrays.copyOf(leaves, (int) Math.max(leaf + 1, 2L * leaves.length));
        }
        int[] l = leaves[(int) leaf];
        if (l == null || l.length == 0) {
            if (pfn == MemMap.NIL) {
                return;
            }
            l = new int[LEAF];
            Arrays.fill(l, MemMap.NIL);
            leaves[(int) leaf] = l;
        }
        l[(int) (index & LEAF_MASK)] = pfn;
    }

    /** set() of the frames [pfn, pfn + n) at [index, index + n), a range inside one leaf (an aligned folio). */
    void setRun(long index, int pfn, int n) {
        set(index, pfn);
        int[] l = leaves[(int) (index >>> LEAF_SHIFT)];
        int slot = (int) (index & LEAF_MASK);
        for (int k = 1; k < n; k++) {
            l[slot + k] = pfn + k;
        }
    }

    /** Whether any index of [index, index + n), a range inside one leaf, is cached. */
    boolean anyCached(long index, int n) {
        int[] l = leaf(index);
        if (l == null) {
            return false;
        }
        int slot = (int) (index & LEAF_MASK);
        for (int k = 0; k < n; k++) {
            if (l[slot + k] != MemMap.NIL) {
                return true;
            }
        }
        return false;
    }

    /** Whether any index of [index, index + n), a range inside one leaf, holds a shadow entry. */
    boolean hasShadows(long index, int n) {
        long leaf = index >>> LEAF_SHIFT;
        long[] l = leaf < shadows.length ? shadows[(int) leaf] : null;
        if (l == null) {
            return false;
        }
        int slot = (int) (index & LEAF_MASK);
        for (int k = 0; k < n; k++) {
            if (l[slot + k] != 0) {
                return true;
            }
        }
        return false;
    }

    /** The shadow entry an evicted page left at index, 0 if none. */
    long shadow(long index) {
        long leaf = index >>> LEAF_SHIFT;
        if (leaf >= shadows.length) {
            return 0;
        }
        long[] l = shadows[(int) leaf];
        return l == null ? 0 : l[(int) (index & LEAF_MASK)];
    }

    /** Stores (or with 0 clears) the shadow entry at index; the page slot must be empty. */
    void setShadow(long index, long shadow) {
        long leaf = index >>> LEAF_SHIFT;
        if (leaf >= shadows.length) {
            if (shadow == 0) {
                return;
            }
            shadows = Arrays.copyOf(shadows, (int) Math.max(leaf + 1, 2L * shadows.length));
        }
        long[] l = shadows[(int) leaf];
        if (l == null) {
            if (shadow == 0) {
                return;
            }
            l = new long[LEAF];
            shadows[(int) leaf] = l;
        }
        l[(int) (index & LEAF_MASK)] = shadow;
    }

    /** Drops the shadow entries of [from, to) (truncation and invalidation clear them). */
    void clearShadows(long from, long to) {
        long last = Math.min(shadows.length - 1L, (to - 1) >>> LEAF_SHIFT);
        for (long leaf = from >>> LEAF_SHIFT; leaf <= last; leaf++) {
            long[] l = shadows[(int) leaf];
            if (l == null) {
                continue;
            }
            long base = leaf << LEAF_SHIFT;
            if (from <= base && to - LEAF >= base) {
                shadows[(int) leaf] = null;
            } else {
                Arrays.fill(l, (int) Math.max(0, from - base), (int) Math.min(LEAF, to - base), 0L);
            }
        }
    }

    /** The first cached index at or after from, below to; -1 if none. Skips empty leaves whole. */
    long nextCached(long from, long to) {
        long i = from;
        while (i < to) {
            long leaf = i >>> LEAF_SHIFT;
            if (leaf >= leaves.length) {
                return -1;
            }
            int[] l = leaves[(int) leaf];
            if (l == null || l.length == 0) {
                i = (leaf + 1) << LEAF_SHIFT;
                continue;
            }
            if (l[(int) (i & LEAF_MASK)] != MemMap.NIL) {
                return i;
            }
            i++;
        }
        return -1;
    }

    /** Drops leaves left empty after pages were removed from [from, to). */
    void trimLeaves(long from, long to) {
        for (long leaf = from >>> LEAF_SHIFT; leaf <= (to - 1) >>> LEAF_SHIFT && leaf < leaves.length; leaf++) {
            int[] l = leaves[(int) leaf];
            if (l != null && l.length > 0) {
                boolean empty = true;
                for (int pfn : l) {
                    empty &= pfn == MemMap.NIL;
                }
                if (empty) {
                    leaves[(int) leaf] = EMPTY_LEAF;
                }
            }
        }
    }
}
