# zswap: a compressed cache in front of swap. With zswap enabled (here with lz4, as the kernel
# command line's zswap.enabled=1 zswap.compressor=lz4 would), a page reclaim writes to swap is
# compressed and kept in a pool in RAM instead (zswpout); a swap-in decompresses it (zswpin)
# without device I/O, though it still counts as a major fault. The pool may use
# max_pool_percent of RAM; when it is full, new pages go to the device (pool_limit_hit) and the
# oldest entries are written back (written_back_pages, zswpwb). The bytes are really compressed:
# these pages hold one written byte each, so they shrink to about 32 bytes.
machine memory=256M swap=512M zswap=lz4
cat /sys/module/zswap/parameters/enabled /sys/module/zswap/parameters/compressor
cat /sys/module/zswap/parameters/max_pool_percent /sys/module/zswap/parameters/accept_threshold_percent

spawn hog
hog: buf = mmap 300M rw private anon
hog: write buf 0 300M
grep -E "^(SwapTotal|SwapFree|Zswap|Zswapped)" /proc/meminfo
grep -E "^(pswpout|zswpout|zswpwb) " /proc/vmstat
cat /sys/kernel/debug/zswap/stored_pages /sys/kernel/debug/zswap/pool_total_size
expect zswpout > 25000
expect pswpout == 0                         # nothing reached the device
expect Zswap < 2M                           # the pool is tiny: the pages compress well
expect Zswapped > 100M

hog: read buf 0 300M                        # swap-ins come from the pool
expect zswpin > 25000
expect pswpin == 0

# A full pool: with max_pool_percent 0 the next store is refused and the pool is written back.
echo 0 > /sys/module/zswap/parameters/max_pool_percent
hog: write buf 0 300M
cat /sys/kernel/debug/zswap/pool_limit_hit /sys/kernel/debug/zswap/written_back_pages
expect zswpwb > 0
expect pswpout > 0
