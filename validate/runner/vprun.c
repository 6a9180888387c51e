/*
 * vprun: runs one mmsim validation program (docs/validate.md) natively on the host kernel with real
 * system calls and prints, per operation, the return value (addresses relative to the program's first
 * mapping or to the initial program break), errno, and the minor/major faults that operation caused,
 * then the program's own VMAs from /proc/self/smaps. Runs with ASLR off (personality re-exec) and
 * THP disabled (PR_SET_THP_DISABLE). Leaves out: threads, more than one live child, grandchildren,
 * swap, SysV shm, userfaultfd, and any measurement of the runner's own mappings.
 *
 * Usage: vprun PROGRAM.vp     (C11 + libc only; build: cc -std=c11 -O2 -Wl,-z,now vprun.c -o vprun)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096UL
#define PMD_BYTES (2UL << 20)
#define MAX_OPS 1024
#define MAX_TOKENS 24
#define MAX_NAMES 64
#define MAX_FILES 16
#define MAX_BASELINE 256
#define PROGRAM_BYTES (256UL << 10)
#define OUT_BYTES (1UL << 20)
#define SMAPS_BYTES (4UL << 20)
#define VEC_BYTES (1UL << 20)
/* pread/pwrite buffer: the largest range one file I/O op may move */
#define IO_BYTES (4UL << 20)
#define FILL_BYTES (64UL << 10)

struct op {
    int line;           /* 1-based source line */
    char owner;         /* 'P' or 'C' */
    const char *expect; /* errno name from expect_errno, or NULL */
    const char *bind;   /* NAME of "NAME = ...", or NULL */
    int ntok;           /* tok[0] is the operation name */
    char *tok[MAX_TOKENS];
};

struct range {
    uintptr_t start, end;
    int writable_private;
};

/*
 * Everything large lives in one anonymous mapping made at startup (before the fence, so it is
 * excluded from the program's view) to keep .bss inside the executable's last file page: an anonymous
 * .bss VMA would merge with the program's brk heap.
 */
struct buffers {
    char program[PROGRAM_BYTES];
    char out[OUT_BYTES];
    char smaps[SMAPS_BYTES];
    unsigned char vec[VEC_BYTES];
    char fill[FILL_BYTES];
    unsigned char io[IO_BYTES];
    struct op ops[MAX_OPS];
    struct range baseline[MAX_BASELINE];
};

static struct buffers *B;
static int nops, nbaseline, out_len;
static const char *names[MAX_NAMES];
static uintptr_t values[MAX_NAMES];
static int nnames;
static const char *file_labels[MAX_FILES];
static const char *file_dirs[MAX_FILES];
/* created on the first `create ... shm`: program files on tmpfs */
static char shmdir[64] = "/dev/shm/vprun.XXXXXX";
static int have_shmdir;
static int file_fds[MAX_FILES], nfiles;
static char tmpdir[64] = "/tmp/vprun.XXXXXX";
static uintptr_t base, heap_start;
static int have_base;
static char me = 'P';
static pid_t child_pid;
static int token_in = -1, token_out = -1, holding = 1;
static struct rusage before, after;
static sigjmp_buf access_jump;
static volatile uintptr_t fault_addr;
static volatile int fault_signal;

static void flush_out(void) {
    int done = 0;
    while (done < out_len) {
        ssize_t n = write(1, B->out + done, (size_t)(out_len - done));
        if (n <= 0) {
            _exit(3);
        }
        done += (int)n;
    }
    out_len = 0;
}

static void emit(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(B->out + out_len, OUT_BYTES - (size_t)out_len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)(out_len + n) >= OUT_BYTES) {
        _exit(3);
    }
    out_len += n;
}

static void die(int line, const char *msg, const char *detail) {
    emit("error %d %s%s%s\n", line, msg, detail ? ": " : "", detail ? detail : "");
    flush_out();
    _exit(2);
}

static const char *errno_name(int e) {
    switch (e) {
        case 0: return "0";
        case EPERM: return "EPERM";
        case ENOENT: return "ENOENT";
        case EINTR: return "EINTR";
        case EIO: return "EIO";
        case EBADF: return "EBADF";
        case EAGAIN: return "EAGAIN";
        case ENOMEM: return "ENOMEM";
        case EACCES: return "EACCES";
        case EFAULT: return "EFAULT";
        case EBUSY: return "EBUSY";
        case EEXIST: return "EEXIST";
        case ENODEV: return "ENODEV";
        case EINVAL: return "EINVAL";
        case ENFILE: return "ENFILE";
        case EMFILE: return "EMFILE";
        case ETXTBSY: return "ETXTBSY";
        case EFBIG: return "EFBIG";
        case ENOSPC: return "ENOSPC";
        case EOVERFLOW: return "EOVERFLOW";
        case E2BIG: return "E2BIG";
        case EOPNOTSUPP: return "EOPNOTSUPP";
        case ENOSYS: return "ENOSYS";
        default: return "EUNKNOWN";
    }
}

/* ---------- program parsing ---------- */

