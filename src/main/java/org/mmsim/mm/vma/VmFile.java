/*
 * The part of a struct file the mapping code consults (include/linux/fs.h): identity, the path
 * /proc/PID/maps prints, FMODE_READ/FMODE_WRITE of the open file description, and whether its
 * mount is noexec. Identity is object identity, as vm_file pointer comparison is in the kernel.
 * A shared anonymous object also counts the VMAs holding it and the commit charge it took.
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
    /** For anonShmem: the VMAs (in every mm) holding the file, and the pages shmem_acct_size charged. */
    int mappings;
    long shmemCharged;

    public VmFile(String path, long inode, boolean readable, boolean writable, boolean noexec) {
        this(path, inode, readable, writable, noexec, false);
    }

    private VmFile(String path, long inode, boolean readable, boolean writable, boolean noexec, boolean anonShmem) {
        this.path = path;
        this.inode = inode;
        this.readable = readable;
        this.writable = writable;
        this.noexec = noexec;
        this.anonShmem = anonShmem;
    }

    /** The shmem file shmem_zero_setup() gives each MAP_SHARED|MAP_ANONYMOUS mapping. */
    public static VmFile devZero(long inode) {
        return new VmFile("/dev/zero (deleted)", inode, true, true, false, true);
    }

    /** The shmem file newseg() gives a System V segment; maps prints it as Linux's "/SYSV%08x (deleted)". */
    public static VmFile sysvShm(long inode, int key) {
        return new VmFile(String.format("/SYSV%08x (deleted)", key), inode, true, true, false, true);
    }

    /** shm_nattch: the VMAs (in every mm) holding this shared anonymous object. */
    public int mappingCount() {
        return mappings;
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
