/*
 * The host-kernel side of TaskBench: the same workloads on this machine's Linux, for the ratio.
 *   first-touch: mmap 2 GiB private anonymous (MADV_NOHUGEPAGE: mmsim has no THP), write one byte
 *                per page; faults/s from getrusage minflt over wall time.
 *   fork:        a process with 2 GiB resident forks; time of fork() in the parent (child _exits).
 *   mmap+munmap: one 4 KiB private anonymous mapping made and removed, pairs/s.
 * Build and run: cc -O2 -o /tmp/hostbench bench/host/hostbench.c && /tmp/hostbench
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
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

int main(void) {
    for (int round = 0; round < 3; round++) {
        char *p = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED || madvise(p, SIZE, MADV_NOHUGEPAGE) != 0) {
            perror("mmap");
            return 1;
        }
        long f0 = minflt();
        double t0 = now();
        for (unsigned long off = 0; off < SIZE; off += PAGE) {
            ((volatile char *)p)[off] = 1;
        }
        double t1 = now();
        long faults = minflt() - f0;
        printf("host first-touch: %ld faults in %.3f s = %.2f M faults/s\n", faults, t1 - t0, faults / (t1 - t0) / 1e6);

        double f = now();
        pid_t c = fork();
        if (c == 0) {
            _exit(0);
        }
        double g = now();
        waitpid(c, NULL, 0);
        printf("host fork (2 GiB resident): %.3f ms\n", (g - f) * 1e3);
        munmap(p, SIZE);
    }
    for (int round = 0; round < 3; round++) {
        long n = 2000000;
        double t0 = now();
        for (long i = 0; i < n; i++) {
            void *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            munmap(q, PAGE);
        }
        double t1 = now();
        printf("host mmap+munmap: %.2f M pairs/s\n", n / (t1 - t0) / 1e6);
    }
    return 0;
}