static void load_program(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        die(0, "cannot open program", path);
    }
    size_t len = 0;
    ssize_t n;
    while ((n = read(fd, B->program + len, PROGRAM_BYTES - 1 - len)) > 0) {
        len += (size_t)n;
    }
    close(fd);
    if (len >= PROGRAM_BYTES - 1) {
        die(0, "program too large", path);
    }
    B->program[len] = '\0';
    char *p = B->program;
    int child_lines_allowed = 0;
    for (int line = 1; *p; line++) {
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : p + strlen(p);
        if (eol) {
            *eol = '\0';
        }
        char *hash = strchr(p, '#');
        if (hash) {
            *hash = '\0';
        }
        char *tok[MAX_TOKENS + 6];
        int nt = 0;
        for (char *s = strtok(p, " \t\r"); s; s = strtok(NULL, " \t\r")) {
            if (nt == MAX_TOKENS + 6) {
                die(line, "too many tokens", NULL);
            }
            tok[nt++] = s;
        }
        p = next;
        if (nt == 0) {
            continue;
        }
        if (nops == MAX_OPS) {
            die(line, "too many operations", NULL);
        }
        struct op *o = &B->ops[nops++];
        memset(o, 0, sizeof *o);
        o->line = line;
        o->owner = 'P';
        int t = 0;
        if (strcmp(tok[t], "child:") == 0 || strcmp(tok[t], "parent:") == 0) {
            o->owner = tok[t][0] == 'c' ? 'C' : 'P';
            t++;
        }
        if (t < nt && strcmp(tok[t], "expect_errno") == 0) {
            if (t + 1 >= nt) {
                die(line, "expect_errno needs an errno name", NULL);
            }
            o->expect = tok[t + 1];
            t += 2;
        }
        if (t + 1 < nt && strcmp(tok[t + 1], "=") == 0) {
            o->bind = tok[t];
            t += 2;
        }
        if (t >= nt) {
            die(line, "missing operation", NULL);
        }
        if (o->owner == 'C' && !child_lines_allowed) {
            die(line, "child: line without a live child", NULL);
        }
        if (strcmp(tok[t], "fork") == 0) {
            child_lines_allowed = 1;
        } else if (strcmp(tok[t], "exit") == 0) {
            child_lines_allowed = 0;
        }
        for (; t < nt; t++) {
            if (o->ntok == MAX_TOKENS) {
                die(line, "too many arguments", NULL);
            }
            o->tok[o->ntok++] = tok[t];
        }
    }
}

/* A number with optional 0x prefix and K/M/G suffix. */
static uintptr_t parse_number(const char *s, int line) {
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    if (end == s || errno) {
        die(line, "bad number", s);
    }
    switch (*end) {
        case 'K': v <<= 10; end++; break;
        case 'M': v <<= 20; end++; break;
        case 'G': v <<= 30; end++; break;
        default: break;
    }
    if (*end) {
        die(line, "bad number", s);
    }
    return (uintptr_t)v;
}

static int find_name(const char *n, size_t len) {
    for (int i = 0; i < nnames; i++) {
        if (strlen(names[i]) == len && strncmp(names[i], n, len) == 0) {
            return i;
        }
    }
    return -1;
}

static void bind_name(const char *n, uintptr_t v) {
    int i = find_name(n, strlen(n));
    if (i < 0) {
        if (nnames == MAX_NAMES) {
            die(0, "too many names", n);
        }
        i = nnames++;
        names[i] = n;
    }
    values[i] = v;
}

/* term(('+'|'-')term)* where a term is a number or a bound name ("heap" is the initial break). */
static uintptr_t eval(const char *expr, int line) {
    uintptr_t acc = 0;
    int sign = 1;
    const char *s = expr;
    while (*s) {
        size_t len = strcspn(s, "+-");
        if (len == 0) {
            die(line, "bad expression", expr);
        }
        char term[64];
        if (len >= sizeof term) {
            die(line, "bad expression", expr);
        }
        memcpy(term, s, len);
        term[len] = '\0';
        uintptr_t v;
        if (term[0] >= '0' && term[0] <= '9') {
            v = parse_number(term, line);
        } else if (strcmp(term, "heap") == 0) {
            v = heap_start;
        } else {
            int i = find_name(term, len);
            if (i < 0) {
                die(line, "unknown name", term);
            }
            v = values[i];
        }
        acc = sign > 0 ? acc + v : acc - v;
        s += len;
        if (*s) {
            sign = *s == '+' ? 1 : -1;
            s++;
            if (!*s) {
                die(line, "bad expression", expr);
            }
        }
    }
    return acc;
}

static void need_args(const struct op *o, int n) {
    if (o->ntok < n + 1) {
        die(o->line, "missing arguments for", o->tok[0]);
    }
}

static int prot_of(const char *s, int line) {
    if (strcmp(s, "none") == 0) {
        return PROT_NONE;
    }
    if (strncmp(s, "0x", 2) == 0) {
        return (int)parse_number(s, line);
    }
    int p = 0;
    for (const char *c = s; *c; c++) {
        switch (*c) {
            case 'r': p |= PROT_READ; break;
            case 'w': p |= PROT_WRITE; break;
            case 'x': p |= PROT_EXEC; break;
            default: die(line, "bad protection", s);
        }
    }
    return p;
}

static int file_fd(const char *label, int line) {
    for (int i = 0; i < nfiles; i++) {
        if (strcmp(file_labels[i], label) == 0) {
            return file_fds[i];
        }
    }
    die(line, "unknown file", label);
    return -1;
}

