# The page cache: a file written through write() stays in memory as Cached (dirty until written
# back), reads of it hit the cache, drop_caches empties the cache of clean unmapped pages, and a
# cold sequential read goes through readahead: its window starts small and grows to read_ahead_kb
# (128 KiB), so the disk sees requests of up to 128 KiB (a read larger than the window gets the
# whole window at once). A page read twice becomes active (mark_page_accessed's second touch). mmap of the file maps the cached pages,
# 16 at a time with fault-around; O_DIRECT bypasses the cache altogether.
machine memory=1G disk=nvme:10G
mkdir -p /var/lib/db
spawn db
echo 3 > /proc/sys/vm/drop_caches        # exec cached db's program file: start from an empty cache
db: fd = open /var/lib/db/data create rw
db: pwrite fd 0 16M                      # 4096 dirty pages in the cache, nothing on disk yet
expect Cached == 16M
expect Dirty == 16M
db: fsync fd                             # written back and flushed: clean, still cached
expect Dirty == 0
expect Cached == 16M
expect nr_written == 4096

db: pread fd 0 16M                       # a warm read: no I/O
expect pgpgin == 0
echo 1 > /proc/sys/vm/drop_caches        # clean, unmapped pages leave the cache
expect Cached == 0

db: pread fd 0 16M                       # a cold read through readahead
expect Cached == 16M
expect pgpgin == 16384
cat /proc/diskstats                      # 128 reads of 128 KiB (256 sectors each)
db: pread fd 0 16M                       # the second touch: every page moves to the active list
expect Active(file) > 16200K             # (the last few wait in this CPU's lru_add batch until it drains)

db: m = mmap 16M r shared fd=fd
db: read m 0 16M                         # 4096 pages mapped by 256 faults (fault-around)
expect db.minflt == 258                  # and the 2 of exec
expect Mapped == 16M
grep -E "^(Cached|Mapped|Active\(file\)|Inactive\(file\))" /proc/meminfo

db: d = open /var/lib/db/direct create rw direct
db: pwrite d 0 1M                        # O_DIRECT: straight to the disk, never cached
expect Cached == 16M

# A log file's life: appended to, its end found with lseek, space reserved with fallocate, cut back
# with ftruncate, its cached pages dropped with fadvise DONTNEED once written back, then removed.
db: log = open /var/lib/db/log create rw
db: write log 1M
db: lseek log 0 end
db: fallocate log 1M 1M keep_size
db: ftruncate log 512K
db: fdatasync log
db: fadvise log 0 512K dontneed           # clean pages leave the cache at once
db: posix_fadvise log 0 0 sequential
db: close log
db: unlink /var/lib/db/log
expect Cached == 16M
