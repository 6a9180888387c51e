/*
 * The part of a struct file the mapping code consults (include/linux/fs.h): identity, the path
 * /proc/PID/maps prints, FMODE_READ/FMODE_WRITE of the open file description, and whether its
 * mount is noexec. Identity is object identity, as vm_file pointer comparison is in the kernel.
 * Every file counts the VMAs holding it (the references their vm_file takes, get_file/fput), and
 * its holder, if it has one, is told as they come and go: a SysV segment's shm_open/shm_close, the
 * struct file's last reference, a shared anonymous object's eviction. A shared anonymous object
 * also records the commit charge it took.
 * Leaves out f_op: every file is a regular page-cache file whose mmap accepts MAP_SYNC.
 */
package org.mmsim.mm.vma;

public final class VmFile {
    public final String path;
    public final long inode;
    public final boolean readable;
    public final boolean writable;
    public final boolean noexec;
    /** vma_is_anon_shmem(): the file behind a MAP_SHARED|MAP_ANONYMOUS mapping. */
    public final boolean anonShmem;
    /** Its VMAs' vm_ops have a close: can_merge_remove_vma() forbids a merge to remove one. */
    final boolean vmOpsClose;
    /** The VMAs (in every mm) holding the file; for anonShmem also the pages shmem_acct_size charged. */
    int mappings;
    long shmemCharged;
    private Holder holder;

    /** Whoever acts on the VMAs' references (vm_ops->open/close, the fput of the last one). */
    public interface Holder {
        /** A VMA took a reference (mmap, split, fork): shm_open. */
        default void mappingOpened(VmFile file) {
        }

        /**
         * A VMA dropped its reference (munmap, exit); file.mappingCount() is what is left. Told
         * once per VMA, so a holder acting on the last one must act only once.
         */
        void mappingClosed(VmFile file);
    }

    public VmFile(String path, long inode, boolean readable, boolean writable, boolean noexec) {
        this(path, inode, readable, writable, noexec, false, false);
    }

    private VmFile(String path, long inode, boolean readable, boolean writable, boolean noexec, boolean anonShmem,
            boolean vmOpsClose) {
        this.path = path;
        this.inode = inode;
        this.readable = readable;
        this.writable = writable;
        this.noexec = noexec;
        this.anonShmem = anonShmem;
        this.vmOpsClose = vmOpsClose;
    }

    /** The shmem file shmem_zero_setup() gives each MAP_SHARED|MAP_ANONYMOUS mapping. */
    public static VmFile devZero(long inode) {
        return new VmFile("/dev/zero (deleted)", inode, true, true, false, true, false);
    }

    /**
     * The shmem file newseg() gives a System V segment, mapped with shm_vm_ops (which has a
     * close); maps prints it as Linux's "/SYSV%08x (deleted)".
     */
    public static VmFile sysvShm(long inode, int key) {
        return new VmFile(String.format("/SYSV%08x (deleted)", key), inode, true, true, false, true, true);
    }

    /** The VMAs (in every mm) holding this file: shm_nattch for a SysV segment. */
    public int mappingCount() {
        return mappings;
    }

    /** Sets who is told of the VMAs' references (a file has one holder). */
    public void setHolder(Holder h) {
        holder = h;
    }

    boolean hasHolder() {
        return holder != null;
    }

    void tellOpened() {
        if (holder != null) {
            holder.mappingOpened(this);
        }
    }

    void tellClosed() {
        if (holder != null) {
            holder.mappingClosed(this);
        }
    }

    /** The pages this shared anonymous object holds charged to the commit (0: MAP_NORESERVE, or a file). */
    public long shmemChargedPages() {
        return shmemCharged;
    }

    @Override
    public String toString() {
        return path;
    }
}
