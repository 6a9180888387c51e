/*
 * struct file: an open file description (the inode, f_flags, f_pos and the readahead state
 * f_ra), shared by the descriptors dup() and fork() copy, with the VmFile its mmaps use (one per
 * open file, as vm_file points at the struct file).
 */
package org.mmsim.fs;

import org.mmsim.mm.filemap.Readahead;
import org.mmsim.mm.vma.VmFile;

public final class OpenFile {
    public final Inode inode;
    public final String path;
    public final int flags;
    long pos;
    final Readahead.State ra;
    int refs = 1;
    private VmFile vmFile;

    OpenFile(Inode inode, String path, int flags, int raPages) {
        this.inode = inode;
        this.path = path;
        this.flags = flags;
        this.ra = new Readahead.State(raPages);
    }

    public boolean readable() {
        return (flags & OpenFlags.O_ACCMODE) != OpenFlags.O_WRONLY;
    }

    public boolean writable() {
        return (flags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY;
    }

    /** The vm_file of this open file's mappings, made on first mmap. */
    public VmFile vmFile() {
        if (vmFile == null) {
            vmFile = new VmFile(path, inode.ino, readable(), writable(), false);
            inode.fs.cache.attach(vmFile, inode.mapping);
        }
        return vmFile;
    }
}
