# System V shared memory (ipc/shm.c): shmget creates a segment on an anonymous shmem object (and
# charges it to the commit, unless noreserve), shmat maps it MAP_SHARED (maps shows
# "/SYSV<key> (deleted)"), and a forked child shares its pages, which count as Shmem.
# IPC_RMID makes the key private and marks the segment SHM_DEST (perms 1600 in
# /proc/sysvipc/shm); the last detach destroys it, and its memory and charge come back.
spawn db
db: id = shmget key=0x1234 4M create
db: bad = shmget key=0x1234 4M create excl    # EEXIST
db: none = shmget key=0x99 4K                 # ENOENT
db: tiny = shmget private 0 create            # EINVAL: below SHMMIN
expect Committed_AS > 4M                      # newseg charged the 1024 pages
db: p = shmat id
db: write p 0 1M                              # 256 shmem pages
expect Shmem == 1M
expect db.rss_shmem == 1M
db: fork worker                               # the attach is inherited (nattch 2)
worker: read p 0 1M                           # same pages, no new ones
expect worker.rss_shmem == 1M
expect Shmem == 1M
run 2s
db: shmdt p                                   # detached, not removed: the pages stay
expect Shmem == 1M
cat /proc/sysvipc/shm
db: shmctl id rmid                            # the worker still has it attached
db: shmctl id stat                            # mode 01600, key 0
cat /proc/sysvipc/shm
worker: exit                                  # the last detach: the segment is destroyed
expect Shmem == 0
expect Committed_AS < 4M
db: gone = shmat id                           # EINVAL: the segment is gone
cat /proc/sysvipc/shm
# the limits are sysctls that shmget honours
sysctl -w kernel.shmmax=1048576
db: big = shmget private 2M create            # EINVAL: above shmmax
sysctl -w kernel.shmmni=0
db: none2 = shmget private 4K create          # ENOSPC: no segment allowed
