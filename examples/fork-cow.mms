# fork and copy-on-write: a parent fills 1 MiB of anonymous memory, forks, and the child and the
# parent each write. Until one of them writes, the two share every page read-only; the first write
# to a shared page takes a minor fault and gets a private copy (do_wp_page). The parent's later
# writes fault too, even on pages it ends up owning alone: the fault makes the PTE writable again.
# exec already left web 2 anonymous pages (its stack page and the data page padzero copied), with
# 2 minor faults: they are counted below.
spawn web
web: buf = mmap 1M rw private anon
web: write buf 0 1M                      # 256 pages, 256 minor faults
expect web.minflt == 258                 # + exec's 2
expect web.rss == 1032K                  # + exec's 8K

web: fork worker                         # worker inherits buf, and its PTEs, read-only
expect worker.rss == 1032K               # shared pages count in both tasks' RSS
expect worker.minflt == 0
worker: read buf 0 1M                    # reading a shared page does not fault
expect worker.minflt == 0
worker: write buf 0 64K                  # 16 copies
expect worker.minflt == 16
expect AnonPages == 1096K              # 1M + exec's 8K shared, 64K of copies

web: write buf 0 1M                      # 256 write-protect faults: 16 reuse the page, 240 copy
expect web.minflt == 514
expect AnonPages == 2056K

worker: exit                             # its pages go back; the parent's copies stay
expect AnonPages == 1032K
expect web.rss == 1032K
