package org.mmsim.mm.shrinker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** list_lru_walk_one: oldest first, rotated items to the tail, removed ones gone, nr_to_walk honoured. */
class ListLruTest {
    @Test
    void walkVisitsOldestFirstAndRotatesReferencedItemsToTheTail() {
        ListLru lru = new ListLru(2);
        for (int i = 0; i < 5; i++) {
            assertTrue(lru.add(i, 0));
        }
        assertTrue(lru.add(7, 1));
        assertFalse(lru.add(3, 0), "already on the LRU");
        assertEquals(5, lru.countNode(0));
        assertEquals(6, lru.count());
        List<Integer> seen = new ArrayList<>();
        // 1 and 3 are referenced: rotated; 0, 2, 4 removed; 7 is on another node's list
        long removed = lru.walk(0, 10, (l, item) -> {
            seen.add(item);
            if (item == 1 || item == 3) {
                return ListLru.LRU_ROTATE;
            }
            l.isolate(item);
            return ListLru.LRU_REMOVED;
        });
        // the walk reaches the rotated items again at the tail: they are removed on their second visit
        assertEquals(List.of(0, 1, 2, 3, 4, 1, 3, 1, 3, 1), seen);
        assertEquals(3, removed);
        assertEquals(2, lru.countNode(0));
        assertEquals(1, lru.countNode(1));
        assertTrue(lru.del(1));
        assertFalse(lru.del(1));
        long skipped = lru.walk(0, 1, (l, item) -> ListLru.LRU_SKIP);
        assertEquals(0, skipped);
        assertEquals(1, lru.countNode(0));
    }
}
