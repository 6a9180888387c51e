/*
 * An mm_struct (include/linux/mm_types.h) as the VMA layer sees it: the VMAs ordered by address
 * with O(log n) lookup (find_vma, find_vma_prev, vma_lookup, find_vma_intersection from mm/mmap.c
 * and mm/vma.h; a TreeMap keyed by vm_start stands in for the maple tree, with a GapIndex for its
 * gap tracking), map_count, the vm_stat_account() counters, mmap_base, the code/data/brk/stack
 * layout and def_flags. Soft-dirty is modelled as configured in (CONFIG_MEM_SOFT_DIRTY): new and
 * expanded VMAs get VM_SOFTDIRTY.
 *
 * Every system call runs as a transaction: mutations go through the package-private primitives
 * below, which keep an undo log, and page-table call-outs are queued and delivered to the
 * MappingListener only on commit. A refused call aborts and the mm is exactly as before, its
 * commit charges (VM_ACCOUNT pages, through the CommitCharge the process layer sets) given back.
 * Leaves out mmap_lock, per-VMA locks, hiwater_vm/rss, pinned_vm and mm->flags other than top-down.
 */
package org.mmsim.mm.vma;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

public final class MmStruct {
    /**
     * TASK_SIZE for 4-level paging: (1 << 47) - PAGE_SIZE; with 5-level paging DEFAULT_MAP_WINDOW,
     * the part of the address space used unless a mapping asks for more.
     */
    public static final long TASK_SIZE = 0x7ffffffff000L;
    /** TASK_SIZE_MAX with 5-level paging: (1 << 56) - PAGE_SIZE. */
    public static final long TASK_SIZE_LA57 = (1L << 56) - (1L << PAGE_SHIFT);
    /** DEFAULT_MAX_MAP_COUNT (include/linux/mm.h): USHRT_MAX - 5. */
    public static final int DEFAULT_MAX_MAP_COUNT = 65530;
    /** CONFIG_DEFAULT_MMAP_MIN_ADDR on x86-64 distributions. */
    public static final long DEFAULT_MMAP_MIN_ADDR = 65536;
    /** stack_guard_gap default: 256 pages. */
    public static final long DEFAULT_STACK_GUARD_GAP = 256L << PAGE_SHIFT;

    private final TreeMap<Long, Vma> tree = new TreeMap<>();
    private final GapIndex gaps = new GapIndex();
    private final Collection<Vma> view = Collections.unmodifiableCollection(tree.values());
    private final MappingListener listener;
    /** The VMA the last lookup found containing its address (a vmacache of one); dropped when it leaves the tree. */
    private Vma lastHit;

    private int maxMapCount;
    private long mmapMinAddr = DEFAULT_MMAP_MIN_ADDR;
    private long stackGuardGap = DEFAULT_STACK_GUARD_GAP;

    private long totalVm;
    private long lockedVm;
    private long dataVm;
    private long execVm;
    private long stackVm;
    private long defFlags;

    public final long mmapBase;
    public final long mmapLegacyBase;
    public final boolean topDown;
    /** TASK_SIZE of this mm: 47 bits, or 56 with 5-level paging. */
    private final long taskSize;

    /** Layout the ELF loader sets (mm->start_code ... start_stack); brk moves with brk(2). */
    public long startCode;
    public long endCode;
    public long startData;
    public long endData;
    public long startBrk;
    public long brk;
    public long startStack;
    /** Where create_elf_tables() left argv's and envp's strings on the stack. */
    public long argStart;
    public long argEnd;
    public long envStart;
    public long envEnd;

    /** Where VM_ACCOUNT pages are charged (vm_committed_as); set by the process layer. */
    private CommitCharge commit = CommitCharge.NONE;
    /** Pages charged (net) by the running transaction, given back if it aborts. */
    private long txnCharged;

    private long nextAnonVmaId = 1;
    private long nextShmemInode = 1;

    private boolean inTransaction;
    private final long[] savedCounters = new long[8];
    private final ArrayList<Undo> undoLog = new ArrayList<>();
    private final ArrayList<Callout> pending = new ArrayList<>();
    /** Files whose VMAs the running transaction linked (true) or unlinked: holders hear of it after commit. */
    private final ArrayList<VmFile> fileEvents = new ArrayList<>();
    private final ArrayList<Boolean> fileEventOpened = new ArrayList<>();

