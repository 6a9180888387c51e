# The commands a Linux user types to look at processes and tune memory, on the simulated machine:
# ps and top read the simulated /proc as procps reads the real one; kill ends a task and its memory
# goes back; sysctl -p loads settings; sar and watch sample over simulated time.
machine memory=2G cpus=2
spawn web
web: heap = mmap 64M rw private anon
web: write heap 0 48M                       # 12288 minor faults, 48M resident
spawn db
db: cache = mmap 16M rw private anon
db: write cache 0 16M
db: mlock cache 4M                          # STAT shows L: pages locked in memory
sleep 90

ps aux --sort=-rss
ps -eo pid,comm,rss,vsz,%mem,min_flt,stat,etime --sort=-rss
top -b -n 1 -o RES | tail -4
expect web.rss >= 48M                       # 48M and what exec touched

kill -9 web                                 # its 48M go back to the free lists
expect AnonPages < 17M                      # db's 16M and its exec pages remain
ps -e -o pid,comm,rss

sysctl kernel.pid_max vm.min_free_kbytes
sysctl -w vm.watermark_scale_factor=100
ls /proc/db
sar -r 1 2
watch -n 10 --count 2 "grep -E 'MemFree|AnonPages' /proc/meminfo"
dmesg -T | tail -1
swapon --show                               # no swap: prints nothing
cat /proc/swaps
