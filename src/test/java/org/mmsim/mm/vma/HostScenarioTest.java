package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.mmsim.sim.KernelError;

/**
 * Replays host-scenario.txt and host-file-scenario.txt (page offsets from a fixed base) and
 * compares the resulting VMAs, file offsets and smaps VmFlags with the .expected files, captured by
 * running the same calls on the Linux 6.18 host. The host kernel lacks CONFIG_MEM_SOFT_DIRTY, so "sd" is not compared.
 */
class HostScenarioTest {
    private static final long B = 0x300000000L;
    private static final long P = 4096;
    private static final String[] MNEMONICS = new String[64];

    static {
        String[][] bits = {
            {"0", "rd"}, {"1", "wr"}, {"2", "ex"}, {"3", "sh"}, {"4", "mr"}, {"5", "mw"}, {"6", "me"},
            {"7", "ms"}, {"8", "gd"}, {"10", "pf"}, {"13", "lo"}, {"14", "io"}, {"15", "sr"}, {"16", "rr"},
            {"17", "dc"}, {"18", "de"}, {"19", "lf"}, {"20", "ac"}, {"21", "nr"}, {"22", "ht"}, {"25", "wf"},
            {"26", "dd"}, {"28", "mm"}, {"29", "hg"}, {"30", "nh"}, {"31", "mg"}
        };
        for (String[] b : bits) {
            MNEMONICS[Integer.parseInt(b[0])] = b[1];
        }
    }

    private static String read(String name) throws IOException {
        try (InputStream in = HostScenarioTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The same file opened read-write and read-only, as the host program does. */
    private static final VmFile DATA_RW = new VmFile("data", 7, true, true, false);
    private static final VmFile DATA_RO = new VmFile("data", 7, true, false, false);

    @Test
    void anonymousLayoutAndFlagsMatchTheHost() throws IOException {
        assertEquals(read("host-scenario.expected"), replay("host-scenario.txt", false));
    }

    @Test
    void fileLayoutOffsetsAndFlagsMatchTheHost() throws IOException {
        assertEquals(read("host-file-scenario.expected"), replay("host-file-scenario.txt", true));
    }

    private static String replay(String script, boolean withFile) throws IOException {
        MmStruct mm = VmaTestSupport.newMm();
        TaskLimits root = TaskLimits.defaults().asRoot();
        StringBuilder out = new StringBuilder();
        for (String line : read(script).split("\n")) {
            String[] f = line.trim().split(" ");
            try {
                run(mm, root, f);
            } catch (KernelError e) {
                out.append("FAIL ").append(line).append('\n');
            }
        }
        for (Vma v : mm.vmas()) {
            out.append((v.start() - B) / P).append('-').append((v.end() - B) / P).append(' ')
                    .append(VmFlags.permString(v.flags())).append(' ');
            if (withFile) {
                out.append(Long.toHexString(v.file() == null ? 0 : v.pgoff())).append(' ')
                        .append(v.file() == null ? "-" : v.file().path).append("  ");
            }
            for (int bit = 0; bit < 64; bit++) {
                if ((v.flags() & (1L << bit)) != 0 && MNEMONICS[bit] != null) {
                    out.append(MNEMONICS[bit]).append(' ');
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void run(MmStruct mm, TaskLimits lim, String[] f) {
        long a = f.length > 1 ? Long.parseLong(f[1]) : 0;
        long b = f.length > 2 ? Long.parseLong(f[2]) : 0;
        switch (f[0]) {
            case "m": {
                int type = f[4].equals("s") ? Mman.MAP_SHARED
                        : f[4].equals("g") ? Mman.MAP_PRIVATE | Mman.MAP_GROWSDOWN : Mman.MAP_PRIVATE;
                Mmap.mmap(mm, lim, B + a * P, b * P, Integer.parseInt(f[3]), type | Mman.MAP_ANONYMOUS | Mman.MAP_FIXED,
                        null, 0);
                break;
            }
            case "f": {
                VmFile file = f[4].equals("S") ? DATA_RO : DATA_RW;
                int type = f[4].equals("p") ? Mman.MAP_PRIVATE : Mman.MAP_SHARED;
                Mmap.mmap(mm, lim, B + a * P, b * P, Integer.parseInt(f[3]), type | Mman.MAP_FIXED, file,
                        Long.parseLong(f[5]) * P);
                break;
            }
            case "u":
                Munmap.munmap(mm, B + a * P, b * P);
                break;
            case "p":
                Mprotect.mprotect(mm, lim, B + a * P, b * P, Integer.parseInt(f[3]));
                break;
            case "a":
                Madvise.madvise(mm, B + a * P, b * P, Integer.parseInt(f[3]));
                break;
            case "l":
                Mlock.mlock(mm, lim, B + a * P, b * P);
                break;
            case "o":
                Mlock.mlock2(mm, lim, B + a * P, b * P, Mman.MLOCK_ONFAULT);
                break;
            case "r":
                if (b != 0) {
                    Mremap.mremap(mm, lim, B + a * P, b * P, Long.parseLong(f[3]) * P, Integer.parseInt(f[4]),
                            B + Long.parseLong(f[5]) * P);
                }
                break;
            default:
                throw new IllegalArgumentException(f[0]);
        }
    }
}