static const char *file_label_of_path(const char *path) {
    for (int i = 0; i < nfiles; i++) {
        size_t dl = strlen(file_dirs[i]);
        if (strncmp(path, file_dirs[i], dl) == 0 && path[dl] == '/' && strcmp(path + dl + 1, file_labels[i]) == 0) {
            return file_labels[i];
        }
    }
    return NULL;
}

static int advice_of(const char *s, int line) {
    static const struct { const char *name; int advice; } table[] = {
        {"normal", MADV_NORMAL}, {"random", MADV_RANDOM}, {"sequential", MADV_SEQUENTIAL},
        {"willneed", MADV_WILLNEED}, {"dontneed", MADV_DONTNEED}, {"free", MADV_FREE},
        {"remove", MADV_REMOVE}, {"dontfork", MADV_DONTFORK}, {"dofork", MADV_DOFORK},
        {"dontdump", MADV_DONTDUMP}, {"dodump", MADV_DODUMP}, {"wipeonfork", MADV_WIPEONFORK},
        {"keeponfork", MADV_KEEPONFORK}, {"cold", MADV_COLD}, {"pageout", MADV_PAGEOUT},
        {"populate_read", MADV_POPULATE_READ}, {"populate_write", MADV_POPULATE_WRITE},
    };
    if (strncmp(s, "advice=", 7) == 0) {
        return (int)parse_number(s + 7, line);
    }
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(table[i].name, s) == 0) {
            return table[i].advice;
        }
    }
    die(line, "unknown advice", s);
    return 0;
}

/* ---------- output helpers ---------- */

static void emit_rel(uintptr_t a, uintptr_t origin, const char *tag) {
    if (a >= origin) {
        emit("%s+0x%lx", tag, (unsigned long)(a - origin));
    } else {
        emit("%s-0x%lx", tag, (unsigned long)(origin - a));
    }
}

static void emit_addr(uintptr_t a) {
    emit_rel(a, base, "@");
}

/* Run-length encoding "v*n,v*n" of a byte array, values in two hex digits (or one char for vec). */
static void emit_rle(const char *key, const unsigned char *v, size_t n, int as_bit) {
    emit(" %s=", key);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && v[j] == v[i]) {
            j++;
        }
        if (as_bit) {
            emit("%s%d*%zu", i ? "," : "", v[i] & 1, j - i);
        } else {
            emit("%s%02x*%zu", i ? "," : "", v[i], j - i);
        }
        i = j;
    }
    if (n == 0) {
        emit("-");
    }
}

/* ---------- runner hygiene: its own mappings are pre-faulted and excluded ---------- */

static int is_special_vma(const char *name) {
    return strcmp(name, "[stack]") == 0 || strcmp(name, "[vvar]") == 0 ||
           strcmp(name, "[vvar_vclock]") == 0 || strcmp(name, "[vdso]") == 0 ||
           strcmp(name, "[vsyscall]") == 0;
}

static size_t read_proc(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        die(0, "cannot open", path);
    }
    size_t len = 0;
    ssize_t n;
    while ((n = read(fd, B->smaps + len, SMAPS_BYTES - 1 - len)) > 0) {
        len += (size_t)n;
    }
    close(fd);
    B->smaps[len] = '\0';
    return len;
}

/* Parses a maps/smaps header line; returns 0 if the line is not a VMA header. */
static int parse_header(char *line, uintptr_t *start, uintptr_t *end, char *perms, unsigned long *off,
                        char **name) {
    unsigned long s, e, ino;
    int pos = 0;
    char dev[16];
    if (sscanf(line, "%lx-%lx %4s %lx %15s %lu %n", &s, &e, perms, off, dev, &ino, &pos) < 6) {
        return 0;
    }
    *start = s;
    *end = e;
    *name = line + pos;
    return 1;
}

static void take_baseline(void) {
    read_proc("/proc/self/maps");
    for (char *l = B->smaps; *l;) {
        char *eol = strchr(l, '\n');
        if (eol) {
            *eol = '\0';
        }
        uintptr_t s, e;
        unsigned long off;
        char perms[8], *name;
        if (parse_header(l, &s, &e, perms, &off, &name)) {
            if (nbaseline == MAX_BASELINE) {
                die(0, "too many runner mappings", NULL);
            }
            B->baseline[nbaseline].start = s;
            B->baseline[nbaseline].end = e;
            B->baseline[nbaseline].writable_private =
                perms[1] == 'w' && perms[3] == 'p' && strcmp(name, "[vsyscall]") != 0;
            nbaseline++;
        }
        l = eol ? eol + 1 : l + strlen(l);
    }
}

/*
 * Makes every writable page of the runner present and exclusively owned (breaking CoW after fork),
 * so that the runner's own stack, data and TLS writes never fault inside a measurement window.
 */
static void retouch_runner(void) {
    for (int i = 0; i < nbaseline; i++) {
        if (!B->baseline[i].writable_private) {
            continue;
        }
        for (uintptr_t a = B->baseline[i].start; a < B->baseline[i].end; a += PAGE) {
            volatile char *p = (volatile char *)a;
            *p = *p;
        }
    }
}

static void populate_runner_readonly(void) {
    for (int i = 0; i < nbaseline; i++) {
        if (!B->baseline[i].writable_private) {
            madvise((void *)B->baseline[i].start, B->baseline[i].end - B->baseline[i].start,
                    MADV_POPULATE_READ);
        }
    }
}

