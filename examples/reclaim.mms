# Reclaim and the LRU lists: new anonymous pages start on the inactive anon list (in per-CPU
# batches of 31). Reclaim looks at the tail of the inactive list and asks the rmap whether the
# page was used (page_referenced clears each mapping's accessed bit): a page used through one
# mapping gets another trip round the list (PG_referenced), a page used through two mappings or
# found referenced twice moves to the active list (pgactivate); an unused one is reclaimed (here
# to swap). When the inactive list gets short of its share (inactive_is_low), aging moves active
# pages back (pgrefill scans them, pgdeactivate counts the moves). vm.swappiness (0..200) sets
# how hard get_scan_count pushes on anonymous memory relative to the page cache.
machine memory=256M swap=1G
sysctl vm.swappiness vm.page-cluster
spawn web
web: hot = mmap 64M rw private anon
web: write hot 0 64M
expect Inactive(anon) > 60M
web: fork worker                           # worker shares hot; both use it
worker: read hot 0 64M

spawn batch
batch: big = mmap 200M rw private anon
batch: write big 0 200M                    # far more than is free: kswapd and direct reclaim run
grep -E "^(Active|Inactive)" /proc/meminfo
grep -E "^(pgscan_(kswapd|direct|anon|file)|pgsteal_(kswapd|direct|anon|file)|pgactivate|pgdeactivate|pgrefill|pswpout|allocstall_movable|kswapd_low_wmark_hit_quickly|pageoutrun) " /proc/vmstat
expect pgactivate > 10000                  # the shared hot pages were activated, not swapped
expect Active(anon) > 30M
expect pgscan_anon > 0
expect web.majflt == 0
web: read hot 0 64M                        # web's hot set mostly stayed in memory
grep -E "nr_zone_(in)?active_anon" /proc/zoneinfo
