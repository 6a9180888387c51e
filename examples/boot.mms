# Boot an 8G, 2-CPU machine and look at what the kernel set up.
machine memory=8G cpus=2 nodes=1

# Free blocks per order in each zone: almost everything sits in order-10 (4M) blocks after boot.
cat /proc/buddyinfo

# The watermarks the kernel derived from min_free_kbytes, zone by zone.
cat /proc/zoneinfo

# What the kernel reserved for itself, and what is free.
expect MemTotal > 7G
expect MemTotal < 8G
expect MemFree > 7G
expect MemAvailable <= 8G
sysctl vm.min_free_kbytes

# The boot log, as dmesg prints it.
dmesg