static __attribute__((noinline)) void grow_stack(void) {
    volatile char pad[128 << 10];
    for (size_t i = 0; i < sizeof pad; i += PAGE) {
        pad[i] = 0;
    }
}

/* ---------- VMA dump ---------- */

static const char *SMAPS_KEYS[] = {"Rss", "Pss", "Shared_Clean", "Shared_Dirty", "Private_Clean",
                                   "Private_Dirty", "Referenced", "Anonymous", "Swap", "Locked",
                                   "AnonHugePages"};
#define NKEYS (sizeof SMAPS_KEYS / sizeof SMAPS_KEYS[0])

static int is_baseline(uintptr_t s, uintptr_t e) {
    for (int i = 0; i < nbaseline; i++) {
        if (B->baseline[i].start == s && B->baseline[i].end == e) {
            return 1;
        }
    }
    return 0;
}

static void dump_vmas(void) {
    read_proc("/proc/self/smaps");
    int count = 0;
    int printing = 0;
    unsigned long kb[NKEYS];
    for (char *l = B->smaps; *l;) {
        char *eol = strchr(l, '\n');
        if (eol) {
            *eol = '\0';
        }
        uintptr_t s, e;
        unsigned long off;
        char perms[8], *name;
        if (parse_header(l, &s, &e, perms, &off, &name)) {
            printing = !is_baseline(s, e) && !is_special_vma(name);
            if (printing) {
                count++;
                int heap = strcmp(name, "[heap]") == 0;
                emit("vma ");
                emit_rel(s, heap ? heap_start : base, heap ? "heap" : "@");
                emit(" ");
                emit_rel(e, heap ? heap_start : base, heap ? "heap" : "@");
                emit(" %s 0x%lx ", perms, off);
                const char *label = file_label_of_path(name);
                if (label) {
                    emit("file=%s", label);
                } else if (*name == '\0') {
                    emit("anon");
                } else if (heap) {
                    emit("[heap]");
                } else if (strncmp(name, "/dev/zero", 9) == 0) {
                    emit("shmem");
                } else {
                    emit("other");
                }
                memset(kb, 0, sizeof kb);
            }
        } else if (printing) {
            if (strncmp(l, "VmFlags:", 8) == 0) {
                for (size_t k = 0; k < NKEYS; k++) {
                    emit(" %s=%lu", SMAPS_KEYS[k], kb[k]);
                }
                emit(" VmFlags=");
                int first = 1;
                for (char *f = strtok(l + 8, " "); f; f = strtok(NULL, " ")) {
                    emit("%s%s", first ? "" : ",", f);
                    first = 0;
                }
                emit("\n");
                printing = 0;
            } else {
                for (size_t k = 0; k < NKEYS; k++) {
                    size_t kl = strlen(SMAPS_KEYS[k]);
                    if (strncmp(l, SMAPS_KEYS[k], kl) == 0 && l[kl] == ':') {
                        kb[k] = strtoul(l + kl + 1, NULL, 10);
                    }
                }
            }
        }
        l = eol ? eol + 1 : l + strlen(l);
    }
    emit("maps %c %d\n", me, count);
}

/* ---------- operations ---------- */

static void on_fault(int sig, siginfo_t *si, void *ctx) {
    (void)ctx;
    fault_signal = sig;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(access_jump, 1);
}

static void touch_pages(uintptr_t addr, size_t n, int write_value, int is_write) {
    for (size_t i = 0; i < n; i++) {
        volatile unsigned char *p = (volatile unsigned char *)(addr + i * PAGE);
        if (is_write) {
            *p = (unsigned char)write_value;
        } else {
            B->vec[i] = *p;
        }
    }
}

/* One byte per page from addr; write stores value, read collects into B->vec. 0, or -1 on a signal. */
static long access_pages(volatile uintptr_t addr, uintptr_t len, int write_value, int is_write) {
    size_t n = (len + PAGE - 1) / PAGE;
    fault_signal = 0;
    if (sigsetjmp(access_jump, 1)) {
        return -1;
    }
    touch_pages(addr, n > VEC_BYTES ? VEC_BYTES : n, write_value, is_write);
    return 0;
}

static int fadvice_of(const char *s, int line) {
    static const struct { const char *name; int advice; } table[] = {
        {"normal", POSIX_FADV_NORMAL}, {"random", POSIX_FADV_RANDOM}, {"sequential", POSIX_FADV_SEQUENTIAL},
        {"willneed", POSIX_FADV_WILLNEED}, {"dontneed", POSIX_FADV_DONTNEED}, {"noreuse", POSIX_FADV_NOREUSE},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        if (strcmp(s, table[i].name) == 0) {
            return table[i].advice;
        }
    }
    if (strncmp(s, "advice=", 7) == 0) {
        return (int)parse_number(s + 7, line);
    }
    die(line, "unknown fadvise advice", s);
    return 0;
}

