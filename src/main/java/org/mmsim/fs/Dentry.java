/*
 * struct dentry (include/linux/dcache.h) as far as the dcache's lifetime rules need it: the slab
 * object, the reference count (d_lockref: users, cached children, the mount or a tmpfs pin),
 * DCACHE_REFERENCED, whether it is still hashed, and its parent and inode.
 * Left out: names and hashing (the directory's entries map finds children), negative dentries,
 * aliases (every inode has one name), d_op.
 */
package org.mmsim.fs;

final class Dentry {
    /** Index on the superblock's dentry list_lru. */
    final int id;
    final long addr;
    final Dentry parent;
    final Inode inode;
    int count = 1;
    /** DCACHE_REFERENCED: used again while on the LRU; earns one more pass. */
    boolean referenced;
    /** d_unhashed(): unlinked while in use, so the last dput frees it. */
    boolean unhashed;

    Dentry(int id, long addr, Dentry parent, Inode inode) {
        this.id = id;
        this.addr = addr;
        this.parent = parent;
        this.inode = inode;
    }
}
