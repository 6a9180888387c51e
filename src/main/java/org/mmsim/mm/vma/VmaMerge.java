/*
 * VMA merging and splitting, mm/vma.c: is_mergeable_vma, is_mergeable_anon_vma,
 * can_vma_merge_before/after, can_vma_merge_left/right, vma_merge_new_range, vma_expand,
 * vma_merge_existing_range, vma_modify, split_vma/__split_vma, dup_anon_vma and
 * can_merge_remove_vma (a VMA whose vm_ops have a close, a SysV attach, is never merged away).
 * The anon_vma_name compared is g.anonName, which vma_modify_flags_name callers set to the new one.
 * Leaves out mempolicy and userfaultfd context (always equal here) and the anon_vma_chain: every
 * VMA counts as having a singular chain, as without fork.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;

import java.util.Objects;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

final class VmaMerge {
    /** struct vma_merge_struct: the proposed range and its attributes. */
    static final class State {
        Vma prev;
        Vma next;
        Vma vma;
        long start;
        long end;
        long pgoff;
        long flags;
        VmFile file;
        AnonVma anonVma;
        String anonName;
        /** brk: only ever expand prev, never consider next. */
        boolean justExpand;

        /** VMG_STATE for a new range. */
        static State forNewRange(Vma prev, Vma next, long start, long end, long flags, long pgoff,
                VmFile file, AnonVma anonVma, String anonName) {
            State g = new State();
            g.prev = prev;
            g.next = next;
            g.start = start;
            g.end = end;
            g.flags = flags;
            g.pgoff = pgoff;
            g.file = file;
            g.anonVma = anonVma;
            g.anonName = anonName;
            return g;
        }

        /** VMG_VMA_STATE: [start, end) of vma gets new flags; prev is vma itself when start is inside it. */
        static State forExisting(Vma prev, Vma vma, long start, long end, long flags) {
            State g = new State();
            g.prev = prev;
            g.vma = vma;
            g.start = start;
            g.end = end;
            g.flags = flags;
            g.pgoff = vma.pgoff + ((start - vma.start) >>> PAGE_SHIFT);
            g.file = vma.file;
            g.anonVma = vma.anonVma;
            g.anonName = vma.anonName;
            return g;
        }
    }

    private VmaMerge() {
    }

    private static boolean isMergeableVma(State g, Vma other) {
        return ((other.flags ^ g.flags) & ~VmFlags.VM_SOFTDIRTY) == 0 && other.file == g.file
                && Objects.equals(other.anonName, g.anonName);
    }

    /** can_merge_remove_vma(): a VMA whose vm_ops have a close (SysV attaches) is never merged away. */
    private static boolean canMergeRemove(Vma v) {
        return v.file == null || !v.file.vmOpsClose;
    }

    private static boolean isMergeableAnonVma(AnonVma a, AnonVma b) {
        return a == null || b == null || a == b;
    }

    /** can_vma_merge_before(): the range may be prepended to g.next. */
    private static boolean canMergeBefore(State g) {
        return isMergeableVma(g, g.next) && isMergeableAnonVma(g.anonVma, g.next.anonVma)
                && g.next.pgoff == g.pgoff + ((g.end - g.start) >>> PAGE_SHIFT);
    }

    /** can_vma_merge_after(): the range may be appended to g.prev. */
    private static boolean canMergeAfter(State g) {
        return isMergeableVma(g, g.prev) && isMergeableAnonVma(g.anonVma, g.prev.anonVma)
                && g.prev.pgoff + g.prev.pages() == g.pgoff;
    }

    private static boolean canMergeLeft(State g) {
        return g.prev != null && g.prev.end == g.start && canMergeAfter(g);
    }

    private static boolean canMergeRight(State g, boolean canMergeLeft) {
        if (g.next == null || g.end != g.next.start || !canMergeBefore(g)) {
            return false;
        }
        return !canMergeLeft || isMergeableAnonVma(g.prev.anonVma, g.next.anonVma);
    }

    /** dup_anon_vma(): the expanding VMA inherits the anon_vma of what it absorbs. */
    private static void dupAnonVma(MmStruct mm, Vma dst, Vma src) {
        if (src.anonVma != null && dst.anonVma == null) {
            mm.setAnonVma(dst, src.anonVma);
        }
    }

    /**
     * vma_merge_new_range(): extend prev and/or next over the empty [g.start, g.end) instead of
     * creating a VMA. Returns the expanded VMA or null when no merge is possible.
     */
    static Vma mergeNewRange(MmStruct mm, State g) {
        if ((g.flags & VmFlags.VM_SPECIAL) != 0 || (g.prev == null && g.next == null)) {
            return null;
        }
        boolean left = canMergeLeft(g);
        boolean right = !g.justExpand && canMergeRight(g, left);
        if (left && right && !canMergeRemove(g.next)) {
            right = false;
        }
        if (left) {
            Vma prev = g.prev;
            long newEnd = g.end;
            if (right) {
                newEnd = g.next.end;
                dupAnonVma(mm, prev, g.next);
                mm.unlink(g.next);
            }
            if (g.anonVma != null && prev.anonVma == null) {
                mm.setAnonVma(prev, g.anonVma);
            }
            mm.setRange(prev, prev.start, newEnd, prev.pgoff);
            return prev;
        }
        if (right) {
            Vma next = g.next;
            if (g.anonVma != null && next.anonVma == null) {
                mm.setAnonVma(next, g.anonVma);
            }
            mm.setRange(next, g.start, next.end, next.pgoff - ((g.end - g.start) >>> PAGE_SHIFT));
            return next;
        }
        return null;
    }

    /**
     * vma_merge_existing_range(): [g.start, g.end) of g.vma is taking new attributes; absorb it
     * into prev and/or next when they match. Returns the merged VMA or null.
     */
    private static Vma mergeExistingRange(MmStruct mm, State g) {
        Vma vma = g.vma;
        Vma prev = g.prev;
        long start = g.start;
        long end = g.end;
        boolean leftSide = start == vma.start;
        boolean rightSide = end == vma.end;
        if ((g.flags & VmFlags.VM_SPECIAL) != 0 || (!leftSide && !rightSide)) {
            return null;
        }
        boolean mergeLeft = leftSide && canMergeLeft(g);
        boolean mergeRight = false;
        Vma next = null;
        if (rightSide) {
            next = mm.nextVma(vma);
            g.next = next;
            mergeRight = canMergeRight(g, mergeLeft);
        }
        if (!mergeLeft && !mergeRight) {
            return null;
        }
        boolean deleteVma = leftSide && rightSide;
        if (deleteVma && !canMergeRemove(vma)) {
            return null;
        }
        if (mergeLeft && mergeRight && !canMergeRemove(next)) {
            mergeRight = false;
        }
        if (mergeLeft && mergeRight) {
            dupAnonVma(mm, prev, next.anonVma != null ? next : vma);
            mm.unlink(vma);
            mm.unlink(next);
            mm.setRange(prev, prev.start, next.end, prev.pgoff);
            return prev;
        }
        if (mergeLeft) {
            dupAnonVma(mm, prev, vma);
            if (deleteVma) {
                mm.unlink(vma);
            } else {
                mm.setRange(vma, end, vma.end, vma.pgoff + ((end - vma.start) >>> PAGE_SHIFT));
            }
            mm.setRange(prev, prev.start, end, prev.pgoff);
            return prev;
        }
        long pglen = (end - start) >>> PAGE_SHIFT;
        dupAnonVma(mm, next, vma);
        if (deleteVma) {
            mm.unlink(vma);
            mm.setRange(next, start, next.end, next.pgoff - pglen);
        } else {
            long shift = (vma.end - start) >>> PAGE_SHIFT;
            mm.setRange(vma, vma.start, start, vma.pgoff);
            mm.setRange(next, start, next.end, next.pgoff - shift);
        }
        return next;
    }

    /**
     * vma_modify(): merge the range with a neighbour if possible, else split vma so that exactly
     * [g.start, g.end) remains in it. Returns the VMA now covering the range; its flags are still
     * the old ones unless it was merged, and the caller sets them.
     */
    static Vma modify(MmStruct mm, State g) {
        Vma merged = mergeExistingRange(mm, g);
        if (merged != null) {
            return merged;
        }
        Vma vma = g.vma;
        if (vma.start < g.start) {
            splitVma(mm, vma, g.start, true);
        }
        if (vma.end > g.end) {
            splitVma(mm, vma, g.end, false);
        }
        return vma;
    }

    /** split_vma(): refuses with ENOMEM at vm.max_map_count. */
    static void splitVma(MmStruct mm, Vma vma, long addr, boolean newBelow) {
        if (mm.mapCount() >= mm.maxMapCount()) {
            throw new KernelError(Errno.ENOMEM);
        }
        splitVmaUnchecked(mm, vma, addr, newBelow);
    }

    /**
     * __split_vma(): cut vma at addr. With newBelow the new VMA takes [start, addr) and vma keeps
     * the top; otherwise the new VMA takes [addr, end). Returns the new VMA.
     */
    static Vma splitVmaUnchecked(MmStruct mm, Vma vma, long addr, boolean newBelow) {
        Vma created = vma.copy();
        long shift = (addr - vma.start) >>> PAGE_SHIFT;
        if (newBelow) {
            created.end = addr;
            mm.setRange(vma, addr, vma.end, vma.pgoff + shift);
        } else {
            created.start = addr;
            created.pgoff = vma.pgoff + shift;
            mm.setRange(vma, vma.start, addr, vma.pgoff);
        }
        mm.link(created);
        return created;
    }
}
