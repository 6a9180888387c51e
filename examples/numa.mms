# A two-node machine: where allocations land, seen as numactl, numastat and sysfs show it.
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
