/*
 * The kinds of disk a machine can have and what a request costs on each: a per-request access time
 * (command latency, or for a rotating disk seek plus half a rotation, paid only when a request does
 * not continue the previous one), a transfer bandwidth per direction, the device's queue depth (how
 * many requests it works on at once) and the queue attributes sysfs shows. The kernel has no such
 * table: the figures are typical of current devices (a PCIe 3 NVMe SSD, a SATA SSD, a 7200 rpm disk,
 * brd's RAM disk) and the names and numbers are the ones Linux gives such devices.
 */
package org.mmsim.block;

public enum DiskModel {
    NVME("nvme", 259, 20_000, 3_200_000_000L, 2_000_000_000L, 1023, 1023, false),
    SATA_SSD("sata-ssd", 8, 80_000, 550_000_000L, 520_000_000L, 32, 64, false),
    HDD("hdd", 8, 8_000_000, 200_000_000L, 200_000_000L, 32, 64, true),
    RAMDISK("ramdisk", 1, 1_000, 8_000_000_000L, 8_000_000_000L, 1, 128, false);

    /** The name the `machine` line's disk= uses. */
    public final String key;
    /** The block major: 259 (blkext) for NVMe namespaces, 8 for sd, 1 for brd's ram disks. */
    public final int major;
    /** Access time per request, ns: command latency, or a rotating disk's seek and rotation. */
    public final long accessNs;
    public final long readBytesPerSec;
    public final long writeBytesPerSec;
    /** Requests the device works on at once (NVMe queue entries, NCQ tags; brd runs one bio at a time). */
    public final int queueDepth;
    /** /sys/block/DEV/queue/nr_requests. */
    public final int nrRequests;
    public final boolean rotational;

    DiskModel(String key, int major, long accessNs, long readBytesPerSec, long writeBytesPerSec, int queueDepth,
              int nrRequests, boolean rotational) {
        this.key = key;
        this.major = major;
        this.accessNs = accessNs;
        this.readBytesPerSec = readBytesPerSec;
        this.writeBytesPerSec = writeBytesPerSec;
        this.queueDepth = queueDepth;
        this.nrRequests = nrRequests;
        this.rotational = rotational;
    }

    /** The model a disk= entry names, or null. */
    public static DiskModel byKey(String key) {
        for (DiskModel m : values()) {
            if (m.key.equals(key)) {
                return m;
            }
        }
        return null;
    }

    /** Every model's key, for messages. */
    public static String keys() {
        StringBuilder sb = new StringBuilder();
        for (DiskModel m : values()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(m.key);
        }
        return sb.toString();
    }
}
