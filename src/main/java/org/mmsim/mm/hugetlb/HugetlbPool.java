/*
 * The persistent 2 MB hugetlb pool (mm/hugetlb.c: set_max_huge_pages, alloc_pool_huge_folio,
 * remove_pool_hugetlb_folio, update_and_free_hugetlb_folio): writing nr_hugepages allocates order-9
 * blocks from the buddy allocator, node by node in turn with __GFP_THISNODE, until the target is
 * reached or a pass over every node fails (a shortfall leaves fewer pages, as Linux does);
 * shrinking frees the newest pages back. Every pool page is free: nothing maps hugetlb pages.
 * Left out: the 1 GB pool (needs CMA or boot-time allocation), surplus and reserved pages
 * (no hugetlbfs or MAP_HUGETLB), per-node writes, demotion, nodes_allowed from a mempolicy.
 */
package org.mmsim.mm.hugetlb;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;

public final class HugetlbPool {
    /** HUGETLB_PAGE_ORDER on x86-64: 2 MB of 4 KB pages. */
    public static final int ORDER = 9;
    /** htlb_alloc_mask() | __GFP_COMP | __GFP_THISNODE | __GFP_RETRY_MAYFAIL | __GFP_NOWARN. */
    private static final int GFP = Gfp.GFP_HIGHUSER_MOVABLE | Gfp.__GFP_COMP | Gfp.__GFP_THISNODE
            | Gfp.__GFP_RETRY_MAYFAIL | Gfp.__GFP_NOWARN;

    private final PageAlloc pageAlloc;
    private final int nrNodes;
    /** The pool's pages (first pfns) and their nodes, in allocation order. */
    private int[] pfns = new int[16];
    private int[] nids = new int[16];
    private int count;
    private final long[] perNode;
    /** hstate->next_nid_to_alloc. */
    private int nextNid;

    public HugetlbPool(PageAlloc pageAlloc, int nrNodes) {
        this.pageAlloc = pageAlloc;
        this.nrNodes = nrNodes;
        this.perNode = new long[nrNodes];
    }

    public long nrHugepages() {
        return count;
    }

    public long nodeHugepages(int nid) {
        return perNode[nid];
    }

    /** set_max_huge_pages(h, target, NUMA_NO_NODE): grows or shrinks the pool toward target. */
    public void setNrHugepages(long target) {
        while (count > target) {
            count--;
            perNode[nids[count]]--;
            pageAlloc.freePages(pfns[count], ORDER);
        }
        int failedInARow = 0;
        while (count < target && failedInARow < nrNodes) {
            int nid = nextNid;
            nextNid = (nextNid + 1) % nrNodes;
            int pfn = pageAlloc.allocPages(GFP, ORDER, nid);
            if (pfn < 0) {
                failedInARow++;
                continue;
            }
            failedInARow = 0;
            if (count == pfns.length) {
                pfns = java.util.Arrays.copyOf(pfns, count * 2);
                nids = java.util.Arrays.copyOf(nids, count * 2);
            }
            pfns[count] = pfn;
            nids[count] = nid;
            perNode[nid]++;
            count++;
        }
    }
}
