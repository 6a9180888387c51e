/*
 * The part of a struct file the mapping code consults (include/linux/fs.h): identity, the path
 * /proc/PID/maps prints, FMODE_READ/FMODE_WRITE of the open file description, and whether its
 * mount is noexec. Identity is object identity, as vm_file pointer comparison is in the kernel.
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

    @Override
    public String toString() {
        return path;
    }
}
