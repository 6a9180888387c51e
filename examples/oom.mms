# The OOM killer: a working set larger than RAM on a machine without swap. When a page fault finds
# no free page (and there is nothing to reclaim), out_of_memory() kills the task with the highest
# oom_badness (rss + swap + page tables, shifted by oom_score_adj), logs Linux's report, and the
# OOM reaper frees the victim's anonymous memory at once.
machine memory=512M cpus=1

spawn web
spawn db
spawn batch
web: heap = mmap 200M rw private anon
web: write heap 0 200M
db: cache = mmap 120M rw private anon
db: write cache 0 120M

# /proc/PID/oom_score: 0..2000, the badness as a share of RAM + swap (here 2/3 * (1000 + share)).
cat /proc/web/oom_score /proc/db/oom_score /proc/batch/oom_score

# batch needs 200M where about 120M are free: the largest task, web, dies so batch can go on.
batch: buf = mmap 200M rw private anon
batch: write buf 0 200M
expect web.killed == 1
expect batch.rss >= 200M
expect oom_kill == 1
dmesg | grep -E "invoked oom-killer|oom-kill:|Killed process|oom_reaper"
dmesg | grep -E "Tasks state|\[  pid  \]|\] +0 +10[0-9][0-9] "

# db is precious: oom_score_adj -1000 makes it unkillable (oom_score 0). The next time memory
# runs out, the largest killable task dies instead, even if it is the one asking.
oom_score_adj db -1000
cat /proc/db/oom_score /proc/db/oom_adj
spawn report
report: buf = mmap 200M rw private anon
report: write buf 0 200M
expect db.killed == 0
expect batch.killed == 1
expect report.rss >= 200M
expect oom_kill == 2
free -m
