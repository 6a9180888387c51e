# A two-node machine: where allocations and processes' pages land, seen as numactl, numastat, sysfs and numa_maps show it.
# Export it for the host's real tools with: ./mmsim run --export /tmp/snap examples/numa.mms
machine node0=2G node1=2G cpus=4 distance=10,21;21,10
numactl --hardware
local = alloc_pages order=4 node=0
remote = alloc_pages order=9 node=1
more = alloc_pages order=9 node=1
x = kmalloc 8000
numactl --hardware
numastat
numastat -m
cat /sys/devices/system/node/node1/meminfo
expect numa_hit >= 3
free_pages remote
free_pages more
numastat -n
# Processes: web runs on node 0, db on node 1; numa_maps shows where each VMA's pages are.
spawn web
web: h = brk +256K
web: write h 0 64K
web: p = mmap 8M rw private anon
web: write p 0 3M
spawn db node=1
db: q = mmap 2M rw private anon
db: write q 0 1M
db: fork worker
worker: write q 0 16K
cat /proc/web/numa_maps
cat /proc/worker/numa_maps
numastat -p web
numastat db web
