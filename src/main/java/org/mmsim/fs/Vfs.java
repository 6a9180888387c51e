/*
 * The file system calls (fs/open.c, fs/read_write.c, fs/namei.c, fs/sync.c, fs/open.c's
 * vfs_fallocate, mm/fadvise.c, fs/drop_caches.c) over the mounted filesystems: absolute paths
 * resolved component by component through the mount table, descriptors in the calling task's
 * FileTable, Linux's errnos for what Linux refuses (and nothing changed then). Buffered I/O goes
 * through the page cache (FileIo) with balance_dirty_pages() after writes; O_DIRECT I/O writes back
 * and drops the cached range, then goes to the disk; O_SYNC/O_DSYNC writes are followed by
 * fsync/fdatasync of what they wrote. Truncation first unmaps the pages past the new end from
 * every process (unmap_mapping_range with even_cows), so a later access there gets SIGBUS.
 * Every path component walked or created gets a dentry and an in-core inode in slab (Dcache,
 * Icache); open files hold their dentries, and each mount registers its superblock's shrinker.
 * Left out: relative paths and a working directory, symlinks, permissions (the caller is root),
 * rename, rmdir, hard links, file locks, O_TMPFILE, O_NONBLOCK, readv/writev, sendfile, splice;
 * direct I/O needs page-aligned offsets and lengths (Linux allows the disk's 512-byte blocks).
 */
package org.mmsim.fs;

import org.mmsim.block.Disks;
import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.FileIo;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.memory.Zap;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.rmap.Rmap;
import org.mmsim.mm.shrinker.Shrinkers;
import org.mmsim.mm.slab.Slub;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.writeback.Writeback;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Sysctl;

import java.util.ArrayList;
import java.util.List;

public final class Vfs {
    private static final long PAGE = MemMap.PAGE_SIZE;
    /** MAX_LFS_FILESIZE on 64-bit: the largest offset a file can reach. */
    public static final long MAX_FILE_SIZE = Long.MAX_VALUE;

    /** One mount: where, and which filesystem. */
    public record Mount(String path, Filesystem fs) {
    }

    private final UserMemory um;
    private final PageCache cache;
    private final FileIo io;
    private final Writeback writeback;
    private final long[] vmEvents;
    private final List<Mount> mounts = new ArrayList<>();
    private final Dcache dcache;

    /**
     * The root filesystem on the first disk (tmpfs when the machine has none), and tmpfs at /dev/shm;
     * their dentries and inodes in slab caches, each superblock's shrinker registered with reclaim.
     */
    public Vfs(UserMemory um, Disks disks, Slub slab, Shrinkers shrinkers) {
        this.um = um;
        this.cache = um.pageCache;
        this.io = new FileIo(cache);
        this.writeback = um.writeback;
        this.vmEvents = um.vmEvents;
        this.dcache = new Dcache(slab, shrinkers, um.alloc.zones().nrNodes());
        Filesystem root = disks.root() == null ? new Tmpfs(cache) : new DiskFs(cache, disks.root());
        dcache.mount(root);
        mounts.add(new Mount("/", root));
        // directories already on the filesystem: their dentries are made when first looked up
        for (String dir : new String[] {"dev", "tmp", "var", "home"}) {
            root.root.entries.put(dir, root.newDirectory());
        }
        root.root.entries.get("dev").entries.put("shm", root.newDirectory());
        Tmpfs shm = new Tmpfs(cache);
        mount("/dev/shm", stat("/dev/shm"), shm);
    }

    /** vm.vfs_cache_pressure and vm.vfs_cache_pressure_denom (fs/dcache.c). */
    public void registerSysctls(Sysctl sysctl) {
        dcache.registerSysctls(sysctl);
    }

    /** do_new_mount(): the filesystem's root dentry made, the mountpoint's dentry pinned. */
    private void mount(String path, Inode mountpoint, Filesystem fs) {
        dcache.dget(mountpoint.dentry);
        dcache.mount(fs);
        mounts.add(new Mount(path, fs));
    }

    /** A new file or directory under dir (vfs_create/vfs_mkdir): its dentry made and put on the LRU. */
    private void create(Inode dir, String name, Inode child) {
        dcache.dput(createHeld(dir, name, child));
    }

    /** As create(), keeping the new dentry's reference (an open of a file it creates). */
    private Dentry createHeld(Inode dir, String name, Inode child) {
        Dentry parent = dcache.dget(dir.dentry);
        try {
            Dentry d = dcache.create(parent, child);
            dir.entries.put(name, child);
            return d;
        } finally {
            dcache.dput(parent);
        }
    }

