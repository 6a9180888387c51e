/*
 * Doubly linked lists of frames through MemMap.next/prev (include/linux/list.h on page->lru).
 * A family of lists shares one head array and one tail array, indexed by list number; NIL ends a list.
 */
package org.mmsim.mm.page;

public final class PageList {
    private PageList() {
    }

    public static void addHead(MemMap m, int[] head, int[] tail, int list, int pfn) {
        int first = head[list];
        m.prev[pfn] = MemMap.NIL;
        m.next[pfn] = first;
        if (first == MemMap.NIL) {
            tail[list] = pfn;
        } else {
            m.prev[first] = pfn;
        }
        head[list] = pfn;
    }

    public static void addTail(MemMap m, int[] head, int[] tail, int list, int pfn) {
        int last = tail[list];
        m.next[pfn] = MemMap.NIL;
        m.prev[pfn] = last;
        if (last == MemMap.NIL) {
            head[list] = pfn;
        } else {
            m.next[last] = pfn;
        }
        tail[list] = pfn;
    }

    public static void del(MemMap m, int[] head, int[] tail, int list, int pfn) {
        int p = m.prev[pfn];
        int n = m.next[pfn];
        if (p == MemMap.NIL) {
            head[list] = n;
        } else {
            m.next[p] = n;
        }
        if (n == MemMap.NIL) {
            tail[list] = p;
        } else {
            m.prev[n] = p;
        }
        m.next[pfn] = MemMap.NIL;
        m.prev[pfn] = MemMap.NIL;
    }
}
