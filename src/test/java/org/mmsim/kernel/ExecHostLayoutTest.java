package org.mmsim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Brk;
import org.mmsim.procfs.ProcFs;
import org.mmsim.task.ProgramImage;
import org.mmsim.task.Task;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * exec against the host kernel: a static program without libc, built here with known section
 * sizes, runs under `setarch -R` (no ASLR) with an empty environment, grows its break and prints
 * its /proc/self/maps, stat and status; mmsim execs the same ELF image (its PT_LOAD headers, read
 * from the binary), grows the break alike, and must print the same maps lines (but the device
 * number), the same layout fields of stat and the same size fields of status. Skipped without
 * gcc -static or setarch.
 */
class ExecHostLayoutTest {
    private static final String PROGRAM = String.join("\n",
            "static long sc(long n, long a, long b, long c) {",
            "    long r;",
            "    __asm__ volatile (\"syscall\" : \"=a\"(r) : \"a\"(n), \"D\"(a), \"S\"(b), \"d\"(c) : \"rcx\", \"r11\", \"memory\");",
            "    return r;",
            "}",
            "__attribute__((used)) static const char ro[RO] = {1};",
            "__attribute__((used)) char dat[DATA] = {1};",
            "char buf[BSS];",
            "#define S2(x) #x",
            "#define S(x) S2(x)",
            "__asm__(\".text\\n.skip \" S(TEXT) \"\\n\");",
            "static void dump(const char *path) {",
            "    long fd = sc(2, (long) path, 0, 0);",
            "    long n;",
            "    while ((n = sc(0, fd, (long) buf, 4096)) > 0) sc(1, 1, (long) buf, n);",
            "    sc(3, fd, 0, 0);",
            "}",
            "void _start(void) {",
            "    long b = sc(12, 0, 0, 0);",
            "    sc(12, b + HEAP, 0, 0);",
            "    dump(\"/proc/self/maps\");",
            "    dump(\"/proc/self/stat\");",
            "    dump(\"/proc/self/status\");",
            "    sc(60, 0, 0, 0);",
            "}", "");
    static final long HEAP = 65536;
    /** stat fields (1-based) exec sets: vsize, start_code, end_code, start_stack, start_data .. env_end. */
    private static final int[] STAT_FIELDS = {23, 26, 27, 28, 45, 46, 47, 48, 49, 50, 51};
    /** status lines that follow from the layout alone. */
    private static final List<String> LAYOUT_FIELDS = List.of("VmSize", "VmLck", "VmData", "VmStk", "VmExe", "VmLib");

    @TempDir
    Path dir;

    @Test
    void smallProgramMatchesTheHost() throws Exception {
        // The program's own run touches only pages exec already touched (its stack page, and the
        // data page padzero copied, where buf starts) and text pages, so its anonymous RSS and page
        // tables are exec's.
        List<String> fields = new ArrayList<>(LAYOUT_FIELDS);
        fields.addAll(List.of("VmPTE", "RssAnon"));
        compareWithHost(20000, 12345, 5000, 70000, fields);
    }

    @Test
    void dataSegmentWithoutBssTailMatchesTheHost() throws Exception {
        // data ends on a page boundary: no padzero copy, the bss starts a page of its own
        compareWithHost(300, 40, 8192, 9000, LAYOUT_FIELDS);
    }

    @Test
    void ofSizesLaysSectionsOutAsLdDoes() throws Exception {
        Path bin = build(dir, 20000, 12345, 5000, 70000);
        List<ProgramImage.Segment> real = readImage(bin).segments();
        ProgramImage.Segment data = real.get(3);
        List<ProgramImage.Segment> mine = ProgramImage.ofSizes(real.get(1).filesz(), real.get(2).filesz(),
                data.filesz(), data.memsz() - data.filesz()).segments();
        assertEquals(real.size(), mine.size());
        // the headers' size differs (this program has fewer program headers than a glibc one)
        for (int i = 1; i < real.size(); i++) {
            assertEquals(real.get(i), mine.get(i), "PT_LOAD " + i);
        }
    }

    private void compareWithHost(int text, int rodata, int data, int bss, List<String> statusFields) throws Exception {
        Path bin = build(dir, text, rodata, data, bss);
        String host = run("env", "-i", "setarch", "-R", bin.toString());
        ProgramImage image = readImage(bin);

        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 1);
        k.sysctl.get("kernel.randomize_va_space").write("0");
        Task t = k.processes.spawn("p", 0, bin.toString(), image);
        long b = Brk.brk(t.mm(), t.limits(), 0);
        Brk.brk(t.mm(), t.limits(), b + HEAP);
        ProcFs proc = new ProcFs(k);
        String maps = proc.read("/proc/" + t.pid + "/maps");
        String stat = proc.read("/proc/" + t.pid + "/stat");
        String status = proc.read("/proc/" + t.pid + "/status");

        String[] hostLines = host.split("\n");
        List<String> hostMaps = new ArrayList<>();
        int i = 0;
        while (hostLines[i].matches("[0-9a-f]+-[0-9a-f]+ .*")) {
            hostMaps.add(hostLines[i++].replaceFirst(" [0-9a-f]{2}:[0-9a-f]{2} [0-9]+ ", " DEV INO "));
        }
        List<String> simMaps = new ArrayList<>();
        for (String l : maps.split("\n")) {
            simMaps.add(l.replaceFirst(" [0-9a-f]{2}:[0-9a-f]{2} [0-9]+ ", " DEV INO "));
        }
        assertEquals(String.join("\n", hostMaps), String.join("\n", simMaps), "maps");
        String[] hostStat = hostLines[i].split(" ");
        String[] simStat = stat.trim().split(" ");
        for (int f : STAT_FIELDS) {
            assertEquals(hostStat[f - 1], simStat[f - 1], "stat field " + f);
        }
        String hostStatus = String.join("\n", Arrays.copyOfRange(hostLines, i + 1, hostLines.length));
        for (String key : statusFields) {
            assertEquals(field(hostStatus, key), field(status, key), key);
        }
    }

    private static String field(String file, String key) {
        for (String line : file.split("\n")) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new AssertionError(key + " missing in\n" + file);
    }

    static Path build(Path dir, int text, int rodata, int data, int bss) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setarch")) || Files.isExecutable(Path.of("/bin/setarch")),
                "setarch (util-linux) is missing");
        Path src = dir.resolve("p.c");
        Files.writeString(src, PROGRAM);
        Path bin = dir.resolve("p");
        Process cc;
        try {
            cc = new ProcessBuilder("gcc", "-static", "-nostdlib", "-O2", "-fno-stack-protector", "-o", bin.toString(),
                    "-DTEXT=" + text, "-DRO=" + rodata, "-DDATA=" + data, "-DBSS=" + bss, "-DHEAP=" + HEAP,
                    src.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "no gcc: " + e.getMessage());
            return null;
        }
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "gcc -static failed: " + out);
        return bin;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + " failed: " + out);
        return out;
    }

    /** The PT_LOAD program headers of an ELF64 little-endian file. */
    static ProgramImage readImage(Path elf) throws IOException {
        byte[] bytes = Files.readAllBytes(elf);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        List<ProgramImage.Segment> segs = new ArrayList<>();
        for (int n = 0; n < phnum; n++) {
            int at = (int) phoff + n * phentsize;
            if (b.getInt(at) != 1) {
                continue;
            }
            segs.add(new ProgramImage.Segment(b.getLong(at + 8), b.getLong(at + 16), b.getLong(at + 32),
                    b.getLong(at + 40), b.getInt(at + 4)));
        }
        return new ProgramImage(segs, bytes.length);
    }
}
