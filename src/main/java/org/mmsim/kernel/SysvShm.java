/*
 * System V shared memory (ipc/shm.c): shmget() (newseg with its commit charge, and the key lookup
 * of ipcget), shmat() (do_shmat mapping the segment's shmem file MAP_SHARED), shmdt() (with the
 * fragments mprotect or munmap split off, which are never merged back: shm_vm_ops has a close),
 * shmctl(IPC_RMID) (do_shm_rmid: destroyed at once when unattached, otherwise marked SHM_DEST with
 * its key made IPC_PRIVATE until the last detach), shm_open/shm_close keeping shm_lprid and the
 * attach and detach times, shm_destroy (the shmem object evicted: its pages freed, its charge
 * given back), ids from ipc_idr_alloc (cyclic indexes, the sequence bumped on wrap-around), the
 * kernel.shmmax/shmall/shmmni sysctls (ipc/ipc_sysctl.c) and /proc/sysvipc/shm
 * (sysvipc_shm_proc_show). The segment's file is an anonymous shmem object, so its pages count as
 * Shmem; attach counts are its VMAs (shm_nattch, which vm_ops->open counts on split and fork).
 * Leaves out: SHM_HUGETLB, SHM_LOCK, IPC_SET/IPC_INFO/SHM_INFO, shmat at a given address,
 * SHM_REMAP/SHM_EXEC, shm_rmid_forced, IPC namespaces, owners and permission checks (every caller
 * is root: uid and gid 0).
 */
package org.mmsim.kernel;

import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.vma.CommitCharge;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Sysctl;
import org.mmsim.task.Task;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

public final class SysvShm {
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    /** shmget: no commit charge (ignored under overcommit mode 2). */
    public static final int SHM_NORESERVE = 010000;
    /** shmat: attach read-only. */
    public static final int SHM_RDONLY = 010000;
    /** shm_perm.mode: the segment goes at its last detach. */
    public static final int SHM_DEST = 01000;
    /** SHMMIN: the smallest segment. */
    public static final long SHMMIN = 1;
    /** IPCMNI_SHIFT: an id is seq << 15 | index; IPCMNI indexes at most. */
    private static final int IPCMNI_SHIFT = 15;
    private static final int IPCMNI = 1 << IPCMNI_SHIFT;
    /** IPCID_SEQ_MAX: INT_MAX >> IPCMNI_SHIFT. */
    private static final int IPCID_SEQ_MAX = Integer.MAX_VALUE >> IPCMNI_SHIFT;
    /** ipc_min_cycle: indexes cycle through at least RADIX_TREE_MAP_SIZE slots. */
    private static final int IPC_MIN_CYCLE = 64;
    private static final long PAGE = 4096;
    /** SHMMAX and SHMALL (ULONG_MAX - 2^24, include/uapi/linux/shm.h), SHMMNI. */
    public static final long SHMMAX = -1L - (1L << 24);
    public static final long SHMALL = -1L - (1L << 24);
    public static final int SHMMNI = 4096;

    /** The /proc/sysvipc/shm header of a 64-bit kernel. */
    public static final String PROC_HEADER = "       key      shmid perms                  size  cpid  lpid nattch"
            + "   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n";

    private long shmmax = SHMMAX;
    private long shmall = SHMALL;
    private int shmmni = SHMMNI;

    /** One segment: struct shmid_kernel. */
    public final class Segment {
        public final int id;
        private int key;
        public final long size;
        private int mode;
        public final VmFile file;
        private final AddressSpace mapping;
        /** Pages shmem_acct_size charged (0 with SHM_NORESERVE). */
        private final long charged;
        public final int cpid;
        private int lpid;
        private long atime;
        private long dtime;
        private final long ctime;

        Segment(int id, int key, long size, int mode, long charged) {
            this.id = id;
            this.key = key;
            this.size = size;
            this.mode = mode;
            this.charged = charged;
            this.cpid = currentPid.getAsInt();
            this.ctime = nowSeconds.getAsLong();
            // the shmem object's inode number is the id (newseg); maps names it by the key
            this.file = VmFile.sysvShm(id, key);
            this.mapping = cache.newShmemObject(file);
            file.setHolder(new VmFile.Holder() {
                @Override
                public void mappingOpened(VmFile f) {
                    atime = nowSeconds.getAsLong();
                    lpid = currentPid.getAsInt();
                }

                @Override
                public void mappingClosed(VmFile f) {
                    dtime = nowSeconds.getAsLong();
                    lpid = currentPid.getAsInt();
                    if (nattch() == 0 && (Segment.this.mode & SHM_DEST) != 0) {
                        destroy(Segment.this);
                    }
                }
            });
        }

        /** shm_nattch. */
        public int nattch() {
            return file.mappingCount();
        }

