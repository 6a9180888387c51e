# free and vmstat read the simulated /proc as procps reads the real one; pipes pick lines out.
machine memory=2G cpus=2
free
free -h -w
# 64M of vmalloc: MemFree and MemAvailable drop, so "used" (MemTotal - MemAvailable) grows
v = vmalloc 64M
free -m
cat /proc/meminfo | grep -E "^(MemFree|MemAvailable|VmallocUsed):"
# make kernel work expensive so it shows as system time: 2 ms per page vmalloc maps
cost vmalloc.per_page=2000000
w = vmalloc 4M
# since boot: 1024 pages x 2 ms = 2.048 s of system time on CPU 0 while CPU 1 idled: sy 50, id 50
vmstat
# three samples 5 s apart: the 2nd and 3rd show the change over each 5 s (all idle)
vmstat -a 5 3
vmstat -s | head -n 5
cat /proc/stat | head -n 3
free -t -c 2 -s 0.5 | grep -E "^(Mem|Total):"
cat /proc/uptime
vfree w
vfree v
cat /proc/vmstat | grep ^pgalloc | sort -k2 -n -r | head -n 2
cat /proc/meminfo | grep -c kB
vmstat -m | head -n 4
vmstat -n -m 1 2 | grep -c Cache
