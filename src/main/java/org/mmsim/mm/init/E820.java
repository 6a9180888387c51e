/*
 * The firmware memory map a QEMU/KVM x86-64 guest is given (arch/x86/kernel/e820.c input): RAM below
 * 640 KiB minus the EBDA, RAM from 1 MiB up to 3 GiB, the PCI hole up to 4 GiB, and the rest of RAM
 * above 4 GiB. Page 0 is turned into a reserved range, as e820__memblock_setup() sees it on this host.
 */
package org.mmsim.mm.init;

import java.util.ArrayList;
import java.util.List;

public final class E820 {
    /** A usable RAM range in pfns, [start, end). */
    public record Range(long start, long end) {
        public long pages() {
            return end - start;
        }
    }

    public static final long LOW_RAM_END_PFN = 0x9f;        // 0x9fc00 rounded down: EBDA above
    public static final long HIGH_RAM_START_PFN = 0x100;    // 1 MiB
    public static final long PCI_HOLE_START = 3L << 30;     // QEMU's below-4G RAM limit
    public static final long FOUR_GB = 4L << 30;

    private E820() {
    }

    /** Usable RAM ranges for a machine with this much RAM. */
    public static List<Range> usable(long ramBytes) {
        List<Range> r = new ArrayList<>();
        long below4g = Math.min(ramBytes, PCI_HOLE_START);
        r.add(new Range(1, LOW_RAM_END_PFN));
        r.add(new Range(HIGH_RAM_START_PFN, below4g >> 12));
        if (ramBytes > PCI_HOLE_START) {
            r.add(new Range(FOUR_GB >> 12, (FOUR_GB + ramBytes - PCI_HOLE_START) >> 12));
        }
        return r;
    }

    /** The physical address a byte offset into RAM lands at, skipping the PCI hole. */
    public static long ramOffsetToPhys(long offset) {
        return offset < PCI_HOLE_START ? offset : offset + (FOUR_GB - PCI_HOLE_START);
    }

    /** The BIOS-e820 lines Linux logs at boot. */
    public static List<String> bootLog(long ramBytes) {
        List<String> lines = new ArrayList<>();
        long below4g = Math.min(ramBytes, PCI_HOLE_START);
        lines.add(String.format("BIOS-e820: [mem 0x%016x-0x%016x] usable", 0L, 0x9fbffL));
        lines.add(String.format("BIOS-e820: [mem 0x%016x-0x%016x] reserved", 0x9fc00L, 0xfffffL));
        lines.add(String.format("BIOS-e820: [mem 0x%016x-0x%016x] usable", 0x100000L, below4g - 1));
        if (ramBytes > PCI_HOLE_START) {
            lines.add(String.format("BIOS-e820: [mem 0x%016x-0x%016x] reserved", 0xeec00000L, 0xfebfffffL));
            lines.add(String.format("BIOS-e820: [mem 0x%016x-0x%016x] usable", FOUR_GB,
                    FOUR_GB + ramBytes - PCI_HOLE_START - 1));
        }
        return lines;
    }
}
