package org.mmsim.mm.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

class SwapFileTest {
    private final Kernel k = Kernel.boot(MachineSpec.uniform(128L << 20, 2, 1), 1);
    private final SwapFile sf = k.user.swapCache.swapFile;

    @Test
    void procSwapsHasSwapShowsLayout() {
        sf.mkswap("/dev/vdb", 2L << 30);
        sf.mkswap("/swapfile", 64L << 20);
        sf.swapon("/dev/vdb", SwapFile.NO_PRIORITY);
        sf.swapon("/swapfile", 5);
        assertEquals("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                + "/swapfile                               file\t65532\t\t0\t\t5\n"
                + "/dev/vdb                                partition\t2097148\t\t0\t\t-2\n", sf.procSwaps());
        assertEquals(524287 + 16383, sf.totalPages());
    }

    @Test
    void swaponRefusesUnformattedAndBusyAreas() {
        assertEquals(Errno.ENOENT, assertThrows(KernelError.class, () -> sf.swapon("/dev/vdc", 0)).errno);
        sf.mkswap("/dev/vdb", 1L << 20);
        sf.swapon("/dev/vdb", 0);
        assertEquals(Errno.EBUSY, assertThrows(KernelError.class, () -> sf.swapon("/dev/vdb", 0)).errno);
        assertEquals(Errno.ENOENT, assertThrows(KernelError.class,
                () -> SwapOff.swapoff(k.user.swapCache, k.user.rmap, k.zones.memMap, "/dev/vdc")).errno);
    }

    @Test
    void slotsComeFromClustersAndHigherPriorityFirst() {
        sf.mkswap("/a", 4L << 20);
        sf.mkswap("/b", 4L << 20);
        sf.swapon("/a", 1);
        sf.swapon("/b", 2);
        int e1 = sf.alloc(0);
        int e2 = sf.alloc(0);
        assertEquals(sf.find("/b").type, SwapFile.type(e1), "the higher priority area first");
        // Cluster 0 holds the header (slot 0, marked bad), so it is on the nonfull list and a free cluster goes first.
        assertEquals(SwapInfo.SWAPFILE_CLUSTER, SwapFile.offset(e1));
        assertEquals(SwapInfo.SWAPFILE_CLUSTER + 1, SwapFile.offset(e2), "the CPU's cluster continues");
        int other = sf.alloc(1);
        assertNotEquals(1, SwapFile.offset(other) / SwapInfo.SWAPFILE_CLUSTER, "another CPU takes another cluster");
        assertEquals(sf.totalPages() - 3, sf.freePages());
        sf.putCache(e1);
        assertEquals(sf.totalPages() - 2, sf.freePages());
    }

    @Test
    void swapPtesUseX86Encoding() {
        // __swp_entry(type 1, offset 5): ~5 << 14 >> 5 | 1 << 59
        long pte = Pte.swapEntry(1, 5);
        assertEquals((~5L << 14 >>> 5) | (1L << 59), pte);
        assertEquals(0, pte & (Pte.PRESENT | Pte.PROTNONE));
        assertEquals(1, Pte.swapType(pte));
        assertEquals(5, Pte.swapOffset(pte));
        assertEquals(5, Pte.swapOffset(pte | Pte.SWP_EXCLUSIVE));
    }
}
