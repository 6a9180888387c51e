# What a failed allocation looks like, and how GFP_ATOMIC reaches below the min watermark.
machine memory=64M cpus=1

cat /proc/buddyinfo

# Keep taking 4M (order-10) blocks with GFP_KERNEL until there are none left. Reclaim and compaction
# are not simulated yet, so the slow path gives up at once and warn_alloc() reports the failure on
# the console.
a1 = alloc_pages order=10 gfp=GFP_KERNEL
a2 = alloc_pages order=10 gfp=GFP_KERNEL
a3 = alloc_pages order=10 gfp=GFP_KERNEL
a4 = alloc_pages order=10 gfp=GFP_KERNEL
a5 = alloc_pages order=10 gfp=GFP_KERNEL
a6 = alloc_pages order=10 gfp=GFP_KERNEL
cat /proc/buddyinfo

# __GFP_NOWARN asks the allocator to fail quietly.
quiet = alloc_pages order=10 gfp=GFP_KERNEL|__GFP_NOWARN

# Raise min_free_kbytes so the free pages left lie below every zone's min watermark, as on a
# machine under memory pressure.
sysctl vm.min_free_kbytes=24576
expect MemFree < 24M

# GFP_KERNEL may not go below min: it fails, with the warning.
k = alloc_pages order=0 gfp=GFP_KERNEL

# GFP_ATOMIC (__GFP_HIGH, cannot sleep) may use part of the reserve below min: it succeeds.
x1 = alloc_pages order=0 gfp=GFP_ATOMIC
x2 = alloc_pages order=2 gfp=GFP_ATOMIC
cat /proc/buddyinfo

# The whole story, boot included, as dmesg shows it.
dmesg
