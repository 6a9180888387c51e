/*
 * A task memory policy (mm/mempolicy.c): set_mempolicy()'s modes MPOL_DEFAULT, MPOL_PREFERRED,
 * MPOL_BIND, MPOL_INTERLEAVE and MPOL_LOCAL with their nodemask, mpol_new()'s checks, how an
 * allocation follows the policy (alloc_pages_mpol with policy_nodemask: PREFERRED starts at its node
 * and falls back, BIND restricts the zonelist to its nodes, INTERLEAVE picks interleave_nid() of the
 * fault's VMA offset or, for allocations without one, interleave_nodes() with the task's il_prev),
 * the NUMA_INTERLEAVE_HIT count, and mpol_to_str() for /proc/PID/numa_maps.
 * Left out: VMA policies (mbind) and shared (shmem) policies, MPOL_PREFERRED_MANY and
 * MPOL_WEIGHTED_INTERLEAVE, the mode flags (MPOL_F_STATIC_NODES, MPOL_F_RELATIVE_NODES,
 * MPOL_F_NUMA_BALANCING), home nodes, cpusets (mems_allowed is every node) and rebinding.
 */
package org.mmsim.mm.numa;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.vmstat.NumaStat;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

public final class Mempolicy {
    /** enum mempolicy_mode (include/uapi/linux/mempolicy.h). */
    public static final int MPOL_DEFAULT = 0, MPOL_PREFERRED = 1, MPOL_BIND = 2, MPOL_INTERLEAVE = 3,
            MPOL_LOCAL = 4;
    /** policy_modes[] of mpol_to_str(), indexed by mode. */
    private static final String[] MODE_NAMES = {"default", "prefer", "bind", "interleave", "local"};
    /** MAX_NUMNODES for this simulator: a nodemask is one long. */
    public static final int MAX_NUMNODES = 64;

    /** The policy a task without one follows (mmsim's default: its page tables' node, see Fault). */
    public static final Mempolicy DEFAULT = new Mempolicy(MPOL_DEFAULT, 0);

    public final int mode;
    /** The nodes, one bit each; empty for MPOL_DEFAULT and MPOL_LOCAL. */
    public final long nodes;
    /** current->il_prev: the node the last process-context interleaved allocation went to. */
    private int ilPrev = MAX_NUMNODES - 1;

    private Mempolicy(int mode, long nodes) {
        this.mode = mode;
        this.nodes = nodes;
    }

    /**
     * do_set_mempolicy() -> mpol_new() + mpol_set_nodemask(): EINVAL for a node that does not
     * exist (onlineNodes), an empty mask where the mode needs nodes, or nodes where it takes none.
     * MPOL_PREFERRED keeps only the first node of its mask.
     */
    public static Mempolicy create(int mode, long nodes, long onlineNodes) {
        if (mode < MPOL_DEFAULT || mode > MPOL_LOCAL) {
            throw new KernelError(Errno.EINVAL);
        }
        if (mode == MPOL_DEFAULT || mode == MPOL_LOCAL) {
            if (nodes != 0) {
                throw new KernelError(Errno.EINVAL);
            }
            return mode == MPOL_DEFAULT ? DEFAULT : new Mempolicy(MPOL_LOCAL, 0);
        }
        long allowed = nodes & onlineNodes;
        if (nodes == 0 || allowed == 0) {
            throw new KernelError(Errno.EINVAL);
        }
        return new Mempolicy(mode, mode == MPOL_PREFERRED ? Long.lowestOneBit(allowed) : allowed);
    }

    /** mpol_dup() at fork: the child gets the policy and, as dup_task_struct copies it, il_prev. */
    public Mempolicy dup() {
        if (this == DEFAULT) {
            return this;
        }
        Mempolicy copy = new Mempolicy(mode, nodes);
        copy.ilPrev = ilPrev;
        return copy;
    }

