# Overcommit: private writable memory is charged to the commit (Committed_AS) when it is mapped,
# not when it is touched. vm.overcommit_memory decides what may be charged: 0 (the default) refuses
# only a single request larger than RAM + swap, 1 refuses nothing, 2 refuses anything that would
# take the commit past CommitLimit = RAM * overcommit_ratio / 100 + swap (or overcommit_kbytes).
machine memory=1G cpus=1
cat /proc/sys/vm/overcommit_memory /proc/sys/vm/overcommit_ratio /proc/sys/vm/admin_reserve_kbytes /proc/sys/vm/user_reserve_kbytes
spawn app
# exec already charged the program's writable data and bss (48K) and its stack (132K).
expect Committed_AS == 180K

# Mode 0: 2G is more than this machine's RAM (no swap): refused. Two 600M mappings are not.
app: huge = mmap 2G rw private anon
expect app.errno == ENOMEM
app: a = mmap 600M rw private anon
app: b = mmap 600M rw private anon
# 1200M on top of exec's 180K
expect Committed_AS == 1228980K
cat /proc/meminfo | grep -E "MemTotal|CommitLimit|Committed_AS"

# Nothing charges MAP_NORESERVE or read-only mappings; writing to memory does not either.
app: nr = mmap 2G rw private anon noreserve
app: ro = mmap 500M r private anon
app: write a 0 1M
expect Committed_AS == 1228980K

# Mode 2: the commit already exceeds CommitLimit, so any new charge fails, MAP_NORESERVE included.
sysctl vm.overcommit_memory=2
app: c = mmap 1M rw private anon
expect app.errno == ENOMEM
app: d = mmap 1M rw private anon noreserve
expect app.errno == ENOMEM
app: munmap a 600M
app: munmap b 600M
app: munmap nr 2G
app: c = mmap 1M rw private anon
expect app.errno == 0

# Making the read-only mapping writable charges it (mprotect's VM_ACCOUNT): 501M > CommitLimit.
app: mprotect ro 500M rw
expect app.errno == ENOMEM
# overcommit_kbytes replaces the ratio (and zeroes it). Now the mprotect fits, but fork, which
# charges the child's copy of every charged mapping, does not; brk is charged too.
sysctl vm.overcommit_kbytes=786432
cat /proc/sys/vm/overcommit_ratio
app: mprotect ro 500M rw
expect app.errno == 0
app: fork child
expect app.errno == ENOMEM
app: old = brk +64M
# 565M (the writable 500M, c's 1M, 64M of heap) + 180K
expect Committed_AS == 578740K
cat /proc/meminfo | grep -E "CommitLimit|Committed_AS"
free -m -v
dmesg | grep __vm_enough_memory
