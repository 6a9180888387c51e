# zram as swap: /dev/zram0 is a block device in RAM that compresses what is written to it. Give
# it a size (and, before that, a compressor), format it and swap to it at a higher priority than
# the disk, so pages go there first. mm_stat shows what it holds: orig_data_size,
# compr_data_size, mem_used_total, mem_limit, mem_used_max, same_pages, pages_compacted,
# huge_pages, huge_pages_since.
machine memory=256M swap=512M
echo lz4 > /sys/block/zram0/comp_algorithm
echo 256M > /sys/block/zram0/disksize
cat /sys/block/zram0/comp_algorithm /sys/block/zram0/disksize
mkswap /dev/zram0
swapon -p 100 /dev/zram0
cat /proc/swaps

spawn hog
hog: buf = mmap 300M rw private anon
hog: write buf 0 300M
cat /proc/swaps
cat /sys/block/zram0/mm_stat
expect pswpout > 25000                     # zram is a device: its writes are swap-outs
hog: read buf 0 300M
expect hog.majflt > 3000
echo lzo > /sys/block/zram0/comp_algorithm # too late: the device is in use (EBUSY)
swapoff /dev/zram0
cat /sys/block/zram0/mm_stat
