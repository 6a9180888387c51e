package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Shmem coming back, checked against this host: a C program maps a tmpfs file and unlinks it, maps
 * shared anonymous memory, and uses a SysV segment (detached, removed while attached), printing the
 * host's Shmem change after each step (rounded to 4 MiB against the host's noise) and its segment's
 * /proc/sysvipc/shm line after IPC_RMID; the same steps run as an mmsim scenario must give the same
 * changes exactly and a line of the same layout and values (ids, pids and times aside), and refuse
 * a 1 TiB segment (past RAM and swap) as the host does, unless SHM_NORESERVE; an attach split by
 * mprotect counts its pieces in shm_nattch and shmdt finds them, as on the host. The program
 * cleans up after itself (unlink, IPC_RMID); 16 MiB at most is in use at a time.
 */
class ShmemReleaseHostTest {
    private static final String PROGRAM = """
            #include <stdio.h>
            #include <string.h>
            #include <fcntl.h>
            #include <unistd.h>
            #include <sys/mman.h>
            #include <sys/shm.h>
            #define SZ (16L << 20)
            static long base;
            static long shmem_kb(void) {
              FILE *f = fopen("/proc/meminfo", "r"); char line[256]; long v = -1;
              while (fgets(line, sizeof line, f)) if (sscanf(line, "Shmem: %ld kB", &v) == 1) break;
              fclose(f); return v;
            }
            static void report(const char *what) { printf("%s %ld\\n", what, (shmem_kb() - base + 2048) / 4096 * 4); }
            int main(void) {
              char path[64]; snprintf(path, sizeof path, "/dev/shm/mmsim-host-test-%d", getpid());
              base = shmem_kb();
              int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
              if (fd < 0) return 1;
              if (ftruncate(fd, SZ)) { unlink(path); return 1; }
              char *m = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
              close(fd);
              unlink(path);
              if (m == MAP_FAILED) return 1;
              memset(m, 1, SZ);
              report("tmpfs_unlinked_mapped");
              munmap(m, SZ);
              report("tmpfs_unmapped");
              char *a = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
              memset(a, 1, SZ);
              report("shared_anon_mapped");
              munmap(a, SZ);
              report("shared_anon_unmapped");
              int id = shmget(IPC_PRIVATE, SZ, IPC_CREAT | 0600);
              if (id < 0) return 1;
              char *s = shmat(id, NULL, 0), *t;
              memset(s, 1, SZ);
              shmdt(s);
              report("sysv_detached");
              s = shmat(id, NULL, 0);
              t = shmat(id, NULL, 0);
              shmctl(id, IPC_RMID, NULL);
              report("sysv_removed_attached");
              FILE *f = fopen("/proc/sysvipc/shm", "r"); char line[512];
              if (fgets(line, sizeof line, f)) printf("header %s", line);
              while (fgets(line, sizeof line, f)) {
                int key, shmid;
                if (sscanf(line, "%d %d", &key, &shmid) == 2 && shmid == id) printf("row %s", line);
              }
              fclose(f);
              shmdt(s);
              shmdt(t);
              report("sysv_removed_detached");
              id = shmget(IPC_PRIVATE, 64 << 10, IPC_CREAT | 0600);
              struct shmid_ds ds;
              s = shmat(id, NULL, 0);
              mprotect(s + 16384, 16384, PROT_READ);
              shmctl(id, IPC_STAT, &ds); printf("nattch %lu\\n", ds.shm_nattch);
              mprotect(s + 16384, 16384, PROT_READ | PROT_WRITE);
              shmctl(id, IPC_STAT, &ds); printf("nattch %lu\\n", ds.shm_nattch);
              munmap(s, 16384);
              shmdt(s);
              shmctl(id, IPC_STAT, &ds); printf("nattch %lu\\n", ds.shm_nattch);
              shmctl(id, IPC_RMID, NULL);
              for (int flags = 0; flags <= SHM_NORESERVE; flags += SHM_NORESERVE) {
                id = shmget(IPC_PRIVATE, 1L << 40, IPC_CREAT | 0600 | flags);
                printf("huge %s\\n", id < 0 ? "ENOMEM" : "ok");
                if (id >= 0) shmctl(id, IPC_RMID, NULL);
              }
              return 0;
            }
            """;

    private static final String SCENARIO = """
            spawn db
            db: fd = open /dev/shm/x create rw
            db: ftruncate fd 16M
            db: m = mmap 16M rw shared fd=fd
            db: close fd
            db: unlink /dev/shm/x
            db: write m 0 16M
            grep Shmem: /proc/meminfo
            db: munmap m 16M
            grep Shmem: /proc/meminfo
            db: a = mmap 16M rw shared anon
            db: write a 0 16M
            grep Shmem: /proc/meminfo
            db: munmap a 16M
            grep Shmem: /proc/meminfo
            db: id = shmget private 16M create
            db: s = shmat id
            db: write s 0 16M
            db: shmdt s
            grep Shmem: /proc/meminfo
            db: s = shmat id
            db: t = shmat id
            db: shmctl id rmid
            grep Shmem: /proc/meminfo
            cat /proc/sysvipc/shm
            db: shmdt s
            db: shmdt t
            grep Shmem: /proc/meminfo
            db: id = shmget private 64K create
            db: s = shmat id
            db: mprotect s+16K 16K r
            db: shmctl id stat
            db: mprotect s+16K 16K rw
            db: shmctl id stat
            db: munmap s 16K
            db: shmdt s
            db: shmctl id stat
            db: shmctl id rmid
            db: huge = shmget private 1T create
            db: huge2 = shmget private 1T create noreserve
            """;