    public MmStruct(MappingListener listener, int maxMapCount, MmapLayout.Bases bases) {
        this.listener = listener;
        this.maxMapCount = maxMapCount;
        this.mmapBase = bases.mmapBase;
        this.mmapLegacyBase = bases.mmapLegacyBase;
        this.topDown = !bases.legacy;
        this.taskSize = bases.taskSize;
    }

    /** TASK_SIZE: the end of the user address space (TASK_SIZE_LA57 with 5-level paging). */
    public long taskSize() {
        return taskSize;
    }

    // ---- queries the fault and procfs layers use ----

    /** find_vma(): the first VMA ending above addr, or null. */
    public Vma findVma(long addr) {
        if (addr < 0) {
            return null;
        }
        Vma hit = lastHit;
        if (hit != null && hit.start <= addr && addr < hit.end) {
            return hit;
        }
        Map.Entry<Long, Vma> e = tree.floorEntry(addr);
        if (e != null && e.getValue().end > addr) {
            lastHit = e.getValue();
            return e.getValue();
        }
        e = tree.higherEntry(addr);
        return e == null ? null : e.getValue();
    }

    /** vma_lookup(): the VMA containing addr, or null. */
    public Vma vmaLookup(long addr) {
        if (addr < 0) {
            return null;
        }
        Vma hit = lastHit;
        if (hit != null && hit.start <= addr && addr < hit.end) {
            return hit;
        }
        Map.Entry<Long, Vma> e = tree.floorEntry(addr);
        if (e != null && e.getValue().end > addr) {
            lastHit = e.getValue();
            return e.getValue();
        }
        return null;
    }

    /** The prev half of find_vma_prev(): the last VMA starting below addr, or null. */
    public Vma findVmaPrev(long addr) {
        Map.Entry<Long, Vma> e = addr < 0 ? tree.lastEntry() : tree.lowerEntry(addr);
        if (e != null && addr >= 0 && e.getValue().end > addr) {
            e = tree.lowerEntry(e.getKey());
        }
        return e == null ? null : e.getValue();
    }

    /** find_vma_intersection(): the first VMA overlapping [start, end), or null. */
    public Vma findVmaIntersection(long start, long end) {
        Vma v = findVma(start);
        return v != null && v.start < end ? v : null;
    }

    public Vma prevVma(Vma v) {
        Map.Entry<Long, Vma> e = tree.lowerEntry(v.start);
        return e == null ? null : e.getValue();
    }

    public Vma nextVma(Vma v) {
        Map.Entry<Long, Vma> e = tree.higherEntry(v.start);
        return e == null ? null : e.getValue();
    }

    public Vma firstVma() {
        Map.Entry<Long, Vma> e = tree.firstEntry();
        return e == null ? null : e.getValue();
    }

    /** All VMAs in address order (read-only view). */
    public Collection<Vma> vmas() {
        return view;
    }

    public int mapCount() {
        return tree.size();
    }

    public int maxMapCount() {
        return maxMapCount;
    }

    /** vm.max_map_count changed. */
    public void setMaxMapCount(int value) {
        maxMapCount = value;
    }

    public long mmapMinAddr() {
        return mmapMinAddr;
    }

    /** vm.mmap_min_addr changed. */
    public void setMmapMinAddr(long value) {
        mmapMinAddr = value;
    }

    public long stackGuardGap() {
        return stackGuardGap;
    }

    public long totalVm() {
        return totalVm;
    }

    public long lockedVm() {
        return lockedVm;
    }

    public long dataVm() {
        return dataVm;
    }

    public long execVm() {
        return execVm;
    }

    public long stackVm() {
        return stackVm;
    }

    public long defFlags() {
        return defFlags;
    }

    public CommitCharge commitCharge() {
        return commit;
    }

    /** The overcommit policy this mm charges its VM_ACCOUNT mappings to (fork copies it). */
    public void setCommitCharge(CommitCharge charge) {
        commit = charge;
    }

