/*
 * System V shared memory (ipc/shm.c): shmget() (newseg and the key lookup of ipcget), shmat()
 * (do_shmat mapping the segment's shmem file MAP_SHARED), shmdt() and shmctl(IPC_RMID), with the
 * kernel.shmmax/shmall/shmmni limits at Linux 6.x defaults. The segment's file is an anonymous
 * shmem object, so its pages count as Shmem; attach counts are its VMAs (shm_nattch).
 * Leaves out: SHM_HUGETLB, SHM_LOCK, SHM_REMAP/SHM_EXEC, shm_rmid_forced, IPC namespaces, permission
 * checks (every caller is root), the commit charge of newseg, and freeing a destroyed segment's
 * pages (they stay with the shmem mapping until reclaim).
 */
package org.mmsim.kernel;

import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import java.util.ArrayList;
import java.util.List;

public final class SysvShm {
    public static final int IPC_PRIVATE = 0;
    public static final int IPC_CREAT = 01000;
    public static final int IPC_EXCL = 02000;
    public static final int SHM_RDONLY = 010000;
    /** SHMMIN: the smallest segment. */
    public static final long SHMMIN = 1;
    /** IPCMNI_SHIFT: an id is seq << 15 | index. */
    private static final int IPCMNI_SHIFT = 15;
    private static final long PAGE = 4096;

    /** kernel.shmmax and kernel.shmall (ULONG_MAX - 2^24, as Linux 6.x), kernel.shmmni (4096). */
    public long shmmax = -1L - (1L << 24);
    public long shmall = -1L - (1L << 24);
    public int shmmni = 4096;

    /** One segment: struct shmid_kernel. */
    public static final class Segment {
        public final int id;
        public final int key;
        public final long size;
        public final int mode;
        public final VmFile file;
        boolean removed;

        Segment(int id, int key, long size, int mode, VmFile file) {
            this.id = id;
            this.key = key;
            this.size = size;
            this.mode = mode;
            this.file = file;
        }

        public int nattch() {
            return file.mappingCount();
        }
    }

    /** Live segments by index (ids.ipcs_idr); null where free. */
    private final List<Segment> segments = new ArrayList<>();
    private int seq;
    private long shmTot;
    private long nextInode = 1L << 40;

    /** shmget(2). */
    public int shmget(int key, long size, int flags) {
        reapAll();
        if (key != IPC_PRIVATE) {
            Segment s = findKey(key);
            if (s != null) {
                if ((flags & (IPC_CREAT | IPC_EXCL)) == (IPC_CREAT | IPC_EXCL)) {
                    throw new KernelError(Errno.EEXIST);
                }
                if (s.size < size) {
                    throw new KernelError(Errno.EINVAL);
                }
                return s.id;
            }
            if ((flags & IPC_CREAT) == 0) {
                throw new KernelError(Errno.ENOENT);
            }
        }
        return newseg(key, size, flags);
    }

    private int newseg(int key, long size, int flags) {
        if (size < SHMMIN || Long.compareUnsigned(size, shmmax) > 0) {
            throw new KernelError(Errno.EINVAL);
        }
        long pages = (size + PAGE - 1) / PAGE;
        if (Long.compareUnsigned(shmTot + pages, shmTot) < 0 || Long.compareUnsigned(shmTot + pages, shmall) > 0) {
            throw new KernelError(Errno.ENOSPC);
        }
        int index = segments.indexOf(null);
        if (index < 0) {
            index = segments.size();
        }
        if (index >= shmmni) {
            throw new KernelError(Errno.ENOSPC);
        }
        int id = (seq++ << IPCMNI_SHIFT) | index;
        Segment s = new Segment(id, key, size, flags & 0777, VmFile.sysvShm(nextInode++, key));
        if (index == segments.size()) {
            segments.add(s);
        } else {
            segments.set(index, s);
        }
        shmTot += pages;
        return id;
    }

    /** shmat(2) with a NULL address: the segment mapped MAP_SHARED, read-only under SHM_RDONLY. */
    public long shmat(Task t, int id, int flags) {
        Segment s = lookup(id);
        int prot = (flags & SHM_RDONLY) != 0 ? Mman.PROT_READ : Mman.PROT_READ | Mman.PROT_WRITE;
        return Mmap.mmap(t.mm(), t.limits(), 0, s.size, prot, Mman.MAP_SHARED, s.file, 0);
    }

    /** shmdt(2): unmaps the segment's VMA starting at addr; the last detach of a removed segment ends it. */
    public void shmdt(Task t, long addr) {
        MmStruct mm = t.mm();
        Vma vma = mm.findVma(addr);
        if (vma == null || vma.start() != addr || vma.pgoff() != 0 || segmentOf(vma.file()) == null) {
            throw new KernelError(Errno.EINVAL);
        }
        Segment s = segmentOf(vma.file());
        Munmap.munmap(mm, addr, vma.end() - addr);
        reap(s);
    }

    /** shmctl(id, IPC_RMID): the key goes at once; the segment when its last attach does. */
    public void rmid(int id) {
        Segment s = lookup(id);
        s.removed = true;
        reap(s);
    }

    /** Ends removed segments no VMA holds any more (their last attach went by exit or munmap). */
    private void reapAll() {
        for (Segment s : new ArrayList<>(segments)) {
            if (s != null) {
                reap(s);
            }
        }
    }

    private void reap(Segment s) {
        if (s.removed && s.nattch() == 0) {
            segments.set(s.id & ((1 << IPCMNI_SHIFT) - 1), null);
            shmTot -= (s.size + PAGE - 1) / PAGE;
        }
    }

    /** The live segments in index order (/proc/sysvipc/shm). */
    public List<Segment> segments() {
        reapAll();
        List<Segment> live = new ArrayList<>();
        for (Segment s : segments) {
            if (s != null) {
                live.add(s);
            }
        }
        return live;
    }

    private Segment lookup(int id) {
        int index = id & ((1 << IPCMNI_SHIFT) - 1);
        Segment s = id < 0 || index >= segments.size() ? null : segments.get(index);
        if (s == null || s.id != id) {
            throw new KernelError(Errno.EINVAL);
        }
        return s;
    }

    private Segment findKey(int key) {
        for (Segment s : segments) {
            if (s != null && !s.removed && s.key == key) {
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
