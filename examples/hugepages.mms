# hugetlb's persistent pool: writing nr_hugepages takes 2 MB blocks (order 9) from the buddy
# allocator, node by node, and keeps them free for hugetlbfs; MemFree drops by 2 MB for each.
# Asking for more than the machine has leaves a smaller pool, as Linux does. The THP and KSM
# files show their tunables (THP's boot mode from machine thp=), which take Linux's values only.
machine nodes=2 node0=256M node1=256M cpus=2 thp=always
cat /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/ksm/run
echo 16 > /proc/sys/vm/nr_hugepages
grep Huge /proc/meminfo
expect HugePages_Total == 16
cat /sys/devices/system/node/node0/meminfo /sys/devices/system/node/node1/meminfo | grep HugePages_Total
echo 100000 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
cat /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages
expect HugePages_Total < 256
echo 0 > /proc/sys/vm/nr_hugepages
expect HugePages_Total == 0
echo sometimes > /sys/kernel/mm/transparent_hugepage/enabled   # EINVAL: always, madvise or never