    /** Pages of VM_ACCOUNT mappings: what exit_mmap() gives back to vm_committed_as. */
    public long accountedPages() {
        long pages = 0;
        for (Vma v : tree.values()) {
            if ((v.flags & VmFlags.VM_ACCOUNT) != 0) {
                pages += v.pages();
            }
        }
        return pages;
    }

    /** The name /proc/PID/maps prints after the path column (fs/proc/task_mmu.c get_vma_name). */
    public String mapsName(Vma v) {
        if (v.file != null) {
            return v.anonName != null && v.file.anonShmem ? "[anon_shmem:" + v.anonName + "]" : v.file.path;
        }
        if (v.specialName != null) {
            return v.specialName;
        }
        if (isInitialHeap(v)) {
            return "[heap]";
        }
        if (v.start <= startStack && v.end >= startStack) {
            return "[stack]";
        }
        return v.anonName != null ? "[anon:" + v.anonName + "]" : "";
    }

    /**
     * vma_is_initial_heap(): the VMA overlaps [start_brk, brk). Strict, so the bss ending where the
     * break starts is not the heap.
     */
    public boolean isInitialHeap(Vma v) {
        return Long.compareUnsigned(v.start, brk) < 0 && Long.compareUnsigned(v.end, startBrk) > 0;
    }

    /**
     * anon_vma_prepare() for the fault path: reuses a neighbour's anon_vma when
     * find_mergeable_anon_vma() allows, otherwise allocates one.
     */
    public AnonVma anonVmaPrepare(Vma vma) {
        if (vma.anonVma != null) {
            return vma.anonVma;
        }
        AnonVma reuse = null;
        Vma next = nextVma(vma);
        if (next != null && anonVmaCompatible(vma, next)) {
            reuse = next.anonVma;
        }
        if (reuse == null) {
            Vma prev = prevVma(vma);
            if (prev != null && anonVmaCompatible(prev, vma)) {
                reuse = prev.anonVma;
            }
        }
        vma.anonVma = reuse != null ? reuse : newAnonVma();
        return vma.anonVma;
    }

    AnonVma newAnonVma() {
        return new AnonVma(nextAnonVmaId++);
    }

    /** anon_vma_compatible(): adjacent, same file, flags equal but for access bits, linear pgoff. */
    private static boolean anonVmaCompatible(Vma a, Vma b) {
        return a.end == b.start && a.file == b.file
                && ((a.flags ^ b.flags) & ~(VmFlags.VM_ACCESS_FLAGS | VmFlags.VM_SOFTDIRTY)) == 0
                && b.pgoff == a.pgoff + ((b.start - a.start) >>> PAGE_SHIFT);
    }

    /**
     * Installs a special mapping (_install_special_mapping: [vdso], [vvar]) or the initial stack or
     * an ELF segment during exec, outside any system call; no merging, as the loader does.
     */
    public Vma insertMapping(long start, long end, long flags, long pgoff, VmFile file, String specialName) {
        if (findVmaIntersection(start, end) != null) {
            throw new IllegalStateException("overlapping insert " + Long.toHexString(start));
        }
        Vma v = new Vma(start, end, flags | VmFlags.VM_SOFTDIRTY, pgoff, file, null, specialName);
        link(v);
        vmStatAccount(v.flags, v.pages());
        if ((v.flags & VmFlags.VM_LOCKED) != 0) {
            lockedVm += v.pages();
        }
        return v;
    }

    /**
     * _install_special_mapping(): [vdso]/[vvar]-style mappings, VM_DONTEXPAND so they never merge,
     * move or grow.
     */
    public Vma installSpecialMapping(long start, long len, long flags, String name) {
        return insertMapping(start, start + len, flags | defFlags | VmFlags.VM_DONTEXPAND, 0, null, name);
    }

