# fork and copy-on-write: a parent fills 1 MiB of anonymous memory, forks, and the child and the
# parent each write. Until one of them writes, the two share every page read-only; the first write
# to a shared page takes a minor fault and gets a private copy (do_wp_page). The parent's later
# writes fault too, even on pages it ends up owning alone: the fault makes the PTE writable again.
spawn web
web: buf = mmap 1M rw private anon
web: write buf 0 1M                      # 256 pages, 256 minor faults
expect web.minflt == 256
expect web.rss == 1M

web: fork worker                         # worker inherits buf, and its PTEs, read-only
expect worker.rss == 1M                  # shared pages count in both tasks' RSS
expect worker.minflt == 0
worker: read buf 0 1M                    # reading a shared page does not fault
expect worker.minflt == 0
worker: write buf 0 64K                  # 16 copies
expect worker.minflt == 16
expect AnonPages == 1088K              # 1M shared + 64K of copies

web: write buf 0 1M                      # 256 write-protect faults: 16 reuse the page, 240 copy
expect web.minflt == 512
expect AnonPages == 2M

worker: exit                             # its pages go back; the parent's copies stay
expect AnonPages == 1M
expect web.rss == 1M
