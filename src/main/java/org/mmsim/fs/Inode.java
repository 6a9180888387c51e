/*
 * struct inode for mmsim's filesystems (include/linux/fs.h): number, type, link count (i_nlink:
 * directory entries), the open files holding it (i_count's share from struct files, which
 * outlive close() while a mapping uses them), and for a regular file its page-cache mapping
 * (i_size lives there), for a directory its entries by name (kept sorted, as getdents order does
 * not matter here).
 * Left out: owners, permissions and times (every caller is root), hard links beyond the one name.
 */
package org.mmsim.fs;

import org.mmsim.mm.filemap.AddressSpace;

import java.util.TreeMap;

public final class Inode {
    public final long ino;
    public final Filesystem fs;
    /** Null for a directory. */
    public final AddressSpace mapping;
    /** Entries of a directory, null for a file. */
    final TreeMap<String, Inode> entries;
    int nlink = 1;
    /** Open files (struct file) holding the inode: open descriptors or mappings keep each alive. */
    int openCount;

    Inode(long ino, Filesystem fs, AddressSpace mapping) {
        this.ino = ino;
        this.fs = fs;
        this.mapping = mapping;
        this.entries = mapping == null ? new TreeMap<>() : null;
    }

    public boolean isDirectory() {
        return entries != null;
    }

    public long size() {
        return mapping == null ? 4096 : mapping.size();
    }
}
