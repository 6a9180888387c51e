# vmalloc areas with guard pages, lazy freeing and kvmalloc's fallback.
machine memory=1G cpus=2
v = vmalloc 1M
w = vmalloc 16K
cat /proc/vmallocinfo
expect VmallocUsed > 0
vfree v
cat /proc/vmallocinfo
k = kvmalloc 5M gfp=GFP_KERNEL
cat /proc/vmallocinfo
kvfree k
vfree w
