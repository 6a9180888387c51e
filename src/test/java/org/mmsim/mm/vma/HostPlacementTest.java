package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * host-placement.txt is the /proc/self/maps of a small program run on the 6.18 host without ASLR
 * (setarch -R), followed by the addresses its later mmap/munmap/mremap calls returned. The model is
 * seeded with the same VMAs and must return the same addresses: top-down search below mmap_base,
 * THP alignment of 2 MiB multiples, the stack guard gap of a MAP_GROWSDOWN mapping, hints, holes.
 */
class HostPlacementTest {
    private static final long P = 4096;

    @Test
    void unmappedAreaChoicesMatchTheHost() throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("host-placement.txt")) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        MmStruct mm = VmaTestSupport.newMm();
        Map<String, VmFile> files = new HashMap<>();
        List<Long> expected = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("RESULTS")) {
                for (String r : line.substring(8).trim().split(" ")) {
                    expected.add(Long.parseUnsignedLong(r, 16));
                }
                continue;
            }
            String[] f = line.trim().split("\\s+");
            String[] range = f[0].split("-");
            long start = Long.parseUnsignedLong(range[0], 16);
            long end = Long.parseUnsignedLong(range[1], 16);
            if (start >= MmStruct.TASK_SIZE) {
                continue;
            }
            String perms = f[1];
            long flags = VmFlags.VM_MAYREAD | VmFlags.VM_MAYWRITE | VmFlags.VM_MAYEXEC
                    | (perms.charAt(0) == 'r' ? VmFlags.VM_READ : 0) | (perms.charAt(1) == 'w' ? VmFlags.VM_WRITE : 0)
                    | (perms.charAt(2) == 'x' ? VmFlags.VM_EXEC : 0);
            String name = f.length > 5 ? f[5] : null;
            long pgoff = Long.parseLong(f[2], 16) / P;
            if ("[stack]".equals(name)) {
                mm.insertMapping(start, end, flags | VmFlags.VM_GROWSDOWN, start / P, null, null);
                mm.startStack = end - P;
            } else if (name != null && name.startsWith("[")) {
                mm.installSpecialMapping(start, end - start, flags, name);
            } else if (name != null) {
                mm.insertMapping(start, end, flags, pgoff, files.computeIfAbsent(name,
                        n -> new VmFile(n, files.size() + 1, true, false, false)), null);
            } else {
                mm.insertMapping(start, end, flags, start / P, null, null);
            }
        }
        TaskLimits lim = TaskLimits.defaults();
        int anon = VmaTestSupport.ANON;
        List<Long> got = new ArrayList<>();
        got.add(Mmap.mmap(mm, lim, 0, P, 3, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, 2 * P, 1, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, 2 << 20, 3, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, 3 << 20, 1, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, 4 << 20, 3, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, 5 * P, 3, anon | Mman.MAP_GROWSDOWN, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, P, 1, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, P, 3, Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0));
        Munmap.munmap(mm, got.get(3), 3 << 20);
        got.add(Mmap.mmap(mm, lim, 0, P, 7, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, 1 << 20, 1, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0x10000, P, 1, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, got.get(0), P, 1, anon, null, 0));
        got.add(Mmap.mmap(mm, lim, 0, 6 << 20, 3, anon, null, 0));
        got.add(Mremap.mremap(mm, lim, got.get(1), 2 * P, 40 * P, Mman.MREMAP_MAYMOVE, 0));
        assertEquals(hex(expected), hex(got));
    }

    private static String hex(List<Long> values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            sb.append(Long.toHexString(v)).append(' ');
        }
        return sb.toString();
    }
}
