/*
 * Pins the exact state boot leaves behind (mm/mm_init.c layout, memblock reservations,
 * memblock_free_all into the buddy lists): every frame's flags, refcount, private and list links, every
 * zone's free lists and counters, every pageblock's migratetype, hashed. The expected values were taken
 * from the original per-pfn implementation of MemInit, so range-based rewrites must reproduce it bit for bit;
 * since boot runs kmem_cache_init the state includes its slab allocations (see EXPECTED).
 */
package org.mmsim.mm.init;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.zone.Zone;
import org.mmsim.mm.zone.Zones;

import static org.junit.jupiter.api.Assertions.assertEquals;

public class BootFingerprintTest {
    public static long fingerprint(Kernel k) {
        Zones zones = k.zones;
        MemMap m = zones.memMap;
        long h = 0xcbf29ce484222325L;
        int[][] arrays = {m.flags, m.refcount, m.mapcount, m.next, m.prev, m.priv};
        for (int[] a : arrays) {
            for (int v : a) {
                h = (h ^ v) * 0x100000001b3L;
            }
        }
        for (byte b : zones.pageblockMigratetype) {
            h = (h ^ b) * 0x100000001b3L;
        }
        for (Zone z : zones.allZones()) {
            long[] scalars = {z.startPfn, z.spannedPages, z.presentPages, z.managedPages, z.watermark[0],
                z.watermark[1], z.watermark[2], z.lowmemReserve[0], z.lowmemReserve[1], z.lowmemReserve[2]};
            for (long v : scalars) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (int v : z.freeHead) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (int v : z.freeTail) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (long v : z.freeListLength) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (long v : z.stats) {
                h = (h ^ v) * 0x100000001b3L;
            }
        }
        h = (h ^ k.layout.reservedPages) * 0x100000001b3L;
        h = (h ^ k.layout.presentPages) * 0x100000001b3L;
        return h;
    }

    private static long boot(long[] nodeMemory, long kernelcore, long movablecore) {
        MachineSpec spec = new MachineSpec(nodeMemory, 2, MachineSpec.defaultDistances(nodeMemory.length),
                kernelcore, movablecore, "madvise");
        return fingerprint(Kernel.boot(spec, 0));
    }

    @Test
    void bootStateIsUnchanged() {
        assertEquals(EXPECTED[0], boot(new long[] {64L << 20}, 0, 0), "64M");
        assertEquals(EXPECTED[1], boot(new long[] {128L << 20, 128L << 20}, 0, 0), "2x128M");
        assertEquals(EXPECTED[2], boot(new long[] {3L << 30, 3L << 30}, 0, 0), "2x3G");
        assertEquals(EXPECTED[3], boot(new long[] {1L << 30, 1L << 30}, 0, 512L << 20), "2x1G movablecore");
        assertEquals(EXPECTED[4], boot(new long[] {5L << 30}, 2L << 30, 0), "5G kernelcore");
    }

    // Re-recorded when boot began running kmem_cache_init (Slub, created at the end of the Kernel
    // constructor): its slab pages, the refill left on CPU 0's list and the order-10 MOVABLE block it
    // claimed as UNMOVABLE (__rmqueue_claim) change the state. With the Slub and Vmalloc construction
    // disabled the previous values (-36376549385278966, 7296183815669934216, 7071068785034557036,
    // -5176478435105427710, -8509258857873289094) are reproduced exactly, so nothing else changed.
    // Re-recorded when the Vfs began making its slab caches (dentry, inode_cache, shmem_inode_cache,
    // ext4_inode_cache) and each mount's root dentry and inode from them. With the Vfs construction
    // disabled the previous values (5474954905233604602, -5279175849405044315, 6944825842232557895,
    // -5582314733359241455, -8361462622655145737) are reproduced exactly, so nothing else changed.
    private static final long[] EXPECTED = {
        -7200809744571206905L, 9220285675438851090L, 1510770066677279029L, -692384825100352057L,
        -8623922072704399037L,
    };
}
