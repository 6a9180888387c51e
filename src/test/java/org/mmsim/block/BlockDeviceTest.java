package org.mmsim.block;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.EventQueue;
import org.mmsim.sim.SimClock;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockDeviceTest {
    private final SimClock clock = new SimClock();
    private final EventQueue events = new EventQueue(clock);

    private BlockDevice disk(DiskModel model) {
        return new Disks(List.of(new Disks.Spec(model, 1L << 30)), events, clock).root();
    }

    @Test
    void streamingReadRunsAtTheDeviceBandwidth() {
        BlockDevice d = disk(DiskModel.SATA_SSD);
        int requests = 1000;
        long bytes = 128 << 10;
        long last = 0;
        for (int i = 0; i < requests; i++) {
            last = d.submit(BlockDevice.STAT_READ, i * (bytes >> 9), bytes, () -> { });
        }
        long expected = requests * bytes * 1_000_000_000L / DiskModel.SATA_SSD.readBytesPerSec;
        assertEquals(expected + DiskModel.SATA_SSD.accessNs, last, expected / 100);
        events.runUntil(last);
        BlockDevice.Stats s = d.stats();
        assertEquals(requests, s.ios()[BlockDevice.STAT_READ]);
        assertEquals(requests * (bytes >> 9), s.sectors()[BlockDevice.STAT_READ]);
        assertEquals(0, s.inFlight());
        assertEquals(last, s.ioTicksNs());
    }

    @Test
    void aRotatingDiskSeeksOnlyBetweenDiscontiguousRequests() {
        BlockDevice d = disk(DiskModel.HDD);
        long sequential = d.submit(BlockDevice.STAT_READ, 0, 4096, () -> { });
        long next = d.submit(BlockDevice.STAT_READ, 8, 4096, () -> { });
        long transfer = 4096L * 1_000_000_000L / DiskModel.HDD.readBytesPerSec;
        assertEquals(DiskModel.HDD.accessNs + transfer, sequential);
        assertEquals(sequential + transfer, next);
        long random = d.submit(BlockDevice.STAT_READ, 1 << 20, 4096, () -> { });
        assertEquals(next + DiskModel.HDD.accessNs + transfer, random);
    }

    @Test
    void aFullQueueMakesRequestsWaitForTheOldest() {
        BlockDevice d = disk(DiskModel.RAMDISK);
        long first = d.submit(BlockDevice.STAT_WRITE, 0, 0, () -> { });
        long second = d.submit(BlockDevice.STAT_WRITE, 0, 0, () -> { });
        assertEquals(DiskModel.RAMDISK.accessNs, first);
        assertEquals(2 * DiskModel.RAMDISK.accessNs, second);
    }

    @Test
    void completionsRunInSimulatedTimeAndCountInFlight() {
        BlockDevice d = disk(DiskModel.NVME);
        int[] done = new int[1];
        long at = d.submit(BlockDevice.STAT_WRITE, 0, 1 << 20, () -> done[0]++);
        assertEquals(1, d.stats().inFlight());
        events.runUntil(at - 1);
        assertEquals(0, done[0]);
        events.runUntil(at);
        assertEquals(1, done[0]);
        assertEquals(2048, d.stats().sectors()[BlockDevice.STAT_WRITE]);
        assertTrue(d.stats().nsecs()[BlockDevice.STAT_WRITE] == at);
    }

    @Test
    void disksAreNamedAsTheirDriversNameThem() {
        Disks disks = new Disks(List.of(new Disks.Spec(DiskModel.NVME, 1 << 30), new Disks.Spec(DiskModel.HDD, 1 << 30),
                new Disks.Spec(DiskModel.NVME, 1 << 30), new Disks.Spec(DiskModel.SATA_SSD, 1 << 30),
                new Disks.Spec(DiskModel.RAMDISK, 1 << 30)), events, clock);
        assertEquals(List.of("nvme0n1 259:0", "sda 8:0", "nvme1n1 259:1", "sdb 8:16", "ram0 1:0"),
                disks.all().stream().map(d -> d.name + " " + d.major + ":" + d.minor).toList());
        assertEquals("z", Disks.sdLetters(25));
        assertEquals("aa", Disks.sdLetters(26));
        assertEquals("zz", Disks.sdLetters(701));
        assertEquals("aaa", Disks.sdLetters(702));
    }
}