static void create_file(const char *label, uintptr_t size, int uncached, int on_shm, int line) {
    if (nfiles == MAX_FILES) {
        die(line, "too many files", label);
    }
    if (on_shm && !have_shmdir) {
        if (!mkdtemp(shmdir)) {
            die(line, "cannot create temp dir", shmdir);
        }
        have_shmdir = 1;
    }
    const char *dir = on_shm ? shmdir : tmpdir;
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, label);
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        die(line, "cannot create file", path);
    }
    for (uintptr_t offset = 0; offset < size; offset += PAGE) {
        memset(B->fill, (int)(((offset / PAGE) * 13 + 0x41) & 0xff), PAGE);
        size_t chunk = size - offset < PAGE ? (size_t)(size - offset) : PAGE;
        if (write(fd, B->fill, chunk) != (ssize_t)chunk) {
            die(line, "cannot write file", path);
        }
    }
    /* Clean page cache: otherwise Dirty counters depend on when writeback happens to run. */
    if (fsync(fd) != 0) {
        die(line, "cannot fsync file", path);
    }
    if (uncached && posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) != 0) {
        die(line, "cannot drop the file's page cache", path);
    }
    file_labels[nfiles] = label;
    file_dirs[nfiles] = dir;
    file_fds[nfiles++] = fd;
}

static void wait_token(int line) {
    char c;
    ssize_t n = read(token_in, &c, 1);
    if (n == 1) {
        holding = 1;
        return;
    }
    if (me == 'C') {
        die(line, "lost the parent", NULL);
    }
    int status;
    if (waitpid(child_pid, &status, 0) != child_pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        die(line, "child failed", NULL);
    }
    close(token_in);
    close(token_out);
    token_in = token_out = -1;
    child_pid = 0;
    holding = 1;
}

static void pass_token(void) {
    char c = 't';
    if (write(token_out, &c, 1) != 1) {
        _exit(3);
    }
    holding = 0;
}

static int child_has_lines_after(int i) {
    for (int j = i + 1; j < nops; j++) {
        if (B->ops[j].owner == 'C') {
            return 1;
        }
        if (strcmp(B->ops[j].tok[0], "fork") == 0) {
            return 0;
        }
    }
    return 0;
}

static void child_exit(void) {
    flush_out();
    _exit(0);
}

static void do_fork(int line) {
    int p2c[2], c2p[2];
    if (pipe(p2c) || pipe(c2p)) {
        die(line, "pipe failed", NULL);
    }
    flush_out();
    errno = 0;
    getrusage(RUSAGE_SELF, &before);
    /* Raw syscall instructions: a call would push onto the stack that fork just made copy-on-write,
       and that CoW fault would be counted as the fork's own. The fault taken while getrusage copies
       out happens after the counters were read. */
    long pid = SYS_fork, unused = SYS_getrusage;
    __asm__ volatile("syscall" : "+a"(pid) : : "rcx", "r11", "memory");
    __asm__ volatile("syscall" : "+a"(unused) : "D"((long)RUSAGE_SELF), "S"(&after) : "rcx", "r11", "memory");
    if (pid < 0) {
        die(line, "fork failed", errno_name((int)-pid));
    }
    if (pid == 0) {
        me = 'C';
        token_in = p2c[0];
        token_out = c2p[1];
        close(p2c[1]);
        close(c2p[0]);
        holding = 0;
    } else {
        child_pid = (pid_t)pid;
        token_in = c2p[0];
        token_out = p2c[1];
        close(p2c[0]);
        close(c2p[1]);
        holding = 1;
    }
    /* fork does not copy page tables of read-only file mappings: map the runner's text back in. */
    populate_runner_readonly();
    retouch_runner();
}

