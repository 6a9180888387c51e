package org.mmsim.fs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.shrinker.ShrinkControl;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random mixes of creating, looking up, opening, closing, writing and unlinking files on the disk
 * filesystem and tmpfs, with drop_caches and partial shrinker passes in between. After every step
 * the references add up: a dentry's count is its cached children, its open files and its pins; an
 * unused dentry is on the LRU; an in-core inode is referenced by its dentry alone, and an unused one
 * without pages is on the inode LRU; dentry-state and inode-nr count exactly the objects there are.
 */
class DcachePropertyTest {
    private static final String[] DIRS = {"/tmp/a", "/tmp/a/b", "/var/c", "/dev/shm/s"};

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(3).list()
                .ofMinSize(1).ofMaxSize(60);
    }

    /** Two descriptors on one file, then unlink: the unhashed dentry holds its parent once. */
    @Example
    void twoDescriptorsOnAnUnlinkedFile() {
        referencesAddUpAfterEveryStep(List.of(new int[] {2, 2, 2}, new int[] {2, 2, 2}, new int[] {4, 2, 2}));
    }

    @Property(tries = 40)
    void referencesAddUpAfterEveryStep(@ForAll("ops") List<int[]> ops) {
        FsFixture f = new FsFixture();
        for (String d : DIRS) {
            f.vfs.mkdir(d, true);
        }
        List<Integer> fds = new ArrayList<>();
        for (int[] op : ops) {
            String path = DIRS[op[1] % DIRS.length] + "/f" + (op[2] % 6);
            try {
                switch (op[0] % 8) {
                    case 0, 1 -> f.vfs.touch(path);
                    case 2 -> fds.add(f.open(path, OpenFlags.O_CREAT | OpenFlags.O_RDWR));
                    case 3 -> {
                        if (!fds.isEmpty()) {
                            f.vfs.close(f.t.files, fds.remove(op[2] % fds.size()));
                        }
                    }
                    case 4 -> f.vfs.unlink(path);
                    case 5 -> {
                        if (!fds.isEmpty()) {
                            int fd = fds.get(op[2] % fds.size());
                            f.vfs.write(f.t.files, fd, -1, 4096L * (1 + op[2] % 4), null, (byte) 7);
                            f.vfs.fsync(f.t.files, fd, false);
                        }
                    }
                    case 6 -> f.vfs.dropCaches(1 + op[2] % 3);
                    default -> {
                        SuperShrinker sb = f.vfs.stat(DIRS[op[1] % DIRS.length]).fs.shrinker;
                        ShrinkControl sc = new ShrinkControl();
                        sc.gfp = Gfp.GFP_KERNEL;
                        sc.nrToScan = op[2] % 8;
                        sc.nrScanned = sc.nrToScan;
                        sb.scanObjects(sc);
                    }
                }
            } catch (KernelError e) {
                // a missing file to unlink: refused, nothing changed
            }
            check(f);
        }
    }

    private static void check(FsFixture f) {
        Map<Dentry, Integer> expected = new IdentityHashMap<>();
        List<Inode> inodes = new ArrayList<>();
        for (String mount : new String[] {"/", "/dev/shm"}) {
            Inode root = f.vfs.stat(mount).fs.root;
            walk(root, expected, inodes);
            // the mount's pin on its root
            expected.merge(root.dentry, 1, Integer::sum);
        }
        // the mountpoint /dev/shm on the root filesystem is pinned by the tmpfs mount
        Inode devShm = f.vfs.stat("/dev").entries.get("shm");
        expected.merge(devShm.dentry, 1, Integer::sum);
        for (int fd : f.t.files.open()) {
            OpenFile file = f.t.files.get(fd);
            Dentry d = file.inode.dentry;
            assertTrue(d != null, "an open file's dentry stays");
            if (d.unhashed && !expected.containsKey(d)) {
                // an unlinked open file: no longer in the tree, still counted while open; it holds
                // its parent once, however many descriptors share it
                expected.put(d, 0);
                if (d.parent != null) {
                    expected.merge(d.parent, 1, Integer::sum);
                }
                inodes.add(d.inode);
            }
            expected.merge(d, 1, Integer::sum);
        }
        long nrDentry = 0;
        long unusedDentries = 0;
        for (Map.Entry<Dentry, Integer> e : expected.entrySet()) {
            Dentry d = e.getKey();
            assertEquals((int) e.getValue(), d.count, "references of a dentry");
            SuperShrinker sb = d.inode.fs.shrinker;
            if (d.count == 0) {
                assertTrue(sb.dentryLru.contains(d.id), "an unused dentry is on the LRU");
            }
            nrDentry++;
            unusedDentries += sb.dentryLru.contains(d.id) ? 1 : 0;
        }
        long nrInodes = 0;
        long unusedInodes = 0;
        for (Inode inode : inodes) {
            if (inode.objAddr == 0) {
                assertEquals(0, inode.iCount);
                continue;
            }
            nrInodes++;
            assertEquals(inode.dentry == null ? 0 : 1, inode.iCount, "only the dentry references an inode");
            if (inode.dentry != null) {
                assertSame(inode, inode.dentry.inode);
            }
            boolean onLru = inode.fs.shrinker.inodeLru.contains(inode.lruId);
            unusedInodes += onLru ? 1 : 0;
            boolean empty = inode.mapping == null || inode.mapping.nrpages() == 0;
            if (inode.iCount == 0 && empty) {
                assertTrue(onLru, "an unused inode without pages is on the LRU");
            }
            assertFalse(inode.fs instanceof Tmpfs && onLru, "tmpfs inodes are pinned by their dentries");
        }
        String[] ds = f.k.sysctl.get("fs.dentry-state").read().split("\t");
        assertEquals(nrDentry, Long.parseLong(ds[0]));
        assertEquals(unusedDentries, Long.parseLong(ds[1]));
        String[] in = f.k.sysctl.get("fs.inode-nr").read().trim().split("\t");
        assertEquals(nrInodes, Long.parseLong(in[0]));
        assertEquals(unusedInodes, Long.parseLong(in[1]));
        assertNotEquals(0, f.vfs.stat("/").objAddr);
    }

    /** Every inode in the tree; each cached dentry's expected count from its cached children and pins. */
    private static void walk(Inode dir, Map<Dentry, Integer> expected, List<Inode> inodes) {
        inodes.add(dir);
        if (dir.dentry != null) {
            expected.merge(dir.dentry, 0, Integer::sum);
            if (dir.dentry.parent != null) {
                expected.merge(dir.dentry.parent, 1, Integer::sum);
            }
            if (dir.fs.persistentDentries() && dir.dentry.parent != null) {
                expected.merge(dir.dentry, 1, Integer::sum);
            }
        }
        if (dir.entries != null) {
            for (Inode child : dir.entries.values()) {
                walk(child, expected, inodes);
            }
        }
    }
}
