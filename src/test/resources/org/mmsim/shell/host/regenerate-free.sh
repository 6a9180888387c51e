#!/bin/sh
# Regenerates free.golden: runs the host's free (procps-ng 4.0.2) on each stored /proc/meminfo,
# bind-mounted over /proc/meminfo in a private user+mount namespace (no root needed, host untouched).
# Usage: unshare -rm sh regenerate-free.sh > free.golden   (from this directory)
for n in mmsim-1g mmsim-3g host synthetic; do
  mount --bind "$PWD/$n.meminfo" /proc/meminfo
  while IFS= read -r args; do
    echo "@@ $n free $args"
    free $args
  done <<'ARGS'

-w
-h
-h -w
-l
-t
-v
-l -t -v
--si
--si -h
-b
-k
-m
-g
--tebi
--pebi
--kilo
--mega
--giga
--tera
-h -l -t -v -w
-m --si -w
ARGS
  umount /proc/meminfo
done