static void run(void) {
    for (int i = 0; i < nops; i++) {
        struct op *o = &B->ops[i];
        if (o->owner != me) {
            if (holding && me == 'C' && !child_has_lines_after(i)) {
                child_exit();
            }
            if (holding && (me == 'C' || child_pid)) {
                flush_out();
                pass_token();
            }
            continue;
        }
        if (!holding) {
            wait_token(o->line);
        }
        const char *op = o->tok[0];
        int line = o->line;
        int value = (i % 255) + 1;
        long ret = 0;
        int kind = 0; /* 0 plain, 1 address, 2 heap address, 3 read data, 4 mincore vector */
        uintptr_t a0 = 0, len = 0;
        size_t nvec = 0;

        if (strcmp(op, "fork") == 0) {
            do_fork(line);
            if (me == 'C') {
                wait_token(line);
                continue;
            }
            emit("op %d %d P fork ret=0 errno=0 minflt=%ld majflt=%ld\n", i, line,
                 after.ru_minflt - before.ru_minflt, after.ru_majflt - before.ru_majflt);
            flush_out();
            pass_token();
            continue;
        }
        if (strcmp(op, "exit") == 0) {
            if (me != 'C') {
                die(line, "exit is only for the child", NULL);
            }
            emit("op %d %d C exit ret=0 errno=0 minflt=0 majflt=0\n", i, line);
            child_exit();
        }
        if (strcmp(op, "maps") == 0) {
            dump_vmas();
            flush_out();
            continue;
        }

        /* Decode arguments before the measurement window opens. */
        int prot = 0, flags = 0, fd = -1, advice = 0;
        uintptr_t hint = 0, offset = 0, newlen = 0, newaddr = 0;
        if (strcmp(op, "mmap") == 0) {
            need_args(o, 2);
            len = eval(o->tok[1], line);
            prot = prot_of(o->tok[2], line);
            for (int t = 3; t < o->ntok; t++) {
                const char *f = o->tok[t];
                if (strcmp(f, "private") == 0) flags |= MAP_PRIVATE;
                else if (strcmp(f, "shared") == 0) flags |= MAP_SHARED;
                else if (strcmp(f, "shared_validate") == 0) flags |= MAP_SHARED_VALIDATE;
                else if (strcmp(f, "anon") == 0) flags |= MAP_ANONYMOUS;
                else if (strcmp(f, "fixed") == 0) flags |= MAP_FIXED;
                else if (strcmp(f, "fixed_noreplace") == 0) flags |= MAP_FIXED_NOREPLACE;
                else if (strcmp(f, "populate") == 0) flags |= MAP_POPULATE;
                else if (strcmp(f, "noreserve") == 0) flags |= MAP_NORESERVE;
                else if (strcmp(f, "growsdown") == 0) flags |= MAP_GROWSDOWN;
                else if (strcmp(f, "locked") == 0) flags |= MAP_LOCKED;
                else if (strncmp(f, "file=", 5) == 0) fd = file_fd(f + 5, line);
                else if (strncmp(f, "addr=", 5) == 0) hint = eval(f + 5, line);
                else if (strncmp(f, "off=", 4) == 0) offset = eval(f + 4, line);
                else if (strncmp(f, "flags=", 6) == 0) flags |= (int)parse_number(f + 6, line);
                else die(line, "unknown mmap flag", f);
            }
        } else if (strcmp(op, "mremap") == 0) {
            need_args(o, 3);
            a0 = eval(o->tok[1], line);
            len = eval(o->tok[2], line);
            newlen = eval(o->tok[3], line);
            for (int t = 4; t < o->ntok; t++) {
                const char *f = o->tok[t];
                if (strcmp(f, "maymove") == 0) flags |= MREMAP_MAYMOVE;
                else if (strcmp(f, "dontunmap") == 0) flags |= MREMAP_DONTUNMAP;
                else if (strncmp(f, "fixed=", 6) == 0) { flags |= MREMAP_FIXED; newaddr = eval(f + 6, line); }
                else if (strncmp(f, "flags=", 6) == 0) flags |= (int)parse_number(f + 6, line);
                else die(line, "unknown mremap flag", f);
            }
        } else if (strcmp(op, "brk") == 0) {
            need_args(o, 1);
            const char *d = o->tok[1];
            if (d[0] != '+' && d[0] != '-') {
                die(line, "brk takes +SIZE or -SIZE", d);
            }
            len = parse_number(d + 1, line);
            flags = d[0] == '-';
        } else if (strcmp(op, "file") == 0 || strcmp(op, "create") == 0) {
            need_args(o, 2);
            len = parse_number(o->tok[2], line);
        } else if (strcmp(op, "close") == 0 || strcmp(op, "fsync") == 0 || strcmp(op, "fdatasync") == 0) {
            need_args(o, 1);
            fd = file_fd(o->tok[1], line);
        } else if (strcmp(op, "pread") == 0 || strcmp(op, "pwrite") == 0 || strcmp(op, "fadvise") == 0) {
            need_args(o, 3);
            fd = file_fd(o->tok[1], line);
            offset = parse_number(o->tok[2], line);
            len = parse_number(o->tok[3], line);
            if (strcmp(op, "fadvise") == 0) {
                need_args(o, 4);
                advice = fadvice_of(o->tok[4], line);
            } else if (len > IO_BYTES) {
                die(line, "file I/O larger than the buffer", o->tok[3]);
            } else if (strcmp(op, "pwrite") == 0) {
                memset(B->io, value, len);
            }
        } else if (strcmp(op, "mlockall") != 0 && strcmp(op, "munlockall") != 0) {
            need_args(o, 2);
            a0 = eval(o->tok[1], line);
            len = eval(o->tok[2], line);
            if (strcmp(op, "mprotect") == 0) {
                need_args(o, 3);
                prot = prot_of(o->tok[3], line);
            } else if (strcmp(op, "madvise") == 0) {
                need_args(o, 3);
                advice = advice_of(o->tok[3], line);
            } else if (strcmp(op, "mlock2") == 0 || strcmp(op, "msync") == 0) {
                for (int t = 3; t < o->ntok; t++) {
                    const char *f = o->tok[t];
                    if (strcmp(f, "onfault") == 0) flags |= MLOCK_ONFAULT;
                    else if (strcmp(f, "sync") == 0) flags |= MS_SYNC;
                    else if (strcmp(f, "async") == 0) flags |= MS_ASYNC;
                    else if (strcmp(f, "invalidate") == 0) flags |= MS_INVALIDATE;
                    else if (strncmp(f, "flags=", 6) == 0) flags |= (int)parse_number(f + 6, line);
                    else die(line, "unknown flag", f);
                }
            }
        }
        if (strcmp(op, "mlockall") == 0) {
            for (int t = 1; t < o->ntok; t++) {
                const char *f = o->tok[t];
                if (strcmp(f, "current") == 0) flags |= MCL_CURRENT;
                else if (strcmp(f, "future") == 0) flags |= MCL_FUTURE;
                else if (strcmp(f, "onfault") == 0) flags |= MCL_ONFAULT;
                else if (strncmp(f, "flags=", 6) == 0) flags |= (int)parse_number(f + 6, line);
                else die(line, "unknown mlockall flag", f);
            }
        }

        flush_out();
        errno = 0;
        getrusage(RUSAGE_SELF, &before);
        /* ---- measurement window: only the operation itself ---- */
        if (strcmp(op, "mmap") == 0) {
            void *r = mmap((void *)hint, len, prot, flags, fd, (off_t)offset);
            ret = r == MAP_FAILED ? -1 : (long)(uintptr_t)r;
            kind = 1;
        } else if (strcmp(op, "mremap") == 0) {
            void *r = mremap((void *)a0, len, newlen, flags, (void *)newaddr);
            ret = r == MAP_FAILED ? -1 : (long)(uintptr_t)r;
            kind = 1;
        } else if (strcmp(op, "write") == 0) {
            ret = access_pages(a0, len, value, 1);
        } else if (strcmp(op, "read") == 0) {
            ret = access_pages(a0, len, 0, 0);
            nvec = (len + PAGE - 1) / PAGE;
            kind = 3;
        } else if (strcmp(op, "mprotect") == 0) {
            ret = mprotect((void *)a0, len, prot);
        } else if (strcmp(op, "munmap") == 0) {
            ret = munmap((void *)a0, len);
        } else if (strcmp(op, "madvise") == 0) {
            ret = madvise((void *)a0, len, advice);
        } else if (strcmp(op, "mlock") == 0) {
            ret = mlock((void *)a0, len);
        } else if (strcmp(op, "mlock2") == 0) {
            ret = mlock2((void *)a0, len, (unsigned)flags);
        } else if (strcmp(op, "munlock") == 0) {
            ret = munlock((void *)a0, len);
        } else if (strcmp(op, "mlockall") == 0) {
            ret = mlockall(flags);
        } else if (strcmp(op, "munlockall") == 0) {
            ret = munlockall();
        } else if (strcmp(op, "msync") == 0) {
            ret = msync((void *)a0, len, flags);
        } else if (strcmp(op, "mincore") == 0) {
            nvec = (len + PAGE - 1) / PAGE;
            ret = nvec > VEC_BYTES ? (errno = E2BIG, -1) : mincore((void *)a0, len, B->vec);
            kind = 4;
        } else if (strcmp(op, "brk") == 0) {
            uintptr_t cur = (uintptr_t)syscall(SYS_brk, 0);
            ret = syscall(SYS_brk, flags ? cur - len : cur + len);
            kind = 2;
        } else if (strcmp(op, "file") == 0) {
            create_file(o->tok[1], len, o->ntok > 3 && strcmp(o->tok[3], "uncached") == 0, 0, line);
        } else if (strcmp(op, "create") == 0) {
            create_file(o->tok[1], len, 1, o->ntok > 3 && strcmp(o->tok[3], "shm") == 0, line);
        } else if (strcmp(op, "close") == 0) {
            ret = close(fd);
        } else if (strcmp(op, "fsync") == 0) {
            ret = fsync(fd);
        } else if (strcmp(op, "fdatasync") == 0) {
            ret = fdatasync(fd);
        } else if (strcmp(op, "pread") == 0) {
            ret = pread(fd, B->io, len, (off_t)offset);
            kind = 5;
        } else if (strcmp(op, "pwrite") == 0) {
            ret = pwrite(fd, B->io, len, (off_t)offset);
        } else if (strcmp(op, "fadvise") == 0) {
            /* posix_fadvise returns the error number instead of setting errno */
            int r = posix_fadvise(fd, (off_t)offset, (off_t)len, advice);
            ret = r ? (errno = r, -1) : 0;
        } else {
            die(line, "unknown operation", op);
        }
        int e = errno;
        getrusage(RUSAGE_SELF, &after);
        /* ---- end of window ---- */

        if (kind == 1 && ret != -1 && !have_base) {
            base = (uintptr_t)ret;
            have_base = 1;
        }
        if (o->bind) {
            if (kind != 1 && kind != 2) {
                die(line, "only mmap, mremap and brk results can be named", o->bind);
            }
            if (ret != -1) {
                bind_name(o->bind, (uintptr_t)ret);
            }
        }
        emit("op %d %d %c %s ret=", i, line, me, op);
        if (kind == 1 && ret != -1) {
            emit_addr((uintptr_t)ret);
        } else if (kind == 2) {
            emit_rel((uintptr_t)ret, heap_start, "heap");
        } else {
            emit("%ld", ret);
        }
        emit(" errno=%s minflt=%ld majflt=%ld", e && ret == -1 ? errno_name(e) : "0",
             after.ru_minflt - before.ru_minflt, after.ru_majflt - before.ru_majflt);
        if (fault_signal && (strcmp(op, "read") == 0 || strcmp(op, "write") == 0)) {
            emit(" signal=%s at=", fault_signal == SIGSEGV ? "SIGSEGV" : "SIGBUS");
            emit_addr(fault_addr);
        } else if (kind == 3) {
            emit_rle("data", B->vec, nvec, 0);
        } else if (kind == 4 && ret == 0) {
            emit_rle("vec", B->vec, nvec, 1);
        } else if (kind == 5 && ret >= 0) {
            nvec = ((size_t)ret + PAGE - 1) / PAGE;
            for (size_t p = 0; p < nvec; p++) {
                B->vec[p] = B->io[p * PAGE];
            }
            emit_rle("data", B->vec, nvec, 0);
        }
        emit("\n");
    }
    if (me == 'C') {
        child_exit();
    }
    if (child_pid) {
        if (holding) {
            pass_token();
        }
        wait_token(0);
    }
}

