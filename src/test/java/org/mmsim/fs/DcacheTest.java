package org.mmsim.fs;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.shrinker.ShrinkControl;
import org.mmsim.mm.shrinker.Shrinker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dcache and icache LRUs one superblock-shrinker pass at a time (super_cache_scan). */
class DcacheTest {
    private final FsFixture f = new FsFixture();

    /** One scan_objects call asking for nr objects; super_cache_scan walks nr + 1 of the dentry LRU. */
    private static long scan(SuperShrinker sb, long nr, int gfp) {
        ShrinkControl sc = new ShrinkControl();
        sc.gfp = gfp;
        sc.nid = 0;
        sc.nrToScan = nr;
        sc.nrScanned = nr;
        return sb.scanObjects(sc);
    }

    @Test
    void aReferencedDentryGetsOneMorePassAndParentsDieWithTheirLastChild() {
        f.vfs.mkdir("/tmp/d", false);
        f.vfs.touch("/tmp/d/a");
        f.vfs.touch("/tmp/d/b");
        f.vfs.touch("/tmp/d/c");
        Inode tmp = f.vfs.stat("/tmp");
        Inode d = f.vfs.stat("/tmp/d");
        Inode a = f.vfs.stat("/tmp/d/a");
        Inode b = f.vfs.stat("/tmp/d/b");
        Inode c = f.vfs.stat("/tmp/d/c");
        SuperShrinker sb = a.fs.shrinker;
        // on the LRU: tmp and d (lazily: their children use them), and a, b, c, each put a second
        // time by stat() and so DCACHE_REFERENCED; every inode is pinned by its dentry
        assertEquals(5, sb.dentryLru.count());
        assertEquals(0, sb.inodeLru.count());
        assertTrue(a.dentry.referenced && b.dentry.referenced && c.dentry.referenced);
        // one pass over the five (nr_to_scan + 1): tmp and d leave the LRU, a, b, c rotate
        assertEquals(2, scan(sb, 4, Gfp.GFP_KERNEL));
        assertEquals(3, sb.dentryLru.count());
        assertFalse(a.dentry.referenced || b.dentry.referenced || c.dentry.referenced);
        f.vfs.touch("/tmp/d/a"); // used again: referenced
        // the next pass frees b and c, a survives it; the inode half of the same call (one inode: the
        // count was split while the inode LRU was empty) then evicts b's inode, the oldest there
        assertEquals(3, scan(sb, 2, Gfp.GFP_KERNEL));
        assertNull(b.dentry);
        assertNull(c.dentry);
        assertNotNull(a.dentry);
        assertEquals(0, b.objAddr);
        assertEquals(1, sb.inodeLru.count(), "c's inode, unused now");
        // the third frees a; /tmp/d loses its last child and dies with it, then /tmp; c's inode goes
        assertEquals(2, scan(sb, 0, Gfp.GFP_KERNEL));
        assertNull(a.dentry);
        assertNull(d.dentry);
        assertNull(tmp.dentry);
        assertEquals(0, c.objAddr);
        assertEquals(3, sb.inodeLru.count(), "a, d and tmp");
        assertTrue(sb.inodeLru.contains(a.lruId));
        assertEquals(3, scan(sb, 100, Gfp.GFP_KERNEL));
        assertEquals(0, a.objAddr);
        assertEquals(-1, a.lruId);
        // looking the file up again reads the inode back in and makes the dentries anew
        f.vfs.touch("/tmp/d/a");
        assertNotNull(a.dentry);
        assertNotEquals(0, a.objAddr);
        assertNotNull(d.dentry);
        assertNotNull(tmp.dentry);
    }

    @Test
    void anInodeWithPageCacheStaysOffTheLruUntilItsPagesGo() {
        int fd = f.open("/tmp/data", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        f.vfs.write(f.t.files, fd, -1, 64 << 10, null, (byte) 1);
        f.vfs.fsync(f.t.files, fd, false);
        Inode data = f.vfs.stat("/tmp/data");
        SuperShrinker sb = data.fs.shrinker;
        assertFalse(sb.dentryLru.contains(data.dentry.id) && data.dentry.count == 0, "open: in use");
        f.vfs.close(f.t.files, fd);
        f.vfs.dropCaches(2);
        assertNull(data.dentry, "the dentry went");
        assertNotEquals(0, data.objAddr, "the inode stays: 16 pages in the cache (mapping_shrinkable)");
        assertFalse(sb.inodeLru.contains(data.lruId));
        f.vfs.dropCaches(1); // the last page leaves: inode_add_lru
        assertTrue(sb.inodeLru.contains(data.lruId));
        f.vfs.dropCaches(2);
        assertEquals(0, data.objAddr);
    }

    @Test
    void withoutGfpFsTheShrinkerStopsAndUnlinkFreesAtOnce() {
        f.vfs.touch("/tmp/x");
        Inode x = f.vfs.stat("/tmp/x");
        assertEquals(Shrinker.SHRINK_STOP, scan(x.fs.shrinker, 10, Gfp.GFP_NOFS));
        assertNotNull(x.dentry);
        long addr = x.objAddr;
        assertNotEquals(0, addr);
        f.vfs.unlink("/tmp/x");
        assertNull(x.dentry, "no negative dentries: the unused dentry is freed at unlink");
        assertEquals(0, x.objAddr, "the unlinked inode is evicted with its last reference");
        // an open file keeps both until its last close
        int fd = f.open("/tmp/y", OpenFlags.O_CREAT | OpenFlags.O_RDWR);
        Inode y = f.vfs.stat("/tmp/y");
        f.vfs.unlink("/tmp/y");
        assertNotNull(y.dentry);
        assertTrue(y.dentry.unhashed);
        f.vfs.close(f.t.files, fd);
        assertNull(y.dentry);
        assertEquals(0, y.objAddr);
    }
}
