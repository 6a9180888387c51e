/*
 * Host storage for frames whose 4 KiB hold arbitrary bytes: a slab of 4 KiB slots carved from byte[]
 * chunks of 64 slots (256 KiB, under half of the smallest G1 region, so chunks are never humongous).
 * It models no kernel mechanism; it is the simulator's backing store behind PageContents.
 *
 * A slot is an int: chunk index << 6 | slot in chunk. Each chunk's occupancy is one long bitmap. Chunks
 * with a free slot sit on a doubly linked partial list, so allocation and free are O(1). A chunk that
 * becomes empty is handed back to the host, except that one empty chunk is kept, so a frame allocated and
 * freed at a chunk boundary does not allocate 256 KiB each time. Deterministic: the slot returned depends
 * only on the sequence of calls.
 * Two stores may share one slab (the frames and a swap area), so a page moves between them by handing
 * its slot over instead of copying 4 KiB: a slot then has two owners (one shared bit per slot), and the
 * first owner to free it only drops the bit. Owners never write to a shared slot (PageContents copies
 * it to a slot of its own first), so each owner keeps seeing the bytes it had.
 * Left out: compaction of partly used chunks (a chunk stays while any of its slots is in use).
 */
package org.mmsim.mm.page;

import java.util.Arrays;

final class PageSlab {
    static final int SLOT_SIZE = PageContents.PAGE_SIZE;
    static final int SLOTS_SHIFT = 6;
    static final int SLOTS_PER_CHUNK = 1 << SLOTS_SHIFT;
    static final int CHUNK_BYTES = SLOTS_PER_CHUNK * SLOT_SIZE;
    private static final int NONE = -1;
    /** Header bytes the JVM adds to every array (compressed class pointers). */
    static final int ARRAY_HEADER = 16;

    private byte[][] chunks = new byte[4][];
    private long[] used = new long[4];
    /** Per chunk, the slots with two owners. */
    private long[] shared = new long[4];
    /**
     * Per chunk, the slots whose bytes are known not to be one 8-byte word repeated (two of their words
     * were seen to differ); clear means unknown. PageContents keeps it so that the zero-page and
     * same-filled tests of swap-out need not read a page it has already seen to be mixed.
     */
    private long[] mixed = new long[4];
    private int[] partialNext = new int[4];
    private int[] partialPrev = new int[4];
    /** Chunk indices with no byte[] behind them, reusable; a stack. */
    private int[] vacant = new int[4];
    private int nrVacant;
    private int nrChunkIndices;
    private int partialHead = NONE;
    /** Empty chunks kept (they stay on the partial list): at most one. */
    private int nrSpares;
    private int liveChunks;
    private long slotsInUse;

    /** Takes a free slot; its 4096 bytes hold whatever the previous owner left. */
    int alloc() {
        int c = partialHead;
        if (c == NONE) {
            c = newChunk();
        }
        if (used[c] == 0) {
            nrSpares--;
        }
        int bit = Long.numberOfTrailingZeros(~used[c]);
        used[c] |= 1L << bit;
        mixed[c] &= ~(1L << bit);
        if (used[c] == -1L) {
            unlinkPartial(c);
        }
        slotsInUse++;
        return c << SLOTS_SHIFT | bit;
    }

    /** A second owner takes the slot; false (and nothing changes) when it already has two. */
    boolean share(int slot) {
        int c = slot >>> SLOTS_SHIFT;
        long bit = 1L << (slot & (SLOTS_PER_CHUNK - 1));
        if ((shared[c] & bit) != 0) {
            return false;
        }
        shared[c] |= bit;
        return true;
    }

    boolean isShared(int slot) {
        return (shared[slot >>> SLOTS_SHIFT] & 1L << (slot & (SLOTS_PER_CHUNK - 1))) != 0;
    }

    /** One owner lets the slot go; it becomes free when it had no other. */
    void free(int slot) {
        int c = slot >>> SLOTS_SHIFT;
        long bit = 1L << (slot & (SLOTS_PER_CHUNK - 1));
        if ((used[c] & bit) == 0) {
            throw new IllegalStateException("slot freed twice: " + slot);
        }
        if ((shared[c] & bit) != 0) {
            shared[c] &= ~bit;
            return;
        }
        if (used[c] == -1L) {
            linkPartial(c);
        }
        used[c] &= ~bit;
        slotsInUse--;
        if (used[c] == 0) {
            if (nrSpares == 0) {
                nrSpares++;
            } else {
                unlinkPartial(c);
                chunks[c] = null;
                liveChunks--;
                vacant[nrVacant++] = c;
            }
        }
    }

    boolean isMixed(int slot) {
        return (mixed[slot >>> SLOTS_SHIFT] & 1L << (slot & (SLOTS_PER_CHUNK - 1))) != 0;
    }

    /** Records whether the slot's bytes are known not to be one word repeated (false: unknown). */
    void setMixed(int slot, boolean known) {
        long bit = 1L << (slot & (SLOTS_PER_CHUNK - 1));
        int c = slot >>> SLOTS_SHIFT;
        mixed[c] = known ? mixed[c] | bit : mixed[c] & ~bit;
    }

    byte[] chunk(int slot) {
        return chunks[slot >>> SLOTS_SHIFT];
    }

    static int base(int slot) {
        return (slot & (SLOTS_PER_CHUNK - 1)) * SLOT_SIZE;
    }

    long slotsInUse() {
        return slotsInUse;
    }

    int liveChunks() {
        return liveChunks;
    }

    /** Host heap held by the slab: live chunks plus the per-chunk bookkeeping arrays. */
    long hostBytes() {
        long perIndex = 3L * Long.BYTES + 3L * Integer.BYTES + 4; // used, shared, mixed, partial links, vacant, chunk
        return (long) liveChunks * (CHUNK_BYTES + ARRAY_HEADER) + (long) chunks.length * perIndex
                + 7L * ARRAY_HEADER;
    }

    private int newChunk() {
        int c;
        if (nrVacant > 0) {
            c = vacant[--nrVacant];
        } else {
            c = nrChunkIndices++;
            if (c == chunks.length) {
                int n = c * 2;
                chunks = Arrays.copyOf(chunks, n);
                used = Arrays.copyOf(used, n);
                shared = Arrays.copyOf(shared, n);
                mixed = Arrays.copyOf(mixed, n);
                partialNext = Arrays.copyOf(partialNext, n);
                partialPrev = Arrays.copyOf(partialPrev, n);
                vacant = Arrays.copyOf(vacant, n);
            }
        }
        chunks[c] = new byte[CHUNK_BYTES];
        liveChunks++;
        used[c] = 0;
        nrSpares++;
        linkPartial(c);
        return c;
    }

    private void linkPartial(int c) {
        partialPrev[c] = NONE;
        partialNext[c] = partialHead;
        if (partialHead != NONE) {
            partialPrev[partialHead] = c;
        }
        partialHead = c;
    }

    private void unlinkPartial(int c) {
        int p = partialPrev[c], n = partialNext[c];
        if (p == NONE) {
            partialHead = n;
        } else {
            partialNext[p] = n;
        }
        if (n != NONE) {
            partialPrev[n] = p;
        }
    }
}