    @TempDir
    Path dir;

    @Test
    void shmemComesBackAsOnTheHost() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/dev/shm")) && Files.isReadable(Path.of("/proc/sysvipc/shm")),
                "no /dev/shm or /proc/sysvipc/shm");
        String host = runHost();
        Map<String, String> hostSteps = new LinkedHashMap<>();
        String hostHeader = null;
        String hostRow = null;
        List<String> hostHuge = new ArrayList<>();
        List<String> hostNattch = new ArrayList<>();
        for (String line : host.split("\n")) {
            if (line.startsWith("header ")) {
                hostHeader = line.substring(7);
            } else if (line.startsWith("row ")) {
                hostRow = line.substring(4);
            } else if (line.startsWith("nattch ")) {
                hostNattch.add(line.substring(7));
            } else if (line.startsWith("huge ")) {
                hostHuge.add(line.substring(5));
            } else {
                String[] f = line.split(" ");
                hostSteps.put(f[0], f[1]);
            }
        }

        ScenarioRunner.Result r = ScenarioRunner.runText(dir, SCENARIO);
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        List<String> mmsimShmem = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^Shmem:\\s+(\\d+) kB$").matcher(r.out());
        while (m.find()) {
            mmsimShmem.add(String.valueOf(Long.parseLong(m.group(1)) / 1024));
        }
        assertEquals(new ArrayList<>(hostSteps.values()), mmsimShmem,
                "Shmem in MiB after " + hostSteps.keySet() + "\n" + r.out());
        assertEquals(List.of("16", "0", "16", "0", "16", "16", "0"), mmsimShmem);

        // an attach split by mprotect stays split (shm_vm_ops has a close, so no merge removes a
        // VMA), and shmdt finds the fragments even when the first page was unmapped
        List<String> nattch = new ArrayList<>();
        Matcher n = Pattern.compile("shm_nattch=(\\d+)").matcher(r.out());
        while (n.find()) {
            nattch.add(n.group(1));
        }
        assertEquals(hostNattch, nattch);
        assertEquals(List.of("3", "3", "0"), nattch);

        // a 1 TiB segment is past RAM + swap on both machines: refused unless SHM_NORESERVE
        List<String> huge = new ArrayList<>();
        Matcher h = Pattern.compile("(?m)^db: shmget\\(IPC_PRIVATE, 1099511627776, .*\\) = (-1 ENOMEM|\\d+)")
                .matcher(r.out());
        while (h.find()) {
            huge.add(h.group(1).startsWith("-1") ? "ENOMEM" : "ok");
        }
        assertEquals(hostHuge, huge);
        assertEquals(List.of("ENOMEM", "ok"), huge);

        String[] lines = r.out().split("\n");
        int at = java.util.Arrays.asList(lines).indexOf(hostHeader);
        assertEquals(true, at >= 0, "the header\n" + hostHeader + "\nin\n" + r.out());
        String row = lines[at + 1];
        // key (0: IPC_PRIVATE, or made private by IPC_RMID), perms with SHM_DEST, size, nattch,
        // owners and rss must agree; shmid, cpid, lpid and the times differ between the machines
        assertEquals(mask(hostRow), mask(row), "host\n" + hostRow + "\nmmsim\n" + row);
        assertEquals(fieldEnds(hostRow), fieldEnds(row), "column layout\nhost\n" + hostRow + "\nmmsim\n" + row);
    }

    private static List<String> mask(String row) {
        List<String> f = new ArrayList<>(List.of(row.trim().split("\\s+")));
        for (int i : new int[] {1, 4, 5, 11, 12, 13}) {
            f.set(i, "*");
        }
        return f;
    }

    /** Where each field ends: the fixed widths of sysvipc_shm_proc_show. */
    private static List<Integer> fieldEnds(String row) {
        List<Integer> ends = new ArrayList<>();
        Matcher m = Pattern.compile("\\S+").matcher(row);
        while (m.find()) {
            ends.add(m.end());
        }
        return ends;
    }

    private String runHost() throws Exception {
        Path src = dir.resolve("shm.c");
        Files.writeString(src, PROGRAM);
        Path bin = dir.resolve("shm");
        Process cc;
        try {
            cc = new ProcessBuilder("gcc", "-O2", "-o", bin.toString(), src.toString()).redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            assumeTrue(false, "no gcc: " + e.getMessage());
            return null;
        }
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // a program that does not compile is this test's bug, not a missing tool
        assertEquals(true, cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "gcc failed: " + ccOut);
        Process p = new ProcessBuilder(bin.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "the host program failed: " + out);
        return out;
    }
}
