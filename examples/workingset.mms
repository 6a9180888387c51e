# Workingset detection (mm/workingset.c): a page reclaim evicts leaves a shadow entry in its page
# cache (or swap cache) slot recording when it left; when it is read back, the refault distance
# (pages evicted and activated since) is compared with the workingset (the active file list, plus
# the anon lists when swap is free). A refault closer than that activates the page at once.
machine memory=512M swap=256M disk=nvme:10G
mkdir -p /data
spawn db
db: big = open /data/big create rw
db: pwrite big 0 600M
db: a = open /data/a create rw
db: pwrite a 0 300M
db: b = open /data/b create rw
db: pwrite b 0 200M
db: fsync big
db: fsync a
db: fsync b
echo 3 > /proc/sys/vm/drop_caches

# A file larger than memory streamed twice: every page of the second pass refaults, but from
# further back than the workingset (nothing is active), so none is activated.
db: pread big 0 600M
db: pread big 0 600M
expect workingset_refault_file > 100000
expect workingset_activate_file == 0
echo 3 > /proc/sys/vm/drop_caches

# a is read twice: all of it active. b then thrashes on the small inactive list: its pages are
# evicted before their second touch, but they come back within the active list's size, so the
# refaults activate them and b displaces the colder part of a.
db: pread a 0 300M
db: pread a 0 300M
expect Active(file) > 290M
db: pread b 0 200M
db: pread b 0 200M
db: pread b 0 200M
expect workingset_activate_file > 10000
grep -E "^(workingset|pgactivate|pgdeactivate)" /proc/vmstat

# Pages of a that were deactivated (PG_workingset) and evicted are restored when read again.
db: pread a 0 300M
expect workingset_restore_file > 0
grep -E "^workingset_(refault|activate|restore)_file" /proc/vmstat

# Anonymous memory: a buffer larger than RAM written and read back twice refaults from swap.
spawn hog
hog: buf = mmap 600M rw private anon
hog: write buf 0 600M
hog: read buf 0 600M
hog: read buf 0 600M
expect workingset_refault_anon > 0
grep -E "^workingset_(refault|activate|restore)_anon" /proc/vmstat
