/*
 * struct inode for mmsim's filesystems (include/linux/fs.h): number, type, link count (i_nlink:
 * directory entries), the open files holding it (i_count's share from struct files, which
 * outlive close() while a mapping uses them), and for a regular file its page-cache mapping
 * (i_size lives there), for a directory its entries by name (kept sorted, as getdents order does
 * not matter here), and its life in the inode cache: the slab object (0 while only on disk),
 * i_count (the dentry's reference), I_REFERENCED and its place on the superblock's inode LRU
 * (Icache).
 * Left out: owners, permissions and times (every caller is root), hard links beyond the one name.
 */
package org.mmsim.fs;

import org.mmsim.mm.filemap.AddressSpace;

import java.util.TreeMap;

public final class Inode implements AddressSpace.Host {
    public final long ino;
    public final Filesystem fs;
    /** Null for a directory. */
    public final AddressSpace mapping;
    /** Entries of a directory, null for a file. */
    final TreeMap<String, Inode> entries;
    int nlink = 1;
    /** Open files (struct file) holding the inode: open descriptors or mappings keep each alive. */
    int openCount;
    /** The cached dentry naming this inode, null when none is cached. */
    Dentry dentry;
    /** The inode's slab object in its filesystem's inode cache, 0 when not cached. */
    long objAddr;
    /** i_count: references from dentries (and lookups in progress). */
    int iCount;
    /** I_REFERENCED. */
    boolean iReferenced;
    /** Index on the superblock's inode list_lru while cached, -1 otherwise. */
    int lruId = -1;

    Inode(long ino, Filesystem fs, AddressSpace mapping) {
        this.ino = ino;
        this.fs = fs;
        this.mapping = mapping;
        this.entries = mapping == null ? new TreeMap<>() : null;
        if (mapping != null) {
            mapping.host = this;
        }
    }

    /** The page cache lost its last page: an unused inode may now go on the inode LRU (inode_add_lru). */
    @Override
    public void mappingEmptied() {
        if (fs.shrinker != null) {
            fs.shrinker.icache.addLru(this, false);
        }
    }

    public boolean isDirectory() {
        return entries != null;
    }

    public long size() {
        return mapping == null ? 4096 : mapping.size();
    }
}
