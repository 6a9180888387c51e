# NUMA memory policies (mm/mempolicy.c): numactl runs a program under a policy, set_mempolicy changes
# a running task's, and numa_maps and numastat show where the pages went.
machine node0=1G node1=1G cpus=4 distance=10,21;21,10
numactl --show
# interleave: the pages of a VMA alternate between the nodes by their offset in it
numactl --interleave=all spawn db
db: buf = mmap 8M rw private anon
db: write buf 0 8M
cat /proc/db/numa_maps
numastat -p db
# bind: every page on node 1, whatever node the task runs on
numactl --membind=1 --cpunodebind=0 spawn cache
cache: p = mmap 4M rw private anon
cache: write p 0 4M
cat /proc/cache/numa_maps
# page-cache and tmpfs pages follow the writer's policy as its anonymous pages do
numactl --membind=1 spawn writer
writer: fd = open /dev/shm/log create rw
writer: pwrite fd 0 8M
grep Shmem: /sys/devices/system/node/node1/meminfo
# preferred: node 1 first, node 0 once node 1 runs short
numactl --preferred=1 spawn batch
batch: q = mmap 1200M rw private anon noreserve
batch: write q 0 1200M
numastat -p batch
# a forked child keeps its parent's policy; set_mempolicy changes it for later allocations only
db: fork worker
cat /proc/worker/numa_maps
worker: get_mempolicy
worker: set_mempolicy bind 0
worker: get_mempolicy
worker: set_mempolicy bind 2
expect worker.errno == EINVAL
worker: set_mempolicy local
cat /proc/worker/numa_maps
