#!/bin/sh
# Regenerates vmstat.golden: runs the host's vmstat (procps-ng 4.0.2) on each stored set of
# /proc/stat, /proc/vmstat, /proc/meminfo and /proc/slabinfo, bind-mounted in a private user+mount
# namespace (no root needed, host untouched). The files do not change while it sleeps, so later samples show no change.
# Usage: unshare -rm sh regenerate-vmstat.sh > vmstat.golden   (from this directory)
for n in mmsim-1g mmsim-busy host; do
  for f in stat vmstat meminfo slabinfo; do mount --bind "$PWD/$n.$f" /proc/$f; done
  while IFS= read -r args; do
    echo "@@ $n vmstat $args"
    vmstat $args
  done <<'ARGS'

-w
-a
-a -w
-s
-S k
-S K
-S m
-S M
-S B
-w -S m
-s -S M
-f
-n
1 3
-y 1 2
-a -w 1 2
1 0
-m
-n -m
-m 1 2
ARGS
  for f in stat vmstat meminfo slabinfo; do umount /proc/$f; done
done
