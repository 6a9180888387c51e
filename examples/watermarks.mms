# How vm.min_free_kbytes and vm.watermark_scale_factor set each zone's min/low/high watermarks.
machine memory=4G cpus=2

# At boot min_free_kbytes comes from sqrt(lowmem_kbytes * 16), raised for THP (thp=madvise).
sysctl vm.min_free_kbytes vm.watermark_scale_factor
cat /proc/zoneinfo
expect MemAvailable > 3800M

# Raise the floor: min grows in proportion to each zone's size, and low/high follow it.
sysctl vm.min_free_kbytes=262144
cat /proc/zoneinfo
# MemAvailable leaves out the reserves (each zone's high watermark), so it shrinks.
expect MemAvailable < 3600M

# Widen the gap between min, low and high to 2% of each zone: kswapd would start earlier.
echo 200 > /proc/sys/vm/watermark_scale_factor
sysctl vm.watermark_scale_factor
cat /proc/zoneinfo
expect MemAvailable < 3560M

# Linux refuses values out of range (1..3000), and nothing changes.
echo 0 > /proc/sys/vm/watermark_scale_factor
sysctl vm.watermark_scale_factor=5000
sysctl vm.watermark_scale_factor

# The kernel log shows no warnings here; dmesg | tail arrives with pipes.
