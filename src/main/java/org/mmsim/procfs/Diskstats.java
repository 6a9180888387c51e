/*
 * /proc/diskstats and /sys/block/DEV/stat (block/genhd.c: diskstats_show, part_stat_show): each
 * disk's I/O counters, times in milliseconds. Disks appear in registration order; mmsim's disks have
 * no partitions, so each gives one line.
 */
package org.mmsim.procfs;

import org.mmsim.block.BlockDevice;
import org.mmsim.kernel.Kernel;

import static org.mmsim.block.BlockDevice.STAT_DISCARD;
import static org.mmsim.block.BlockDevice.STAT_FLUSH;
import static org.mmsim.block.BlockDevice.STAT_READ;
import static org.mmsim.block.BlockDevice.STAT_WRITE;

final class Diskstats {
    private static final long NSEC_PER_MSEC = 1_000_000;

    private Diskstats() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (BlockDevice d : k.disks.all()) {
            BlockDevice.Stats s = d.stats();
            sb.append(String.format("%4d %7d %s %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d%n",
                    d.major, d.minor, d.name,
                    s.ios()[STAT_READ], s.merges()[STAT_READ], s.sectors()[STAT_READ], ms(s.nsecs()[STAT_READ]),
                    s.ios()[STAT_WRITE], s.merges()[STAT_WRITE], s.sectors()[STAT_WRITE], ms(s.nsecs()[STAT_WRITE]),
                    s.inFlight(), ms(s.ioTicksNs()), ms(totalNs(s)),
                    s.ios()[STAT_DISCARD], s.merges()[STAT_DISCARD], s.sectors()[STAT_DISCARD],
                    ms(s.nsecs()[STAT_DISCARD]), s.ios()[STAT_FLUSH], ms(s.nsecs()[STAT_FLUSH])));
        }
        return sb.toString();
    }

    /** part_stat_show(): the same counters in fixed-width columns, without the names. */
    static String stat(BlockDevice d) {
        BlockDevice.Stats s = d.stats();
        return String.format("%8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d %8d%n",
                s.ios()[STAT_READ], s.merges()[STAT_READ], s.sectors()[STAT_READ], ms(s.nsecs()[STAT_READ]),
                s.ios()[STAT_WRITE], s.merges()[STAT_WRITE], s.sectors()[STAT_WRITE], ms(s.nsecs()[STAT_WRITE]),
                s.inFlight(), ms(s.ioTicksNs()), ms(totalNs(s)),
                s.ios()[STAT_DISCARD], s.merges()[STAT_DISCARD], s.sectors()[STAT_DISCARD],
                ms(s.nsecs()[STAT_DISCARD]), s.ios()[STAT_FLUSH], ms(s.nsecs()[STAT_FLUSH]));
    }

    private static long totalNs(BlockDevice.Stats s) {
        return s.nsecs()[STAT_READ] + s.nsecs()[STAT_WRITE] + s.nsecs()[STAT_DISCARD] + s.nsecs()[STAT_FLUSH];
    }

    /** div_u64(nsecs, NSEC_PER_MSEC) cast to unsigned int, as the kernel prints it. */
    private static long ms(long ns) {
        return (ns / NSEC_PER_MSEC) & 0xffffffffL;
    }
}