static const char *fs_name(long magic) {
    switch (magic) {
        case 0xEF53: return "ext4";
        case 0x01021994: return "tmpfs";
        case 0x58465342: return "xfs";
        case 0x9123683E: return "btrfs";
        default: return "other";
    }
}

/*
 * Shared file mappings (which nothing anonymous can merge with) fill every hole between the runner's
 * own mappings in the mmap area and reach down from the lowest of them to the next 2 MiB boundary
 * (at least one page). The program's first mapping then ends at that boundary, so alignment-dependent
 * behaviour (fault-around windows, page-table pages) is reproducible, and later ones follow top-down.
 */
static void build_fences(void) {
    char fence_path[128];
    snprintf(fence_path, sizeof fence_path, "%s/.fence", tmpdir);
    int fd = open(fence_path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, (off_t)PAGE) != 0) {
        die(0, "cannot create fence", fence_path);
    }
    read_proc("/proc/self/maps");
    uintptr_t lowest = 0, prev_end = 0;
    uintptr_t holes[2 * MAX_BASELINE];
    int nholes = 0;
    for (char *l = B->smaps; *l;) {
        char *eol = strchr(l, '\n');
        if (eol) {
            *eol = '\0';
        }
        uintptr_t st, en;
        unsigned long off;
        char perms[8], *name;
        if (parse_header(l, &st, &en, perms, &off, &name) && st > heap_start + (1UL << 32) &&
            strcmp(name, "[stack]") != 0 && strcmp(name, "[vsyscall]") != 0) {
            if (!lowest) {
                lowest = st;
            } else if (st > prev_end && nholes < 2 * MAX_BASELINE) {
                holes[nholes++] = prev_end;
                holes[nholes++] = st;
            }
            prev_end = en;
        }
        l = eol ? eol + 1 : l + strlen(l);
    }
    for (int i = 0; i < nholes; i += 2) {
        if (mmap((void *)holes[i], holes[i + 1] - holes[i], PROT_NONE, MAP_SHARED | MAP_FIXED_NOREPLACE,
                 fd, 0) == MAP_FAILED) {
            die(0, "cannot fill hole", fence_path);
        }
    }
    uintptr_t top = (lowest - PAGE) & ~(PMD_BYTES - 1);
    if (!lowest || mmap((void *)top, lowest - top, PROT_NONE, MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0)
                       == MAP_FAILED) {
        die(0, "cannot map fence", fence_path);
    }
    close(fd);
}