    // ---- paths ----

    /** The mount a path lies in: the longest mount point that prefixes it. */
    private Mount mountOf(String path) {
        Mount best = mounts.get(0);
        for (Mount m : mounts) {
            if ((path.equals(m.path) || path.startsWith(m.path.endsWith("/") ? m.path : m.path + "/"))
                    && m.path.length() > best.path.length()) {
                best = m;
            }
        }
        return best;
    }

    /** The path's components below its mount point. */
    private static String[] components(String path, Mount m) {
        String rest = path.substring(m.path.length());
        List<String> out = new ArrayList<>();
        for (String c : rest.split("/")) {
            if (!c.isEmpty() && !c.equals(".")) {
                out.add(c);
            }
        }
        return out.toArray(new String[0]);
    }

    private static void checkAbsolute(String path) {
        if (path.isEmpty()) {
            throw new KernelError(Errno.ENOENT);
        }
        if (!path.startsWith("/")) {
            throw new KernelError(Errno.EINVAL);
        }
        if (path.contains("/../") || path.endsWith("/..")) {
            throw new KernelError(Errno.EINVAL);
        }
    }

    /** The directory holding the last component, and that component's name ("" for a mount's root). */
    private record Parent(Inode dir, String name) {
    }

    private Parent parent(String path) {
        checkAbsolute(path);
        Mount m = mountOf(path);
        String[] c = components(path, m);
        Inode dir = m.fs.root;
        // each component's dentry looked up (made if not cached) with its parent held
        Dentry held = dcache.dget(dir.dentry);
        try {
            for (int i = 0; i < c.length - 1; i++) {
                Inode next = dir.entries.get(c[i]);
                if (next == null) {
                    throw new KernelError(Errno.ENOENT);
                }
                Dentry d = dcache.lookup(held, next);
                dcache.dput(held);
                held = d;
                if (!next.isDirectory()) {
                    throw new KernelError(Errno.ENOTDIR);
                }
                dir = next;
            }
        } finally {
            dcache.dput(held);
        }
        return new Parent(dir, c.length == 0 ? "" : c[c.length - 1]);
    }

    /** The inode at path, or null when only the last component is missing; its dentry is made if not cached. */
    private Inode lookup(Parent p) {
        if (p.name.isEmpty()) {
            return p.dir;
        }
        Inode inode = p.dir.entries.get(p.name);
        if (inode != null) {
            Dentry parent = dcache.dget(p.dir.dentry);
            try {
                dcache.dput(dcache.lookup(parent, inode));
            } finally {
                dcache.dput(parent);
            }
        }
        return inode;
    }

    /** mkdir(2); with parents, as mkdir -p: missing parents made, an existing directory is fine. */
    public void mkdir(String path, boolean parents) {
        checkAbsolute(path);
        if (parents) {
            StringBuilder sofar = new StringBuilder();
            for (String c : path.split("/")) {
                if (c.isEmpty()) {
                    continue;
                }
                sofar.append('/').append(c);
                Parent p = parent(sofar.toString());
                Inode existing = lookup(p);
                if (existing == null) {
                    create(p.dir, p.name, mountOf(sofar.toString()).fs.newDirectory());
                } else if (!existing.isDirectory()) {
                    throw new KernelError(Errno.ENOTDIR);
                }
            }
            return;
        }
        Parent p = parent(path);
        if (lookup(p) != null) {
            throw new KernelError(Errno.EEXIST);
        }
        create(p.dir, p.name, p.dir.fs.newDirectory());
    }

    /**
     * touch(1) as openat(O_WRONLY|O_CREAT|O_NOCTTY|O_NONBLOCK) + close: a missing file is created,
     * an existing one only looked up (its times are not kept).
     */
    public void touch(String path) {
        Parent p = parent(path);
        Inode inode = lookup(p);
        if (inode != null) {
            return;
        }
        if (path.endsWith("/")) {
            throw new KernelError(Errno.EISDIR);
        }
        create(p.dir, p.name, p.dir.fs.newFile());
    }

    // ---- open, close ----