        /** shm_perm.key: IPC_PRIVATE once removed. */
        public int key() {
            return key;
        }

        /** shm_perm.mode: the permission bits and SHM_DEST. */
        public int mode() {
            return mode;
        }

        /** shm_lprid: the last task to attach or detach (0: none yet). */
        public int lpid() {
            return lpid;
        }

        /** shm_atim, shm_dtim, shm_ctim: seconds since the epoch (0: not yet). */
        public long atime() {
            return atime;
        }

        public long dtime() {
            return dtime;
        }

        public long ctime() {
            return ctime;
        }

        /** Pages of the segment in memory (its shmem mapping's nrpages). */
        public long rssPages() {
            return mapping.nrpages();
        }
    }

    private final PageCache cache;
    private final CommitCharge commit;
    private final LongSupplier nowSeconds;
    private final IntSupplier currentPid;
    /** Live segments by index (ids.ipcs_idr); null where free. */
    private final List<Segment> segments = new ArrayList<>();
    private int inUse;
    private int seq;
    private int lastIdx = -1;
    /** idr_next: where the cyclic index search starts. */
    private int nextIdx;
    private long shmTot;

    /**
     * The shm ids of a booted kernel: segments live in cache, are charged to commit, stamped with
     * nowSeconds (the wall clock) and the pid currentPid gives (the caller).
     */
    public SysvShm(PageCache cache, CommitCharge commit, LongSupplier nowSeconds, IntSupplier currentPid) {
        this.cache = cache;
        this.commit = commit;
        this.nowSeconds = nowSeconds;
        this.currentPid = currentPid;
    }

    /** kernel.shmmax, kernel.shmall (proc_doulongvec_minmax), kernel.shmmni (0 to IPCMNI). */
    public void registerSysctls(Sysctl sysctl) {
        sysctl.registerUlong("kernel.shmmax", () -> shmmax, v -> shmmax = v);
        sysctl.registerUlong("kernel.shmall", () -> shmall, v -> shmall = v);
        sysctl.registerInt("kernel.shmmni", () -> shmmni, 0, IPCMNI, v -> shmmni = v);
    }

    /** shmget(2) by a task with address space mm (null for a kernel-API line). */
    public int shmget(MmStruct mm, int key, long size, int flags) {
        if (key != IPC_PRIVATE) {
            Segment s = findKey(key);
            if (s != null) {
                if ((flags & (IPC_CREAT | IPC_EXCL)) == (IPC_CREAT | IPC_EXCL)) {
                    throw new KernelError(Errno.EEXIST);
                }
                if (Long.compareUnsigned(s.size, size) < 0) {
                    throw new KernelError(Errno.EINVAL);
                }
                return s.id;
            }
            if ((flags & IPC_CREAT) == 0) {
                throw new KernelError(Errno.ENOENT);
            }
        }
        return newseg(mm, key, size, flags);
    }