static void cleanup(void) {
    char path[128];
    for (int i = 0; i < nfiles; i++) {
        close(file_fds[i]);
        snprintf(path, sizeof path, "%s/%s", file_dirs[i], file_labels[i]);
        unlink(path);
    }
    unlink(strcat(strcpy(path, tmpdir), "/.fence"));
    rmdir(tmpdir);
    if (have_shmdir) {
        rmdir(shmdir);
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        static const char usage[] = "usage: vprun PROGRAM.vp\n";
        (void)!write(2, usage, sizeof usage - 1);
        return 2;
    }
    /* Re-exec with ASLR off and without glibc's rseq registration: the kernel rewrites the rseq area
       on return to user after a preemption, and right after fork that write is a CoW fault that would
       land, at random, in a measurement window. */
    static const char tunables[] = "glibc.pthread.rseq=0";
    int pers = personality(0xffffffff);
    const char *have = getenv("GLIBC_TUNABLES");
    if (pers != -1 && (!(pers & ADDR_NO_RANDOMIZE) || !have || strcmp(have, tunables) != 0)) {
        prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
        personality((unsigned long)pers | ADDR_NO_RANDOMIZE);
        setenv("GLIBC_TUNABLES", tunables, 1);
        execv("/proc/self/exe", argv);
        return 2;
    }
    prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);

    void *mem = mmap(NULL, sizeof(struct buffers), PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (mem == MAP_FAILED) {
        return 2;
    }
    B = mem;
    heap_start = (uintptr_t)syscall(SYS_brk, 0);
    load_program(argv[1]);
    const char *tmp = getenv("TMPDIR");
    if (tmp && strlen(tmp) < 40) {
        snprintf(tmpdir, sizeof tmpdir, "%s/vprun.XXXXXX", tmp);
    }
    if (!mkdtemp(tmpdir)) {
        die(0, "cannot create temp dir", tmpdir);
    }
    build_fences();
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    struct statfs sfs;
    long magic = statfs(tmpdir, &sfs) == 0 ? (long)sfs.f_type : 0;

    grow_stack();
    take_baseline();
    populate_runner_readonly();
    retouch_runner();

    emit("vprun 1 page_size=%ld fs=%s thp_disabled=%d\n", sysconf(_SC_PAGESIZE), fs_name(magic),
         prctl(PR_GET_THP_DISABLE, 0, 0, 0, 0));
    run();
    dump_vmas();
    emit("end\n");
    flush_out();
    cleanup();
    return 0;
}