    /** A one-line-per-VMA description plus counters; equal strings mean equal VMA-level state. */
    public String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (Vma v : tree.values()) {
            sb.append(Long.toHexString(v.start)).append('-').append(Long.toHexString(v.end)).append(' ')
                    .append(Long.toHexString(v.flags)).append(' ').append(Long.toHexString(v.pgoff)).append(' ')
                    .append(v.file == null ? "-" : v.file.path).append(' ').append(v.anonVma).append(' ')
                    .append(v.specialName).append(' ').append(v.anonName).append('\n');
        }
        sb.append("map_count=").append(mapCount()).append(" total=").append(totalVm).append(" locked=")
                .append(lockedVm).append(" data=").append(dataVm).append(" exec=").append(execVm)
                .append(" stack=").append(stackVm).append(" brk=").append(Long.toHexString(brk))
                .append(" def_flags=").append(Long.toHexString(defFlags)).append('\n');
        return sb.toString();
    }

    // ---- transactions ----

    void begin() {
        if (inTransaction) {
            throw new IllegalStateException("nested mm transaction");
        }
        inTransaction = true;
        savedCounters[0] = totalVm;
        savedCounters[1] = lockedVm;
        savedCounters[2] = dataVm;
        savedCounters[3] = execVm;
        savedCounters[4] = stackVm;
        savedCounters[5] = defFlags;
        savedCounters[6] = brk;
        savedCounters[7] = nextShmemInode;
        txnCharged = 0;
    }

    void commit() {
        inTransaction = false;
        undoLog.clear();
        Callout[] calls = pending.toArray(new Callout[0]);
        pending.clear();
        for (Callout c : calls) {
            c.deliver(this, listener);
        }
        if (fileEvents.isEmpty()) {
            return;
        }
        // after the page tables let go of the pages, so a holder may free them
        VmFile[] files = fileEvents.toArray(new VmFile[0]);
        Boolean[] opened = fileEventOpened.toArray(new Boolean[0]);
        fileEvents.clear();
        fileEventOpened.clear();
        for (int i = 0; i < files.length; i++) {
            if (opened[i]) {
                files[i].tellOpened();
            } else {
                files[i].tellClosed();
            }
        }
    }

    void abort() {
        for (int i = undoLog.size() - 1; i >= 0; i--) {
            undoLog.get(i).revert(this);
        }
        undoLog.clear();
        pending.clear();
        fileEvents.clear();
        fileEventOpened.clear();
        totalVm = savedCounters[0];
        lockedVm = savedCounters[1];
        dataVm = savedCounters[2];
        execVm = savedCounters[3];
        stackVm = savedCounters[4];
        defFlags = savedCounters[5];
        brk = savedCounters[6];
        nextShmemInode = savedCounters[7];
        if (txnCharged != 0) {
            commit.vmAcctMemory(-txnCharged);
            txnCharged = 0;
        }
        inTransaction = false;
    }

    // ---- tree and gap index, kept in step ----

    /** Free bytes between v and the VMA below it (or address 0). */
    private long gapBelow(Vma v) {
        Map.Entry<Long, Vma> e = tree.lowerEntry(v.start);
        return v.start - (e == null ? 0 : e.getValue().end);
    }

    /** Re-records the gap below v and below its successor after v was inserted or changed. */
    private void refreshGaps(Vma v) {
        gaps.put(v.start, gapBelow(v));
        Map.Entry<Long, Vma> next = tree.higherEntry(v.start);
        if (next != null) {
            gaps.put(next.getKey(), gapBelow(next.getValue()));
        }
    }

    private void treeInsert(Vma v) {
        if (tree.put(v.start, v) != null) {
            throw new IllegalStateException("two VMAs at " + Long.toHexString(v.start));
        }
        refreshGaps(v);
    }

    private void treeRemove(Vma v) {
        if (lastHit == v) {
            lastHit = null;
        }
        if (tree.remove(v.start) != v) {
            throw new IllegalStateException("removing a VMA not in the tree");
        }
        gaps.remove(v.start);
        Map.Entry<Long, Vma> next = tree.higherEntry(v.start);
        if (next != null) {
            gaps.put(next.getKey(), gapBelow(next.getValue()));
        }
    }

    private void treeSetRange(Vma v, long start, long end, long pgoff) {
        if (start != v.start) {
            Vma cached = lastHit;
            treeRemove(v);
            v.start = start;
            v.end = end;
            v.pgoff = pgoff;
            treeInsert(v);
            lastHit = cached;
        } else {
            v.end = end;
            v.pgoff = pgoff;
            refreshGaps(v);
        }
    }

    /**
     * The highest VMA start at most maxStart with at least len free bytes just below it, or -1:
     * the gap search of unmapped_area_topdown.
     */
    long highestStartWithGap(long maxStart, long len) {
        return gaps.highestWithGap(maxStart, len);
    }

    /** The lowest VMA start at least minStart with at least len free bytes just below it, or -1. */
    long lowestStartWithGap(long minStart, long len) {
        return gaps.lowestWithGap(minStart, len);
    }

    /** The end of the last VMA, or 0: where the free run to the top of the address space begins. */
    long lastEnd() {
        Map.Entry<Long, Vma> e = tree.lastEntry();
        return e == null ? 0 : e.getValue().end;
    }

    // ---- mutation primitives (logged) ----

    void link(Vma v) {
        treeInsert(v);
        fileGet(v);
        fileEvent(v.file, true);
        log(Undo.LINK, v);
    }

    void unlink(Vma v) {
        treeRemove(v);
        filePut(v, true);
        log(Undo.UNLINK, v);
    }

    /** A VMA takes a reference to its file (get_file). */
    private static void fileGet(Vma v) {
        if (v.file != null) {
            v.file.mappings++;
        }
    }

    /**
     * fput() of a VMA's reference. The last VMA of a shared anonymous object gone,
     * shmem_evict_inode() gives its charge back (shmem_unacct_size); the file's holder is told
     * after the running call commits (tell false: an aborted call's undo, which tells no one).
     */
    private void filePut(Vma v, boolean tell) {
        VmFile f = v.file;
        if (f == null) {
            return;
        }
        if (--f.mappings == 0 && f.anonShmem && f.shmemCharged != 0) {
            vmAcctMemory(-f.shmemCharged);
        }
        if (tell) {
            fileEvent(f, false);
        }
    }

    /** vm_ops->open/close: told to the file's holder now, or after the running call commits. */
    private void fileEvent(VmFile f, boolean opened) {
        if (f == null || !f.hasHolder()) {
            return;
        }
        if (!inTransaction) {
            if (opened) {
                f.tellOpened();
            } else {
                f.tellClosed();
            }
            return;
        }
        fileEvents.add(f);
        fileEventOpened.add(opened);
    }

    /**
     * exit_mmap()'s remove_vma(): every VMA drops its file reference. Called after the pages were
     * zapped, so holders told of a last mapping may free the file's pages.
     */
    public void dropFileMappings() {
        for (Vma v : tree.values()) {
            filePut(v, true);
        }
    }

    /** vma_set_range(). */
    void setRange(Vma v, long start, long end, long pgoff) {
        Undo u = log(Undo.RANGE, v);
        u.start = v.start;
        u.end = v.end;
        u.pgoff = v.pgoff;
        treeSetRange(v, start, end, pgoff);
    }

    void setFlags(Vma v, long flags) {
        Undo u = log(Undo.FLAGS, v);
        u.flags = v.flags;
        v.flags = flags;
    }

    void setAnonVma(Vma v, AnonVma a) {
        Undo u = log(Undo.ANON, v);
        u.anonVma = v.anonVma;
        v.anonVma = a;
    }

    /** replace_anon_vma_name(). */
    void setAnonName(Vma v, String name) {
        Undo u = log(Undo.NAME, v);
        u.anonName = v.anonName;
        v.anonName = name;
    }

    private Undo log(int kind, Vma v) {
        Undo u = new Undo(kind, v);
        if (inTransaction) {
            undoLog.add(u);
        }
        return u;
    }

    /** vm_stat_account(). */
    void vmStatAccount(long flags, long pages) {
        totalVm += pages;
        if (VmFlags.isExecMapping(flags)) {
            execVm += pages;
        } else if (VmFlags.isStackMapping(flags)) {
            stackVm += pages;
        } else if (VmFlags.isDataMapping(flags)) {
            dataVm += pages;
        }
    }

    /** security_vm_enough_memory_mm(): charge pages, or false when the policy refuses them. */
    boolean vmEnoughMemory(long pages) {
        if (!commit.vmEnoughMemory(this, pages)) {
            return false;
        }
        txnCharged += pages;
        return true;
    }

    /** vm_acct_memory(); negative pages give a charge back (vm_unacct_memory). */
    void vmAcctMemory(long pages) {
        commit.vmAcctMemory(pages);
        txnCharged += pages;
    }

    void addLockedVm(long pages) {
        lockedVm += pages;
    }

    void setDefFlags(long flags) {
        defFlags = flags;
    }

    VmFile newShmemFile() {
        return VmFile.devZero(nextShmemInode++);
    }

    /** may_expand_vm(): RLIMIT_AS and RLIMIT_DATA (ignore_rlimit_data off). */
    boolean mayExpandVm(TaskLimits lim, long flags, long pages) {
        if (totalVm + pages > TaskLimits.pages(lim.rlimitAs)) {
            return false;
        }
        return !VmFlags.isDataMapping(flags) || dataVm + pages <= TaskLimits.pages(lim.rlimitData);
    }

    /** mlock_future_ok(). */
    boolean mlockFutureOk(TaskLimits lim, long flags, long bytes) {
        if ((flags & VmFlags.VM_LOCKED) == 0 || lim.capIpcLock) {
            return true;
        }
        return (bytes >>> PAGE_SHIFT) + lockedVm <= TaskLimits.pages(lim.rlimitMemlock);
    }

    // ---- deferred call-outs ----

    void queueUnmapped(Vma gone) {
        pending.add(new Callout(Callout.UNMAPPED, gone.copy(), 0, 0, 0));
    }

    void queueFlagsChanged(Vma now, long start, long end, long oldFlags) {
        Callout c = new Callout(Callout.FLAGS, now.copy(), start, end, 0);
        c.oldFlags = oldFlags;
        pending.add(c);
    }

    void queueMoved(Vma from, long newStart) {
        pending.add(new Callout(Callout.MOVED, from.copy(), newStart, 0, 0));
    }

    void queueAdvised(Vma vma, long start, long end, int advice) {
        pending.add(new Callout(Callout.ADVISED, vma.copy(), start, end, advice));
    }

    void queuePopulate(long start, long end) {
        pending.add(new Callout(Callout.POPULATE, null, start, end, 0));
    }

    private static final class Undo {
        static final int LINK = 0;
        static final int UNLINK = 1;
        static final int RANGE = 2;
        static final int FLAGS = 3;
        static final int ANON = 4;
        static final int NAME = 5;

        final int kind;
        final Vma vma;
        long start;
        long end;
        long pgoff;
        long flags;
        AnonVma anonVma;
        String anonName;

        Undo(int kind, Vma vma) {
            this.kind = kind;
            this.vma = vma;
        }

        void revert(MmStruct mm) {
            switch (kind) {
                case LINK:
                    mm.treeRemove(vma);
                    mm.filePut(vma, false);
                    break;
                case UNLINK:
                    mm.treeInsert(vma);
                    fileGet(vma);
                    break;
                case RANGE:
                    mm.treeSetRange(vma, start, end, pgoff);
                    break;
                case FLAGS:
                    vma.flags = flags;
                    break;
                case ANON:
                    vma.anonVma = anonVma;
                    break;
                case NAME:
                    vma.anonName = anonName;
                    break;
                default:
                    throw new AssertionError(kind);
            }
        }
    }

    private static final class Callout {
        static final int UNMAPPED = 0;
        static final int FLAGS = 1;
        static final int MOVED = 2;
        static final int ADVISED = 3;
        static final int POPULATE = 4;

        final int kind;
        final Vma vma;
        final long a;
        final long b;
        final int advice;
        long oldFlags;

        Callout(int kind, Vma vma, long a, long b, int advice) {
            this.kind = kind;
            this.vma = vma;
            this.a = a;
            this.b = b;
            this.advice = advice;
        }

        void deliver(MmStruct mm, MappingListener l) {
            switch (kind) {
                case UNMAPPED:
                    l.unmapped(mm, vma);
                    break;
                case FLAGS:
                    l.flagsChanged(mm, vma, a, b, oldFlags);
                    break;
                case MOVED:
                    l.moved(mm, vma, a);
                    break;
                case ADVISED:
                    l.advised(mm, vma, a, b, advice);
                    break;
                case POPULATE:
                    l.populate(mm, a, b);
                    break;
                default:
                    throw new AssertionError(kind);
            }
        }
    }
}
