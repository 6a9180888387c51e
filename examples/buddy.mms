# The buddy allocator at work: blocks of several orders and migratetypes, then freed again.
machine memory=8G cpus=2

# After boot nearly all free memory sits in order-10 (4M) blocks.
cat /proc/buddyinfo

# Unmovable kernel allocations (GFP_KERNEL) of orders 0, 3 and 9.
k0 = alloc_pages order=0 gfp=GFP_KERNEL
k3 = alloc_pages order=3 gfp=GFP_KERNEL
k9 = alloc_pages order=9 gfp=GFP_KERNEL

# A movable user page (GFP_HIGHUSER_MOVABLE) and a reclaimable one: each migratetype takes its
# blocks from pageblocks of its own type, so kernel and user pages do not mix.
u0 = alloc_pages order=0 gfp=GFP_HIGHUSER_MOVABLE
u4 = alloc_pages order=4 gfp=GFP_HIGHUSER_MOVABLE
r2 = alloc_pages order=2 gfp=GFP_KERNEL|__GFP_RECLAIMABLE

# A zeroed order-1 block on the DMA32 zone, and one from the ZONE_DMA (below 16M).
d1 = alloc_pages order=1 gfp=GFP_DMA32|GFP_KERNEL|__GFP_ZERO
dma = alloc_pages order=0 gfp=GFP_KERNEL|GFP_DMA

# These took 542 pages from ZONE_NORMAL, on top of the 14 the slab allocator took at boot (its own caches, then the mounts' root dentries and inodes). Splitting 4M blocks left smaller buddies behind on the lower orders.
cat /proc/buddyinfo
expect pgalloc_normal == 556
expect pgalloc_dma32 == 2
expect pgalloc_dma == 1

# Freeing: order-0 to order-3 pages go to the per-CPU lists first; larger blocks merge with their
# buddies straight away.
free_pages k9
free_pages k3
free_pages k0
free_pages u4
free_pages u0
free_pages r2
free_pages d1
free_pages dma
# Only k9 (order 9) went straight back to the buddy lists; the rest wait on the per-CPU lists.
cat /proc/buddyinfo
