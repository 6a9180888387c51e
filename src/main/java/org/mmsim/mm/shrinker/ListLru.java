/*
 * struct list_lru (mm/list_lru.c): per-node LRU lists of cached objects for a shrinker to walk.
 * Items are small integer ids their owner hands out; each sits on the list of the node its
 * object's memory is on. list_lru_add/del, list_lru_count_node and list_lru_walk_one with the
 * isolate callback's verdicts (LRU_REMOVED, LRU_ROTATE, LRU_SKIP) as Linux defines them: new
 * items go to the tail, a walk starts at the head (the oldest) and rotated items go to the tail.
 * Left out: per-memcg lists, LRU_RETRY/LRU_REMOVED_RETRY and LRU_STOP (no callback here needs
 * to drop the lock), the lock itself.
 */
package org.mmsim.mm.shrinker;

import java.util.Arrays;

public final class ListLru {
    public static final int LRU_REMOVED = 0, LRU_ROTATE = 2, LRU_SKIP = 3;
    private static final int END = -1;

    /** Decides one item's fate during a walk; on LRU_REMOVED it has called isolate() itself. */
    public interface Isolate {
        int isolate(ListLru lru, int item);
    }

    private final int[] head, tail;
    private final long[] count;
    private int[] next = new int[0], prev = new int[0], node = new int[0];
    private boolean[] on = new boolean[0];

    public ListLru(int nrNodes) {
        head = new int[nrNodes];
        tail = new int[nrNodes];
        count = new long[nrNodes];
        Arrays.fill(head, END);
        Arrays.fill(tail, END);
    }

    private void ensure(int item) {
        if (item < next.length) {
            return;
        }
        int n = Math.max(item + 1, 2 * next.length);
        next = Arrays.copyOf(next, n);
        prev = Arrays.copyOf(prev, n);
        node = Arrays.copyOf(node, n);
        on = Arrays.copyOf(on, n);
    }

    public boolean contains(int item) {
        return item < on.length && on[item];
    }

    /** list_lru_add(): at the tail of nid's list; false if it was already on the LRU. */
    public boolean add(int item, int nid) {
        ensure(item);
        if (on[item]) {
            return false;
        }
        on[item] = true;
        node[item] = nid;
        linkTail(item, nid);
        count[nid]++;
        return true;
    }

    /** list_lru_del(): false if it was not on the LRU. */
    public boolean del(int item) {
        if (!contains(item)) {
            return false;
        }
        isolate(item);
        return true;
    }

    /** list_lru_isolate(): off the list, from inside a walk's callback. */
    public void isolate(int item) {
        unlink(item);
        on[item] = false;
        count[node[item]]--;
    }

    /** list_lru_count_node(). */
    public long countNode(int nid) {
        return count[nid];
    }

    /** list_lru_count(): all nodes. */
    public long count() {
        long n = 0;
        for (long c : count) {
            n += c;
        }
        return n;
    }

    /** list_lru_walk_one(): up to nrToWalk items of nid's list from the head; the number removed. */
    public long walk(int nid, long nrToWalk, Isolate cb) {
        long isolated = 0;
        long left = nrToWalk;
        int item = head[nid];
        while (item != END && left > 0) {
            int nextItem = next[item];
            left--;
            int verdict = cb.isolate(this, item);
            if (verdict == LRU_REMOVED) {
                isolated++;
            } else if (verdict == LRU_ROTATE) {
                unlink(item);
                linkTail(item, nid);
            }
            item = nextItem;
        }
        return isolated;
    }

    private void linkTail(int item, int nid) {
        next[item] = END;
        prev[item] = tail[nid];
        if (tail[nid] == END) {
            head[nid] = item;
        } else {
            next[tail[nid]] = item;
        }
        tail[nid] = item;
    }

    private void unlink(int item) {
        int nid = node[item];
        int n = next[item];
        int p = prev[item];
        if (p == END) {
            head[nid] = n;
        } else {
            next[p] = n;
        }
        if (n == END) {
            tail[nid] = p;
        } else {
            prev[n] = p;
        }
    }
}
