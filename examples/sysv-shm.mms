# System V shared memory (ipc/shm.c): shmget creates a segment on an anonymous shmem file, shmat
# maps it MAP_SHARED (maps shows "/SYSV<key> (deleted)"), and a forked child shares its pages.
# Its pages count as Shmem. IPC_RMID removes the key at once; the segment lives until the last detach.
spawn db
db: id = shmget key=0x1234 4M create
db: bad = shmget key=0x1234 4M create excl    # EEXIST
db: none = shmget key=0x99 4K                 # ENOENT
db: tiny = shmget private 0 create            # EINVAL: below SHMMIN
db: p = shmat id
db: write p 0 1M                               # 256 shmem pages
expect Shmem == 1M
expect db.rss_shmem == 1M
db: fork worker                               # the attach is inherited
worker: read p 0 1M                           # same pages, no new ones
expect worker.rss_shmem == 1M
expect Shmem == 1M
db: shmctl id rmid
worker: exit
db: shmdt p
db: gone = shmat id                           # EINVAL: the segment is gone
