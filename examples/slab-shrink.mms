# Reclaimable slab: the dentry and inode caches and shrink_slab. Every file looked up or created
# has a dentry (192 bytes, 21 to a 4K slab) and an in-core inode (ext4_inode_cache, 1128 bytes,
# 14 to an order-2 slab); both caches are SLAB_RECLAIM_ACCOUNT, so they count as SReclaimable.
# Unused ones wait on their superblock's LRU lists. Reclaim calls shrink_slab from shrink_node:
# each pass scans (count >> priority) * 4 / 2 of them, where count is what is on the LRUs scaled by
# vm.vfs_cache_pressure / vm.vfs_cache_pressure_denom (0 never reclaims). A dentry used again while
# on the LRU (DCACHE_REFERENCED) gets one more pass; an inode with page-cache pages is not freed.
machine memory=128M disk=nvme:1G swap=256M
mkdir -p /var/spool/mail
touch /var/spool/mail/msg{1..10000}          # 10000 dentries and inodes: about 14 MB of slab
cat /proc/sys/fs/dentry-state                # nr_dentry, nr_unused (on the LRU), age_limit, ...
grep -E "^(dentry|ext4_inode_cache) " /proc/slabinfo
expect SReclaimable > 13M
expect slabs_scanned == 0

# Memory pressure: kswapd and direct reclaim shrink the slab caches along with the LRU lists.
spawn batch
batch: big = mmap 100M rw private anon
batch: write big 0 100M
cat /proc/sys/fs/dentry-state /proc/sys/fs/inode-nr
grep -E "^(dentry|ext4_inode_cache) " /proc/slabinfo
expect slabs_scanned > 10000
expect SReclaimable < 8M
batch: munmap big 100M

# drop_caches 2 frees what is unused (drop_slab repeats while a round still frees much); a file
# with page-cache pages keeps its inode until the pages go (drop_caches 1, or 3 = both).
batch: fd = open /var/spool/mail/inbox create rw
batch: pwrite fd 0 1M
batch: close fd
sync
echo 2 > /proc/sys/vm/drop_caches
cat /proc/sys/fs/dentry-state /proc/sys/fs/inode-nr   # inbox's inode stays: it has 256 cached pages
echo 3 > /proc/sys/vm/drop_caches
cat /proc/sys/fs/dentry-state /proc/sys/fs/inode-nr
grep -E "SReclaimable|SUnreclaim" /proc/meminfo

# vfs_cache_pressure 0: the superblock shrinkers report nothing, even to drop_caches.
touch /var/spool/mail/msg{1..2000}
echo 0 > /proc/sys/vm/vfs_cache_pressure
echo 2 > /proc/sys/vm/drop_caches
cat /proc/sys/fs/dentry-state
sysctl vm.vfs_cache_pressure vm.vfs_cache_pressure_denom
