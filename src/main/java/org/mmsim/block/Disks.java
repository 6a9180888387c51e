/*
 * The machine's disks, named and numbered as their drivers register them (nvme_alloc_ns:
 * nvme0n1, nvme1n1 on blkext's major 259; sd_probe: sda, sdb on major 8 with 16 minors each; brd:
 * ram0, ram1 on major 1), kept in registration order, which is /proc/diskstats' order.
 * Left out: partitions (a disk is used whole, as the host's vda is).
 */
package org.mmsim.block;

import org.mmsim.sim.EventQueue;
import org.mmsim.sim.SimClock;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class Disks {
    /** One disk= entry of the machine line. */
    public record Spec(DiskModel model, long sizeBytes) {
        public Spec {
            if (sizeBytes < (1L << 20) || sizeBytes % 4096 != 0) {
                throw new IllegalArgumentException("a disk must be at least 1M, in whole 4K blocks");
            }
        }
    }

    private final List<BlockDevice> devices = new ArrayList<>();

    public Disks(List<Spec> specs, EventQueue events, SimClock clock) {
        int nvme = 0, sd = 0, ram = 0;
        for (Spec s : specs) {
            String name;
            int minor;
            switch (s.model()) {
                case NVME -> {
                    name = "nvme" + nvme + "n1";
                    minor = nvme++;
                }
                case RAMDISK -> {
                    name = "ram" + ram;
                    minor = ram++;
                }
                default -> {
                    name = "sd" + sdLetters(sd);
                    minor = 16 * sd++;
                }
            }
            devices.add(new BlockDevice(name, s.model(), minor, s.sizeBytes(), events, clock));
        }
    }

    /** sd_format_disk_name(): a..z, then aa..zz, ... */
    static String sdLetters(int index) {
        StringBuilder sb = new StringBuilder();
        int i = index;
        do {
            sb.insert(0, (char) ('a' + i % 26));
            i = i / 26 - 1;
        } while (i >= 0);
        return sb.toString();
    }

    public List<BlockDevice> all() {
        return Collections.unmodifiableList(devices);
    }

    /** The disk / lives on, or null on a diskless machine. */
    public BlockDevice root() {
        return devices.isEmpty() ? null : devices.get(0);
    }
}
