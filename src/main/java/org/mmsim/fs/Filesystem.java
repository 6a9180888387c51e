/*
 * A mounted filesystem (struct super_block with its file_system_type): makes inodes, each regular
 * one with a mapping over the filesystem's own backing, and frees a file's data when its last link
 * and last open file are gone (evict_inode; an open file lives while a descriptor or a mapping
 * holds it). DiskFs stores data on a disk; Tmpfs keeps it in memory.
 * Each names the slab cache its in-memory inodes come from and whether its dentries are pinned.
 */
package org.mmsim.fs;

import org.mmsim.mm.filemap.PageCache;

public abstract class Filesystem {
    final PageCache cache;
    private long nextIno = 2;
    /** The root directory (inode 2, as ext2-style filesystems number it). */
    final Inode root;
    /** s_shrink with the s_dentry_lru and s_inode_lru it scans; set when mounted. */
    SuperShrinker shrinker;

    protected Filesystem(PageCache cache) {
        this.cache = cache;
        this.root = new Inode(nextIno++, this, null);
    }

    /** The type /proc/mounts shows. */
    public abstract String type();

    /** The device /proc/mounts shows. */
    public abstract String source();

    /** The mount options /proc/mounts shows. */
    public abstract String options();

    /** A new empty regular file. */
    Inode newFile() {
        return new Inode(nextIno++, this, newMapping());
    }

    Inode newDirectory() {
        return new Inode(nextIno++, this, null);
    }

    protected abstract org.mmsim.mm.filemap.AddressSpace newMapping();

    /** The kmem cache of this filesystem's in-core inodes (its alloc_inode). */
    abstract String inodeCacheName();

    /** Whether every dentry stays pinned while linked (tmpfs: d_make_persistent), so none is ever pruned. */
    abstract boolean persistentDentries();

    /** Whether O_DIRECT opens are allowed (a disk filesystem's files). */
    public abstract boolean supportsDirect();
}
