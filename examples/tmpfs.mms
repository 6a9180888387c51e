# tmpfs (mm/shmem.c): a mount holds at most size= (default half of RAM), and its files are
# VM_NORESERVE, so each page is charged to Committed_AS when it is allocated (shmem_acct_blocks)
# and given back when it goes. Past either limit a write stops short or fails with ENOSPC and a
# fault on a mapping is SIGBUS, as on Linux.
machine memory=1G disk=nvme:4G
mkdir -p /mnt/scratch
mount -t tmpfs -o size=16M tmpfs /mnt/scratch
mount | grep scratch
grep Committed_AS /proc/meminfo
spawn app
app: fd = open /mnt/scratch/log create rw
app: pwrite fd 0 12M
expect Shmem == 12M
grep -E "^(Shmem|Committed_AS):" /proc/meminfo
app: pwrite fd 12M 8M                     # only 4M fit
expect Shmem == 16M
app: pwrite fd 16M 4K
expect app.errno == ENOSPC
# a mapping's fault past the limit: SIGBUS kills the task
app: ftruncate fd 32M
app: m = mmap 32M rw shared fd=fd
app: write m 16M 4K
spawn cleaner
cleaner: unlink /mnt/scratch/log          # app's exit closed the file: its pages and charge go
expect Shmem == 0
grep -E "^(Shmem|Committed_AS):" /proc/meminfo