    private int newseg(MmStruct mm, int key, long size, int flags) {
        if (Long.compareUnsigned(size, SHMMIN) < 0 || Long.compareUnsigned(size, shmmax) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long pages = Long.divideUnsigned(size + PAGE - 1, PAGE);
        if (Long.compareUnsigned(pages << 12, size) < 0) {
            throw new KernelError(Errno.ENOSPC);
        }
        if (Long.compareUnsigned(shmTot + pages, shmTot) < 0 || Long.compareUnsigned(shmTot + pages, shmall) > 0) {
            throw new KernelError(Errno.ENOSPC);
        }
        // shmem_kernel_file_setup() -> shmem_acct_size(): SHM_NORESERVE is ignored under OVERCOMMIT_NEVER
        long charge = (flags & SHM_NORESERVE) != 0 && !commit.neverOvercommit() ? 0 : pages;
        if (charge != 0 && !commit.vmEnoughMemory(mm, charge)) {
            throw new KernelError(Errno.ENOMEM);
        }
        // ipc_addid(): the limit is shmmni, capped at IPCMNI
        int index = inUse >= Math.min(shmmni, IPCMNI) ? -1 : allocIndex();
        if (index < 0) {
            commit.vmAcctMemory(-charge);
            throw new KernelError(Errno.ENOSPC);
        }
        if (index <= lastIdx && ++seq > IPCID_SEQ_MAX) {
            seq = 0;
        }
        lastIdx = index;
        Segment s = new Segment(seq << IPCMNI_SHIFT | index, key, size, flags & 0777, charge);
        while (segments.size() <= index) {
            segments.add(null);
        }
        segments.set(index, s);
        inUse++;
        shmTot += pages;
        return s.id;
    }

    /** idr_alloc_cyclic() over [0, max(in_use * 3 / 2, ipc_min_cycle) capped at IPCMNI); -1 if full. */
    private int allocIndex() {
        int end = Math.min(Math.max(inUse * 3 / 2, IPC_MIN_CYCLE), IPCMNI);
        int start = nextIdx >= end ? 0 : nextIdx;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = start; i < end; i++) {
                if (i >= segments.size() || segments.get(i) == null) {
                    nextIdx = i + 1;
                    return i;
                }
            }
            start = 0;
        }
        return -1;
    }

    /** shmat(2) with a NULL address: the segment mapped MAP_SHARED, read-only under SHM_RDONLY. */
    public long shmat(Task t, int id, int flags) {
        Segment s = lookup(id);
        int prot = (flags & SHM_RDONLY) != 0 ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
        return Mmap.mmap(t.mm(), t.limits(), 0, s.size, prot, Mman.MAP_SHARED, s.file, 0);
    }

    /**
     * shmdt(2) (ksys_shmdt): from addr on, the first VMA of a segment that lies where an attach at
     * addr would put it (vm_start - addr == vm_pgoff pages) is unmapped, then every later fragment
     * of the same segment so placed within the segment's size (what mprotect or munmap split off);
     * EINVAL if addr is not page aligned or nothing matches. The last detach of a removed segment
     * ends it.
     */
    public void shmdt(Task t, long addr) {
        if ((addr & (PAGE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
        MmStruct mm = t.mm();
        Vma vma = mm.findVma(addr);
        Segment s = null;
        for (; vma != null; vma = mm.nextVma(vma)) {
            s = attachedAt(vma, addr);
            if (s != null) {
                break;
            }
        }
        if (s == null) {
            throw new KernelError(Errno.EINVAL);
        }
        long size = (s.size + PAGE - 1) & -PAGE;
        List<long[]> ranges = new ArrayList<>();
        for (; vma != null && vma.end() - addr <= size; vma = mm.nextVma(vma)) {
            if (attachedAt(vma, addr) == s) {
                ranges.add(new long[] {vma.start(), vma.end()});
            }
        }
        for (long[] r : ranges) {
            Munmap.munmap(mm, r[0], r[1] - r[0]);
        }
    }

    /** The segment vma maps as an attach at addr would (vm_start - addr == vm_pgoff pages), or null. */
    private Segment attachedAt(Vma vma, long addr) {
        Segment s = segmentOf(vma.file());
        return s != null && vma.start() >= addr && (vma.start() - addr) / PAGE == vma.pgoff() ? s : null;
    }

    /** shmctl(id, IPC_RMID): gone now if nothing is attached, else at the last detach, its key private at once. */
    public void rmid(int id) {
        Segment s = lookup(id);
        if (s.nattch() > 0) {
            s.mode |= SHM_DEST;
            s.key = IPC_PRIVATE;
        } else {
            destroy(s);
        }
    }

    /** shm_destroy(): the id goes, and (the segment held its last reference) the shmem object's pages and charge. */
    private void destroy(Segment s) {
        int index = s.id & (IPCMNI - 1);
        if (segments.get(index) != s) {
            return;
        }
        segments.set(index, null);
        inUse--;
        shmTot -= (s.size + PAGE - 1) / PAGE;
        cache.evictShmemObject(s.file);
        commit.vmAcctMemory(-s.charged);
    }

    /** The live segments in index order (/proc/sysvipc/shm). */
    public List<Segment> segments() {
        List<Segment> live = new ArrayList<>();
        for (Segment s : segments) {
            if (s != null) {
                live.add(s);
            }
        }
        return live;
    }

    /** /proc/sysvipc/shm (sysvipc_shm_proc_show on a 64-bit kernel; owners are root). */
    public String procShm() {
        StringBuilder sb = new StringBuilder(PROC_HEADER);
        for (Segment s : segments()) {
            sb.append(String.format("%10d %10d  %4o %21s %5d %5d  %5d %5d %5d %5d %5d %10d %10d %10d %21d %21d\n",
                    s.key, s.id, s.mode, Long.toUnsignedString(s.size), s.cpid, s.lpid, s.nattch(), 0, 0, 0, 0,
                    s.atime, s.dtime, s.ctime, s.rssPages() * PAGE, 0));
        }
        return sb.toString();
    }

    /** shmctl(IPC_STAT)'s lookup: the live segment with this id, EINVAL if none. */
    public Segment lookup(int id) {
        int index = id & (IPCMNI - 1);
        Segment s = id < 0 || index >= segments.size() ? null : segments.get(index);
        if (s == null || s.id != id) {
            throw new KernelError(Errno.EINVAL);
        }
        return s;
    }

    private Segment findKey(int key) {
        for (Segment s : segments) {
            if (s != null && s.key == key) {
                return s;
            }
        }
        return null;
    }

    private Segment segmentOf(VmFile f) {
        for (Segment s : segments) {
            if (s != null && s.file == f) {
                return s;
            }
        }
        return null;
    }
}
