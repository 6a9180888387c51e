# Dirty pages and writeback on a 200 MB/s disk. Data written with write() stays dirty in the cache
# until the flusher writes it: every dirty_writeback_centisecs (5 s) it writes inodes dirtied more
# than dirty_expire_centisecs (30 s) ago. Above dirty_background_ratio/bytes it writes at once,
# and above dirty_ratio/bytes balance_dirty_pages() makes the writer wait for the disk.
machine memory=1G disk=hdd:100G
spawn app
app: fd = open /tmp/log create w
app: write fd 32M                        # below the background threshold: nothing is written yet
expect Dirty == 32M
sleep 25s
expect Dirty == 32M                      # not yet 30 s old
sleep 6s                                 # the flusher's pass at 30 s writes it out
expect Dirty == 0
expect Writeback == 0
expect nr_written == 8192

sysctl vm.dirty_background_bytes=8388608 vm.dirty_bytes=16777216
cat /proc/uptime
app: write fd 64M                        # throttled: the writer waits while the disk drains
cat /proc/uptime                         # about 0.25 s passed: 48M at 200 MB/s
expect Dirty <= 16M
grep -E "^(Dirty|Writeback):" /proc/meminfo
sleep 1s                                 # background writeback stops at the background threshold
expect Dirty <= 8M
sleep 35s                                # and the 30 s expiry writes what is left
expect Dirty == 0
cat /proc/diskstats
