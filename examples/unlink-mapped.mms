# An unlinked file lives while anything holds it (fs/inode.c iput_final): the open file that a
# mapping keeps (vm_file) holds the inode after close(), so the data stays readable through the
# mapping; when the last mapping goes the inode is evicted and its page cache freed
# (truncate_inode_pages_final; shmem_evict_inode on tmpfs, whose pages are Shmem). A
# MAP_SHARED|MAP_ANONYMOUS object is a shmem file too: its pages go with its last mapping.
machine memory=1G disk=nvme:4G
spawn app
# a tmpfs file: 8M of Shmem
app: fd = open /dev/shm/seg create rw
app: ftruncate fd 8M
app: m = mmap 8M rw shared fd=fd
app: write m 0 8M
expect Shmem == 8M
app: close fd
app: unlink /dev/shm/seg                  # the name goes; the mapping still holds the file
app: fork child                           # the child's copy of the mapping holds it too
expect Shmem == 8M
app: munmap m 8M
expect Shmem == 8M
child: read m 0 4K
child: exit                               # the last mapping: the inode is evicted
expect Shmem == 0
# a disk file: its page cache goes the same way
app: fd2 = open /tmp/data create rw
app: write fd2 16M
app: m2 = mmap 16M r shared fd=fd2
app: unlink /tmp/data
app: close fd2
expect Cached >= 16M
app: munmap m2 16M
expect Cached < 16M
# shared anonymous memory
app: a = mmap 4M rw shared anon
app: write a 0 4M
expect Shmem == 4M
app: munmap a 4M
expect Shmem == 0
grep -E "^(Cached|Shmem):" /proc/meminfo