    /** open(2): the new descriptor. */
    public int open(FileTable table, String path, int flags) {
        Parent p = parent(path);
        Inode inode = lookup(p);
        boolean writes = (flags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY;
        if ((flags & OpenFlags.O_ACCMODE) == OpenFlags.O_ACCMODE) {
            throw new KernelError(Errno.EINVAL);
        }
        if (inode == null) {
            if ((flags & OpenFlags.O_CREAT) == 0) {
                throw new KernelError(Errno.ENOENT);
            }
            if (path.endsWith("/")) {
                throw new KernelError(Errno.EISDIR);
            }
        } else if ((flags & (OpenFlags.O_CREAT | OpenFlags.O_EXCL)) == (OpenFlags.O_CREAT | OpenFlags.O_EXCL)) {
            throw new KernelError(Errno.EEXIST);
        } else if (inode.isDirectory() && (writes || (flags & OpenFlags.O_CREAT) != 0)) {
            throw new KernelError(Errno.EISDIR);
        } else if (!inode.isDirectory() && (flags & OpenFlags.O_DIRECTORY) != 0) {
            throw new KernelError(Errno.ENOTDIR);
        }
        Filesystem fs = inode == null ? p.dir.fs : inode.fs;
        if ((flags & OpenFlags.O_DIRECT) != 0 && !fs.supportsDirect()) {
            throw new KernelError(Errno.EINVAL);
        }
        // a descriptor must be free before anything is created
        OpenFile probe = new OpenFile(p.dir, path, flags, 0, this::fileReleased);
        int fd = table.install(probe);
        if (fd < 0) {
            throw new KernelError(Errno.EMFILE);
        }
        table.remove(fd);
        if (inode == null) {
            inode = fs.newFile();
            createHeld(p.dir, p.name, inode);
        } else {
            // the open file's f_path holds the dentry
            dcache.dget(inode.dentry);
        }
        if ((flags & OpenFlags.O_TRUNC) != 0 && writes && !inode.isDirectory()) {
            truncate(inode, 0);
        }
        OpenFile f = new OpenFile(inode, path, flags, inode.isDirectory() ? 0 : inode.mapping.raPages,
                this::fileReleased);
        inode.openCount++;
        return table.install(f);
    }

    /** close(2). */
    public void close(FileTable table, long fd) {
        OpenFile f = table.remove(fd);
        if (f == null) {
            throw new KernelError(Errno.EBADF);
        }
        release(f);
    }

    /** Every descriptor of an exiting task closed (exit_files). */
    public void closeAll(FileTable table) {
        for (int fd : table.open()) {
            release(table.remove(fd));
        }
    }

    private void release(OpenFile f) {
        if (f.putDescriptor()) {
            fileReleased(f);
        }
    }

    /**
     * __fput(): the open file's last reference (descriptor or mapping) is gone; its vm_file leaves
     * the mapping's i_mmap and the inode loses a holder (iput).
     */
    private void fileReleased(OpenFile f) {
        if (f.mappedFile() != null) {
            cache.detach(f.mappedFile());
        }
        Inode inode = f.inode;
        inode.openCount--;
        dcache.dput(inode.dentry);
        evictIfUnused(inode);
    }

    /**
     * iput_final() -> evict(): an unlinked file no open file holds (none open, none mapped) loses
     * its pages, dirty or not (truncate_inode_pages_final; shmem_evict_inode for tmpfs), and its
     * blocks.
     */
    private void evictIfUnused(Inode inode) {
        if (inode.nlink == 0 && inode.openCount == 0 && inode.mapping != null) {
            truncate(inode, 0);
            cache.releaseMapping(inode.mapping);
        }
    }

    private OpenFile file(FileTable table, long fd) {
        OpenFile f = table.get(fd);
        if (f == null) {
            throw new KernelError(Errno.EBADF);
        }
        return f;
    }

    // ---- read, write ----

    /** read(2)/pread64(2): dst null discards the data. pos < 0 means the file position. */
    public long read(FileTable table, long fd, long pos, long count, byte[] dst) {
        OpenFile f = file(table, fd);
        if (!f.readable()) {
            throw new KernelError(Errno.EBADF);
        }
        if (f.inode.isDirectory()) {
            throw new KernelError(Errno.EISDIR);
        }
        if (count < 0 || pos < -1) {
            throw new KernelError(Errno.EINVAL);
        }
        long at = pos < 0 ? f.pos : pos;
        long n;
        AddressSpace as = f.inode.mapping;
        if ((f.flags & OpenFlags.O_DIRECT) != 0) {
            checkDirect(at, count);
            writeback.writeAndWait(as, at, at + count - 1);
            n = io.directRead(as, at, count, dst, 0);
        } else {
            n = io.read(as, f.ra, at, count, dst, 0);
        }
        if (pos < 0) {
            f.pos += n;
        }
        return n;
    }

    /** write(2)/pwrite64(2): from src, or (src null) count bytes of fill. pos < 0 means the file position. */
    public long write(FileTable table, long fd, long pos, long count, byte[] src, byte fill) {
        OpenFile f = file(table, fd);
        if (!f.writable()) {
            throw new KernelError(Errno.EBADF);
        }
        if (count < 0 || pos < -1) {
            throw new KernelError(Errno.EINVAL);
        }
        AddressSpace as = f.inode.mapping;
        // O_APPEND: write(2) goes to the end; pwrite(2) on Linux does too
        long at = (f.flags & OpenFlags.O_APPEND) != 0 ? as.size() : pos < 0 ? f.pos : pos;
        if (count > MAX_FILE_SIZE - at) {
            throw new KernelError(Errno.EFBIG);
        }
        long n;
        if ((f.flags & OpenFlags.O_DIRECT) != 0) {
            checkDirect(at, count);
            writeback.writeAndWait(as, at, at + count - 1);
            io.invalidate(as, at >>> MemMap.PAGE_SHIFT, (at + count - 1) >>> MemMap.PAGE_SHIFT);
            n = io.directWrite(as, at, count, src, 0, fill);
        } else {
            long size = as.size();
            if (!as.shmem && at > size && (size & (PAGE - 1)) != 0 && count > 0) {
                // ext4 (6.18) zeroes the tail of the old EOF block before a write beyond it: that page is dirtied
                io.zeroRange(as, size, Math.min(at, (size | (PAGE - 1)) + 1));
            }
            n = writeBuffered(as, at, count, src, fill);
            if ((f.flags & OpenFlags.O_DSYNC) != 0 && n > 0) {
                writeback.fsyncRange(as, at, at + n - 1, (f.flags & OpenFlags.O_SYNC) != OpenFlags.O_SYNC);
            }
        }
        if (pos < 0 || (f.flags & OpenFlags.O_APPEND) != 0) {
            f.pos = at + n;
        }
        return n;
    }

    /** generic_perform_write() in steps, calling balance_dirty_pages_ratelimited() as pages get dirtied. */
    private long writeBuffered(AddressSpace as, long at, long count, byte[] src, byte fill) {
        long done = 0;
        long step = 32 * PAGE;
        while (done < count) {
            long n = Math.min(step - ((at + done) & (step - 1)), count - done);
            long w;
            try {
                w = io.write(as, at + done, n, src, (int) done, fill);
            } catch (KernelError e) {
                if (done == 0) {
                    throw e;
                }
                break;
            }
            done += w;
            writeback.balanceDirtyPages(as);
            if (w < n) {
                break;
            }
        }
        return done;
    }

    private static void checkDirect(long pos, long count) {
        if ((pos & (PAGE - 1)) != 0 || (count & (PAGE - 1)) != 0) {
            throw new KernelError(Errno.EINVAL);
        }
    }

    /** lseek(2). */
    public long lseek(FileTable table, long fd, long offset, int whence) {
        OpenFile f = file(table, fd);
        long base = switch (whence) {
            case OpenFlags.SEEK_SET -> 0;
            case OpenFlags.SEEK_CUR -> f.pos;
            case OpenFlags.SEEK_END -> f.inode.size();
            default -> throw new KernelError(Errno.EINVAL);
        };
        long pos = base + offset;
        if (pos < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        f.pos = pos;
        return pos;
    }

    // ---- fsync, sync ----

    /** fsync(2)/fdatasync(2): the file's dirty pages written and on disk, the disk's cache flushed. */
    public void fsync(FileTable table, long fd, boolean datasync) {
        OpenFile f = file(table, fd);
        if (f.inode.isDirectory()) {
            return;
        }
        writeback.fsyncRange(f.inode.mapping, 0, Long.MAX_VALUE, datasync);
    }

    /** sync(2). */
    public void sync() {
        writeback.syncAll();
    }

    // ---- sizes and space ----

    /** ftruncate(2). */
    public void ftruncate(FileTable table, long fd, long length) {
        OpenFile f = file(table, fd);
        if (length < 0 || f.inode.isDirectory() || !f.writable()) {
            throw new KernelError(Errno.EINVAL);
        }
        truncate(f.inode, length);
    }

    /**
     * truncate_pagecache() + the filesystem's block freeing: processes lose their mappings of the
     * pages past the new end (private copies too), then the cache and the disk lose them.
     */
    private void truncate(Inode inode, long length) {
        AddressSpace as = inode.mapping;
        long firstGone = (length + PAGE - 1) >>> MemMap.PAGE_SHIFT;
        if (length < as.size()) {
            unmapFrom(as, firstGone);
        }
        io.truncate(as, length);
    }

    /** unmap_mapping_range(mapping, holebegin, 0, even_cows): every VMA's pages from index on. */
    private void unmapFrom(AddressSpace as, long fromIndex) {
        if (as.mappedFiles().isEmpty()) {
            return;
        }
        for (Rmap.Member mem : um.rmap.members()) {
            for (Vma vma : new ArrayList<>(mem.mm.vmas())) {
                VmFile file = vma.file();
                if (file == null || !as.mappedFiles().contains(file)) {
                    continue;
                }
                long first = Math.max(fromIndex, vma.pgoff());
                long last = vma.pgoff() + vma.pages();
                if (first >= last) {
                    continue;
                }
                long start = vma.start() + ((first - vma.pgoff()) << MemMap.PAGE_SHIFT);
                Zap.zapRange(um, mem.pt, start, vma.end());
            }
        }
    }

    /** fallocate(2): mode 0 or FALLOC_FL_KEEP_SIZE allocates, with FALLOC_FL_PUNCH_HOLE deallocates. */
    public void fallocate(FileTable table, long fd, int mode, long offset, long len) {
        OpenFile f = file(table, fd);
        if (offset < 0 || len <= 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if ((mode & ~(OpenFlags.FALLOC_FL_KEEP_SIZE | OpenFlags.FALLOC_FL_PUNCH_HOLE)) != 0) {
            throw new KernelError(Errno.EOPNOTSUPP);
        }
        if ((mode & OpenFlags.FALLOC_FL_PUNCH_HOLE) != 0 && (mode & OpenFlags.FALLOC_FL_KEEP_SIZE) == 0) {
            throw new KernelError(Errno.EOPNOTSUPP);
        }
        if (!f.writable()) {
            throw new KernelError(Errno.EBADF);
        }
        if (f.inode.isDirectory()) {
            throw new KernelError(Errno.EISDIR);
        }
        if (offset > MAX_FILE_SIZE - len) {
            throw new KernelError(Errno.EFBIG);
        }
        AddressSpace as = f.inode.mapping;
        if ((mode & OpenFlags.FALLOC_FL_PUNCH_HOLE) != 0) {
            punchHole(f.inode, offset, len);
            return;
        }
        if (!(f.inode.fs instanceof DiskFs)) {
            // shmem_fallocate(): pages are made now, zeroed
            io.populate(as, offset >>> MemMap.PAGE_SHIFT, (offset + len - 1) >>> MemMap.PAGE_SHIFT);
        } else {
            long first = offset >>> MemMap.PAGE_SHIFT, last = (offset + len - 1) >>> MemMap.PAGE_SHIFT;
            for (long i = first; i <= last; i++) {
                if (as.backing.block(i) < 0 && as.backing.allocateBlock(i) < 0) {
                    throw new KernelError(Errno.ENOSPC);
                }
            }
        }
        if ((mode & OpenFlags.FALLOC_FL_KEEP_SIZE) == 0 && offset + len > as.size()) {
            io.extend(as, offset + len);
        }
    }

    /** FALLOC_FL_PUNCH_HOLE: whole pages inside the range lose data and blocks; partial ends are zeroed. */
    private void punchHole(Inode inode, long offset, long len) {
        AddressSpace as = inode.mapping;
        long end = Math.min(offset + len, as.size());
        if (offset >= end) {
            return;
        }
        long firstWhole = (offset + PAGE - 1) >>> MemMap.PAGE_SHIFT;
        long endWhole = end >>> MemMap.PAGE_SHIFT;
        io.zeroRange(as, offset, Math.min(end, firstWhole << MemMap.PAGE_SHIFT));
        if (endWhole >= firstWhole) {
            io.zeroRange(as, Math.max(offset, endWhole << MemMap.PAGE_SHIFT), end);
        }
        if (endWhole > firstWhole) {
            io.removeRange(as, firstWhole, endWhole);
            as.backing.freeBlocks(firstWhole, endWhole);
        }
    }

    /** posix_fadvise(2) (generic_fadvise). */
    public void fadvise(FileTable table, long fd, long offset, long len, int advice) {
        OpenFile f = file(table, fd);
        if (advice < OpenFlags.POSIX_FADV_NORMAL || advice > OpenFlags.POSIX_FADV_NOREUSE || len < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        if (f.inode.isDirectory()) {
            return;
        }
        AddressSpace as = f.inode.mapping;
        long endbyte = len == 0 || offset + len < 0 ? Long.MAX_VALUE : offset + len - 1;
        switch (advice) {
            case OpenFlags.POSIX_FADV_NORMAL -> {
                f.ra.setRaPages(as.raPages);
                f.ra.setRandom(false);
            }
            case OpenFlags.POSIX_FADV_RANDOM -> f.ra.setRandom(true);
            case OpenFlags.POSIX_FADV_SEQUENTIAL -> {
                f.ra.setRaPages(as.raPages * 2);
                f.ra.setRandom(false);
            }
            case OpenFlags.POSIX_FADV_WILLNEED -> {
                long start = offset >>> MemMap.PAGE_SHIFT;
                long endIndex = endbyte == Long.MAX_VALUE ? as.sizePages() : (endbyte >>> MemMap.PAGE_SHIFT) + 1;
                io.willneed(as, start, endIndex - start);
            }
            case OpenFlags.POSIX_FADV_DONTNEED -> {
                // dirty pages are sent to disk first (not waited for), so clean ones can go now
                writeback.startWriteRange(as, offset, endbyte);
                long start = (offset + PAGE - 1) >>> MemMap.PAGE_SHIFT;
                long endIndex = endbyte == Long.MAX_VALUE ? Long.MAX_VALUE : endbyte >>> MemMap.PAGE_SHIFT;
                if (endbyte != Long.MAX_VALUE && (endbyte & (PAGE - 1)) != PAGE - 1) {
                    endIndex--;
                }
                if (endIndex >= start) {
                    io.invalidate(as, start, endIndex);
                }
            }
            default -> {
                // POSIX_FADV_NOREUSE: no effect on the page cache
            }
        }
    }

    /** unlink(2): the name goes (shmem_unlink/drop_nlink); the data when no open file or mapping holds the inode. */
    public void unlink(String path) {
        Parent p = parent(path);
        Inode inode = lookup(p);
        if (inode == null || p.name.isEmpty()) {
            throw new KernelError(p.name.isEmpty() ? Errno.EISDIR : Errno.ENOENT);
        }
        if (inode.isDirectory()) {
            throw new KernelError(Errno.EISDIR);
        }
        p.dir.entries.remove(p.name);
        inode.nlink = 0;
        dcache.delete(inode.dentry);
        evictIfUnused(inode);
    }

    /** The inode at path (stat), ENOENT if none. */
    public Inode stat(String path) {
        Parent p = parent(path);
        Inode inode = lookup(p);
        if (inode == null) {
            throw new KernelError(Errno.ENOENT);
        }
        return inode;
    }

    /**
     * /proc/sys/vm/drop_caches: 1 drops clean unmapped page-cache pages, 2 the reclaimable slab
     * objects (drop_slab(): unused dentries and inodes through the superblock shrinkers), 3 both.
     */
    public void dropCaches(int mode) {
        if ((mode & 1) != 0) {
            io.dropPagecache();
            vmEvents[VmEvent.DROP_PAGECACHE]++;
        }
        if ((mode & 2) != 0) {
            dcache.shrinkers.dropSlab();
            vmEvents[VmEvent.DROP_SLAB]++;
        }
    }

    /**
     * mount(2) of a new, empty tmpfs of maxBlocks pages (size=; 0 unlimited, negative half of RAM)
     * over an existing directory (do_new_mount): ENOENT if the directory is missing, ENOTDIR if it
     * is a file; it then hides what the directory held.
     */
    public Filesystem mountTmpfs(String path, long maxBlocks) {
        if (!stat(path).isDirectory()) {
            throw new KernelError(Errno.ENOTDIR);
        }
        Tmpfs fs = new Tmpfs(cache, maxBlocks);
        mount(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path, stat(path), fs);
        return fs;
    }

    /** /proc/mounts (fs/proc_namespace.c show_vfsmnt). */
    public String procMounts() {
        StringBuilder sb = new StringBuilder();
        for (Mount m : mounts) {
            sb.append(m.fs.source()).append(' ').append(m.path).append(' ').append(m.fs.type()).append(' ')
                    .append(m.fs.options()).append(" 0 0\n");
        }
        return sb.toString();
    }

    /** The open file behind a descriptor, for mmap: EBADF if none. */
    public OpenFile forMmap(FileTable table, long fd) {
        OpenFile f = file(table, fd);
        if (f.inode.isDirectory()) {
            throw new KernelError(Errno.ENODEV);
        }
        return f;
    }
}
