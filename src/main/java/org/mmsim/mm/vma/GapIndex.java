/*
 * The free-gap bookkeeping the maple tree keeps for vm_unmapped_area (lib/maple_tree.c
 * mas_empty_area/mas_empty_area_rev track the largest gap of every subtree): a treap keyed by
 * vm_start holding the size of the free gap just below each VMA and the largest such gap in each
 * subtree, so a search for room skips whole subtrees instead of walking every VMA. Priorities come
 * from a fixed-seed generator, so the shape, like everything else, is deterministic.
 */
package org.mmsim.mm.vma;

import java.util.SplittableRandom;

final class GapIndex {
    static final long NONE = -1;

    private static final class Node {
        final long key;
        long gap;
        long maxGap;
        final int priority;
        Node left;
        Node right;

        Node(long key, long gap, int priority) {
            this.key = key;
            this.gap = gap;
            this.maxGap = gap;
            this.priority = priority;
        }
    }

    private final SplittableRandom priorities = new SplittableRandom(0x6d6d73696dL);
    private Node root;

    /** Records that the free gap just below the VMA starting at key is gap bytes. */
    void put(long key, long gap) {
        if (!setGap(root, key, gap)) {
            root = insert(root, key, gap);
        }
    }

    /** Inserts an absent key below n: down by key, back up by priority (rotations), without temporary arrays. */
    private Node insert(Node n, long key, long gap) {
        if (n == null) {
            return new Node(key, gap, priorities.nextInt());
        }
        if (key < n.key) {
            Node l = insert(n.left, key, gap);
            n.left = l;
            if (l.priority > n.priority) {
                n.left = l.right;
                update(n);
                l.right = n;
                n = l;
            }
        } else {
            Node r = insert(n.right, key, gap);
            n.right = r;
            if (r.priority > n.priority) {
                n.right = r.left;
                update(n);
                r.left = n;
                n = r;
            }
        }
        update(n);
        return n;
    }

    void remove(long key) {
        root = remove(root, key);
    }

    /**
     * Sets the gap of an existing key in place, refreshing maxGap on the path back up; false when
     * the key is absent. The treap's shape depends only on its keys and priorities (up to ties,
     * which no query can see), so setGap, insert and remove need no rebalancing beyond insert's rotations.
     */
    private static boolean setGap(Node n, long key, long gap) {
        if (n == null) {
            return false;
        }
        if (key != n.key) {
            if (!setGap(key < n.key ? n.left : n.right, key, gap)) {
                return false;
            }
        } else {
            n.gap = gap;
        }
        update(n);
        return true;
    }

    private static Node remove(Node n, long key) {
        if (n == null) {
            return null;
        }
        if (key == n.key) {
            return merge(n.left, n.right);
        }
        if (key < n.key) {
            n.left = remove(n.left, key);
        } else {
            n.right = remove(n.right, key);
        }
        update(n);
        return n;
    }

    /** The greatest key at most maxKey whose gap is at least len, or NONE. */
    long highestWithGap(long maxKey, long len) {
        return highest(root, maxKey, len);
    }

    /** The least key at least minKey whose gap is at least len, or NONE. */
    long lowestWithGap(long minKey, long len) {
        return lowest(root, minKey, len);
    }

    private static long highest(Node n, long maxKey, long len) {
        while (n != null && n.maxGap >= len) {
            if (n.key > maxKey) {
                n = n.left;
                continue;
            }
            long right = highest(n.right, maxKey, len);
            if (right != NONE) {
                return right;
            }
            if (n.gap >= len) {
                return n.key;
            }
            n = n.left;
        }
        return NONE;
    }

    private static long lowest(Node n, long minKey, long len) {
        while (n != null && n.maxGap >= len) {
            if (n.key < minKey) {
                n = n.right;
                continue;
            }
            long left = lowest(n.left, minKey, len);
            if (left != NONE) {
                return left;
            }
            if (n.gap >= len) {
                return n.key;
            }
            n = n.right;
        }
        return NONE;
    }

    private static void update(Node n) {
        long m = n.gap;
        if (n.left != null && n.left.maxGap > m) {
            m = n.left.maxGap;
        }
        if (n.right != null && n.right.maxGap > m) {
            m = n.right.maxGap;
        }
        n.maxGap = m;
    }

    private static Node merge(Node a, Node b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.priority > b.priority) {
            a.right = merge(a.right, b);
            update(a);
            return a;
        }
        b.left = merge(a, b.left);
        update(b);
        return b;
    }
}
