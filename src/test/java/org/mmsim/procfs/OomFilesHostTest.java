package org.mmsim.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.oom.OomKiller;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

/**
 * The host kernel as oracle for the OOM files: processes this test starts (never any other) get
 * oom_score_adj values, and their /proc/PID/oom_score must be what mmsim's oom_badness and
 * proc_oom_score give for the same rss, swap, page tables and totalpages; oom_score_adj and the
 * legacy oom_adj must accept, refuse and convert written text as the host does. mmsim's writer has
 * CAP_SYS_RESOURCE; where the host's test process lacks it (a container), lowering a value is
 * refused with EACCES there, and those writes are left out of the comparison.
 */
class OomFilesHostTest {
    private static final Path PROC = Path.of("/proc");

    private static List<Process> startSleepers(int n) throws IOException {
        List<Process> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new ProcessBuilder("sleep", "60").start());
        }
        return out;
    }

    private static String read(Path p) throws IOException {
        return Files.readAllLines(p).get(0).trim();
    }

    /** Writes text as one write(2); the errno's message when the kernel refuses, else null. */
    private static String write(Path p, String text) {
        try (FileOutputStream out = new FileOutputStream(p.toFile())) {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            return null;
        } catch (IOException e) {
            String m = e.getMessage();
            return m.endsWith(")") ? m.substring(m.lastIndexOf('(') + 1, m.length() - 1) : m;
        }
    }

    private static Map<String, Long> statusKb(long pid) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(PROC.resolve(pid + "/status"))) {
            if (line.startsWith("Vm")) {
                String[] f = line.split(":\\s+");
                m.put(f[0], Long.parseLong(f[1].replace(" kB", "").trim()));
            }
        }
        return m;
    }

    private static long meminfoKb(String field) throws IOException {
        for (String line : Files.readAllLines(PROC.resolve("meminfo"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).replace(" kB", "").trim());
            }
        }
        throw new IllegalStateException(field);
    }

    private static void assumeHostProc() {
        assumeTrue(Files.isWritable(PROC.resolve("self/oom_score_adj")) && System.getProperty("os.name").equals("Linux"),
                "needs a Linux host with writable /proc/PID/oom_score_adj");
    }

    @Test
    void oomScoreOfHostProcessesFollowsOomBadness() throws Exception {
        assumeHostProc();
        long totalpages = meminfoKb("MemTotal") / 4 + meminfoKb("SwapTotal") / 4;
        int[] adjs = {-1000, -999, -500, 0, 1, 300, 999, 1000};
        List<Process> children = startSleepers(adjs.length);
        int compared = 0;
        try {
            for (int i = 0; i < adjs.length; i++) {
                long pid = children.get(i).pid();
                if (write(PROC.resolve(pid + "/oom_score_adj"), adjs[i] + "\n") != null) {
                    continue;
                }
                compared++;
                long score;
                Map<String, Long> status;
                do {
                    status = statusKb(pid);
                    score = Long.parseLong(read(PROC.resolve(pid + "/oom_score")));
                } while (!status.equals(statusKb(pid)));
                long badness = adjs[i] == OomKiller.OOM_SCORE_ADJ_MIN ? Long.MIN_VALUE
                        : OomKiller.badness(status.get("VmRSS") / 4, status.get("VmSwap") / 4,
                                status.get("VmPTE") * 1024, adjs[i], totalpages);
                assertEquals(score, OomKiller.oomScore(badness, totalpages), "oom_score_adj " + adjs[i]);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        assertTrue(compared >= 5, "every non-negative value is writable");
    }

    @Test
    void writtenOomScoreAdjAndOomAdjBehaveAsOnTheHost() throws Exception {
        assumeHostProc();
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 1, 1), 0);
        ProcFs fs = new ProcFs(k);
        Task t = k.processes.spawn("t", 0);
        String[] scoreAdj = {"0", "1000", "-1000", "1001", "-1001", "abc", "0x10", "  7  ", "+5", "010", "5x", "-0",
            "99999999999", "12 34"};
        String[] oomAdj = {"-17", "-16", "-1", "0", "5", "15", "16", "-18", "0xf", "3"};
        List<Process> children = startSleepers(scoreAdj.length + oomAdj.length);
        int next = 0;
        try {
            for (String[] files : new String[][] {scoreAdj, oomAdj}) {
                String name = files == scoreAdj ? "oom_score_adj" : "oom_adj";
                for (String text : files) {
                    long pid = children.get(next++).pid();
                    fs.write("/proc/" + t.pid + "/oom_score_adj", "0");
                    String hostErr = write(PROC.resolve(pid + "/" + name), text + "\n");
                    if ("Permission denied".equals(hostErr)) {
                        continue;
                    }
                    String simErr = null;
                    try {
                        fs.write("/proc/" + t.pid + "/" + name, text + "\n");
                    } catch (KernelError e) {
                        simErr = e.errno.message();
                    }
                    assertEquals(hostErr, simErr, name + " <- " + text);
                    assertEquals(read(PROC.resolve(pid + "/oom_score_adj")),
                            fs.read("/proc/" + t.pid + "/oom_score_adj").trim(), name + " <- " + text);
                    assertEquals(read(PROC.resolve(pid + "/oom_adj")), fs.read("/proc/" + t.pid + "/oom_adj").trim(),
                            name + " <- " + text);
                }
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }
}
