/*
 * The host-kernel side of TaskBench: the same workloads on this machine's Linux, for the ratio.
 *   first-touch: mmap 2 GiB private anonymous (MADV_NOHUGEPAGE: mmsim has no THP), write one byte
 *                per page; faults/s from getrusage minflt over wall time.
 *   fork:        a process with 2 GiB resident forks; time of fork() in the parent (child _exits).
 *   mmap+munmap: one 4 KiB private anonymous mapping made and removed, pairs/s.
 * Build and run: cc -O2 -o /tmp/hostbench bench/host/hostbench.c && /tmp/hostbench
 * With an argument (first-touch, fork or mmap-munmap) it runs one round of that workload and prints
 * only its figure (M faults/s, ms, M pairs/s): the form org.mmsim.bench.HostRatio reads.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SIZE (2UL << 30)
#define PAGE 4096UL

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static long minflt(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_minflt;
}

/* A resident 2 GiB mapping; sets *rate to the first-touch faults/s. */
static char *first_touch(double *rate) {
    char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED || madvise(p, SIZE, MADV_NOHUGEPAGE) != 0) {
        perror("mmap");
        exit(1);
    }
    long f0 = minflt();
    double t0 = now();
    for (unsigned long off = 0; off < SIZE; off += PAGE) {
        ((volatile char *)p)[off] = 1;
    }
    double t1 = now();
    *rate = (minflt() - f0) / (t1 - t0);
    return p;
}

/* Time of fork() in the parent, in seconds. */
static double fork_time(void) {
    double f = now();
    pid_t c = fork();
    if (c == 0) {
        _exit(0);
    }
    double g = now();
    waitpid(c, NULL, 0);
    return g - f;
}

/* mmap+munmap pairs/s over n pairs. */
static double mmap_munmap(long n) {
    double t0 = now();
    for (long i = 0; i < n; i++) {
        void *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        munmap(q, PAGE);
    }
    return n / (now() - t0);
}

int main(int argc, char **argv) {
    double rate;
    if (argc > 1) {
        if (strcmp(argv[1], "first-touch") == 0) {
            munmap(first_touch(&rate), SIZE);
            printf("%.4f\n", rate / 1e6);
        } else if (strcmp(argv[1], "fork") == 0) {
            char *p = first_touch(&rate);
            printf("%.4f\n", fork_time() * 1e3);
            munmap(p, SIZE);
        } else if (strcmp(argv[1], "mmap-munmap") == 0) {
            printf("%.4f\n", mmap_munmap(2000000) / 1e6);
        } else {
            fprintf(stderr, "usage: %s [first-touch|fork|mmap-munmap]\n", argv[0]);
            return 2;
        }
        return 0;
    }
    for (int round = 0; round < 3; round++) {
        char *p = first_touch(&rate);
        printf("host first-touch: %.2f M faults/s\n", rate / 1e6);
        printf("host fork (2 GiB resident): %.3f ms\n", fork_time() * 1e3);
        munmap(p, SIZE);
    }
    for (int round = 0; round < 3; round++) {
        printf("host mmap+munmap: %.2f M pairs/s\n", mmap_munmap(2000000) / 1e6);
    }
    return 0;
}
