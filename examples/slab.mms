# SLUB caches and kmalloc on a fresh 2-CPU machine.
machine memory=1G cpus=2
c = kmem_cache_create my_cache 200
o = kmem_cache_alloc c gfp=GFP_KERNEL
o2 = kmem_cache_alloc c gfp=GFP_KERNEL
kmem_cache_free c o
x = kmalloc 200 gfp=GFP_KERNEL
y = kmalloc 100 gfp=GFP_KERNEL_ACCOUNT
big = kmalloc 20000 gfp=GFP_KERNEL
cat /proc/slabinfo
expect SUnreclaim > 0
kfree x
kfree y
kfree big
kmem_cache_free c o2
kmem_cache_shrink c
kmem_cache_destroy c
cat /proc/slabinfo
