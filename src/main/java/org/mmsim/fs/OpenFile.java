/*
 * struct file: an open file description (the inode, f_flags, f_pos and the readahead state
 * f_ra), shared by the descriptors dup() and fork() copy, with the VmFile its mmaps use (one per
 * open file, as vm_file points at the struct file). f_count is the descriptors (refs) plus the
 * VMAs holding the VmFile; when both are gone the file is released (__fput), and with it its
 * hold on the inode.
 */
package org.mmsim.fs;

import org.mmsim.mm.filemap.Readahead;
import org.mmsim.mm.vma.VmFile;

import java.util.function.Consumer;

public final class OpenFile {
    public final Inode inode;
    public final String path;
    public final int flags;
    long pos;
    final Readahead.State ra;
    /** Descriptors (in every task's table) referring to this open file. */
    int refs = 1;
    private VmFile vmFile;
    private boolean released;
    /** __fput() of the last reference: called once descriptors and mappings are all gone. */
    private final Consumer<OpenFile> release;

    OpenFile(Inode inode, String path, int flags, int raPages, Consumer<OpenFile> release) {
        this.inode = inode;
        this.path = path;
        this.flags = flags;
        this.ra = new Readahead.State(raPages);
        this.release = release;
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
            vmFile.setHolder(f -> {
                if (refs == 0 && f.mappingCount() == 0 && !released) {
                    released = true;
                    release.accept(this);
                }
            });
        }
        return vmFile;
    }

    /** fput() of a descriptor's reference: true when it was the last reference of any kind. */
    boolean putDescriptor() {
        if (--refs == 0 && (vmFile == null || vmFile.mappingCount() == 0)) {
            released = true;
        }
        return released;
    }

    /** The vm_file, if the file was ever mapped (null otherwise). */
    VmFile mappedFile() {
        return vmFile;
    }
}
