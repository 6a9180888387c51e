package org.mmsim.mm.page;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageSlabTest {
    @Test
    void slotsAreDistinctAndEmptyChunksGoBackExceptOneSpare() {
        PageSlab s = new PageSlab();
        int n = 5 * PageSlab.SLOTS_PER_CHUNK + 3;
        int[] slots = new int[n];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            slots[i] = s.alloc();
            assertTrue(seen.add(slots[i]));
        }
        assertEquals(6, s.liveChunks());
        assertEquals(n, s.slotsInUse());
        for (int slot : slots) {
            s.free(slot);
        }
        assertEquals(0, s.slotsInUse());
        assertEquals(1, s.liveChunks());
        assertThrows(IllegalStateException.class, () -> s.free(slots[0]));
    }

    @Test
    void aFreedSlotIsReusedBeforeANewChunk() {
        PageSlab s = new PageSlab();
        int[] slots = new int[PageSlab.SLOTS_PER_CHUNK];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = s.alloc();
        }
        s.free(slots[17]);
        assertEquals(slots[17], s.alloc());
        assertEquals(1, s.liveChunks());
    }

    @Test
    void allocFreeAtAChunkBoundaryDoesNotChurnChunks() {
        PageSlab s = new PageSlab();
        for (int i = 0; i < PageSlab.SLOTS_PER_CHUNK; i++) {
            s.alloc();
        }
        byte[] spare = null;
        for (int i = 0; i < 10; i++) {
            int slot = s.alloc();
            if (spare == null) {
                spare = s.chunk(slot);
            }
            assertTrue(spare == s.chunk(slot));
            s.free(slot);
        }
        assertEquals(2, s.liveChunks());
    }
}