    /**
     * alloc_pages_mpol() for a page of a VMA: localNid is the node a default allocation uses; ilx
     * is get_vma_policy()'s interleave index (vm_pgoff plus the page's offset in the VMA), or a
     * negative value (NO_INTERLEAVE_INDEX) for an allocation without a VMA. MemMap.NIL on failure.
     */
    public int allocPages(PageAlloc alloc, int gfp, int order, int localNid, long ilx) {
        int single = singleNode(localNid, alloc.zones().cpuToNode(alloc.cpu()));
        if (single >= 0) {
            return alloc.allocPages(gfp, order, single);
        }
        switch (mode) {
            case MPOL_BIND:
                // policy_nodemask(): restrict to the nodes, but not for lower-zone requests (apply_policy_zone)
                if (Gfp.zone(gfp) < ZoneType.NORMAL) {
                    return alloc.allocPages(gfp, order, localNid);
                }
                return alloc.allocPagesNodemask(gfp, order, localNid, nodes);
            case MPOL_INTERLEAVE: {
                int nid = ilx < 0 ? interleaveNodes() : interleaveNid(ilx);
                int pfn = alloc.allocPages(gfp, order, nid);
                if (pfn != MemMap.NIL && alloc.zones().zoneOf(pfn).node.id == nid) {
                    alloc.zones().zoneOf(pfn).numaStats[NumaStat.NUMA_INTERLEAVE]++;
                }
                return pfn;
            }
            default:
                throw new IllegalStateException("mode " + mode);
        }
    }

    /**
     * The one node an allocation under this policy prefers (default: localNid; preferred: its node;
     * local: cpuNid), or -1 when the policy spreads or restricts pages over a nodemask.
     */
    public int singleNode(int localNid, int cpuNid) {
        switch (mode) {
            case MPOL_DEFAULT:
                return localNid;
            case MPOL_PREFERRED:
                return Long.numberOfTrailingZeros(nodes);
            case MPOL_LOCAL:
                return cpuNid;
            default:
                return -1;
        }
    }

    /** interleave_nid(): the (ilx mod weight)-th node of the mask. */
    int interleaveNid(long ilx) {
        int target = (int) (ilx % Long.bitCount(nodes));
        long rest = nodes;
        for (int i = 0; i < target; i++) {
            rest &= rest - 1;
        }
        return Long.numberOfTrailingZeros(rest);
    }

    /** interleave_nodes(): next_node_in(il_prev, nodes), remembered in il_prev. */
    int interleaveNodes() {
        long above = ilPrev + 1 >= MAX_NUMNODES ? 0 : nodes & (-1L << (ilPrev + 1));
        int nid = Long.numberOfTrailingZeros(above != 0 ? above : nodes);
        ilPrev = nid;
        return nid;
    }

    /** mpol_to_str() without mode flags: "default", "local", "prefer:1", "bind:0-1", "interleave:0,2". */
    @Override
    public String toString() {
        if (mode == MPOL_DEFAULT || mode == MPOL_LOCAL) {
            return MODE_NAMES[mode];
        }
        return MODE_NAMES[mode] + ":" + nodelist(nodes);
    }

    /** The "%*pbl" form of a nodemask: runs as A-B, comma-separated. */
    public static String nodelist(long mask) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (n < MAX_NUMNODES) {
            if ((mask >>> n & 1) == 0) {
                n++;
                continue;
            }
            int end = n;
            while (end + 1 < MAX_NUMNODES && (mask >>> (end + 1) & 1) != 0) {
                end++;
            }
            sb.append(sb.length() == 0 ? "" : ",").append(n);
            if (end > n) {
                sb.append('-').append(end);
            }
            n = end + 1;
        }
        return sb.toString();
    }

    /**
     * get_nodes()/nodelist_parse(): "0,2-3" as a mask; "all" is every online node. EINVAL for a
     * malformed list or a node at or above MAX_NUMNODES.
     */
    public static long parseNodelist(String list, long onlineNodes) {
        if (list.equals("all")) {
            return onlineNodes;
        }
        long mask = 0;
        for (String part : list.split(",", -1)) {
            int dash = part.indexOf('-');
            int from = parseNode(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : parseNode(part.substring(dash + 1));
            if (to < from) {
                throw new KernelError(Errno.EINVAL);
            }
            for (int n = from; n <= to; n++) {
                mask |= 1L << n;
            }
        }
        return mask;
    }

    private static int parseNode(String s) {
        if (s.isEmpty() || s.length() > 2 || !s.chars().allMatch(Character::isDigit)) {
            throw new KernelError(Errno.EINVAL);
        }
        int n = Integer.parseInt(s);
        if (n >= MAX_NUMNODES) {
            throw new KernelError(Errno.EINVAL);
        }
        return n;
    }

    /** The mode for a set_mempolicy(2) mode name ("default", "preferred", "bind", "interleave", "local"); -1 if none. */
    public static int modeOf(String name) {
        switch (name) {
            case "default": return MPOL_DEFAULT;
            case "preferred": return MPOL_PREFERRED;
            case "bind": return MPOL_BIND;
            case "interleave": return MPOL_INTERLEAVE;
            case "local": return MPOL_LOCAL;
            default: return -1;
        }
    }
}
