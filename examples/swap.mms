# Swap: a 256M machine with a 512M swap partition, and a process whose 300M of anonymous memory
# does not fit. kswapd wakes when free memory falls below the low watermark and reclaims to the
# high one; when the process allocates faster than kswapd frees, it reclaims for itself (direct
# reclaim, allocstall_movable). Reclaimed anonymous pages go to swap (pswpout) and their PTEs
# hold swap entries (VmSwap); touching them again is a major fault that reads them back with
# page-cluster readahead (pswpin counts every page read). swapoff brings every page back.
machine memory=256M swap=512M
cat /proc/swaps

spawn hog
hog: buf = mmap 300M rw private anon
hog: write buf 0 300M                    # 76800 minor faults; about 120M goes to swap
expect pswpout > 25000
expect allocstall_movable > 0
expect pageoutrun > 0
expect SwapFree < 450M
grep -E "^(MemFree|SwapCached|Active|Inactive|SwapTotal|SwapFree|AnonPages)" /proc/meminfo
grep VmSwap /proc/hog/status

hog: read buf 0 300M                     # the swapped-out part comes back: major faults
expect hog.majflt > 3000
expect pswpin > 25000
cat /proc/swaps

hog: munmap buf 300M                     # freeing a range frees its swap slots too
# what stays used is the 8K of hog's own stack and data page, which reclaim swapped out as well
expect SwapFree == 524276K
swapoff /dev/vdb
cat /proc/swaps
expect SwapTotal == 0
