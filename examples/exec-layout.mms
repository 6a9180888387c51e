# exec: a process's address space as Linux builds it for a static x86-64 program (fs/binfmt_elf.c
# load_elf_binary). `spawn` is init's fork plus an execve() of /usr/bin/NAME: the ELF segments at
# 0x400000 (headers r--p, text r-xp, rodata r--p, data rw-p, each at the file offset its program
# header gives), the bss as anonymous memory after the data, the break just past the bss, the
# vDSO pages below mmap_base and the stack at the top of the 47-bit user space, with 128 KiB spare
# below its argument page. [vsyscall] is the fixed gate page every 64-bit process shows.
sysctl kernel.randomize_va_space=0           # no ASLR, as under `setarch -R`
spawn web
cat /proc/web/maps
expect web.rss == 8K                         # exec wrote the stack page and copied the last data page
expect web.minflt == 2
web: heap = brk +64K                         # the first brk creates [heap] right after the bss
web: write heap 0 64K
cat /proc/web/maps | grep heap
cat /proc/web/status | grep -E "^(VmSize|VmData|VmStk|VmExe|VmLib|VmPTE)"

# With full randomization the stack top moves down by up to 16 GiB (22 bits of pages), mmap_base
# by 28 bits of pages and the break by up to 1 GiB past a one-page gap: every run of the same seed
# gives the same layout, another seed another one. Sizes make a program of another shape.
sysctl kernel.randomize_va_space=2
spawn db text=64K rodata=16K data=8K bss=1M
cat /proc/db/maps
db: exec program=/usr/bin/psql               # a new program replaces the address space
cat /proc/db/maps | head -n 4
