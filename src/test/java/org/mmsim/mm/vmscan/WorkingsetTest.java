package org.mmsim.mm.vmscan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.filemap.FileIo;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vmstat.NodeStat;

/** Shadow entries left by eviction and what a refault into their slot makes of them. */
class WorkingsetTest {
    private final Kernel k = Kernel.boot(MachineSpec.uniform(128L << 20, 1, 1), 3);
    private final PageCache cache = k.user.pageCache;
    private final long[] stats = k.zones.node(0).stats;
    private final VmFile f = new VmFile("/data/f", 9, true, true, false);
    private final AddressSpace as;

    WorkingsetTest() {
        cache.createFile(f, 1L << 20, false, i -> 1);
        as = cache.mapping(f);
    }

    /** Reads page index in and evicts it as reclaim's __remove_mapping() does; returns the evicted frame. */
    private int readAndEvict(long index) {
        cache.readPages(as, index, 1, -1);
        int pfn = as.get(index);
        cache.waitLocked(pfn);
        assertTrue(cache.removeMapping(pfn));
        return pfn;
    }

    private int readBack(long index) {
        cache.readPages(as, index, 1, -1);
        return as.get(index);
    }

    @Test
    void refaultBeyondTheWorkingsetIsCountedButNotActivated() {
        long age = k.user.workingset.nonresidentAge(0);
        readAndEvict(0);
        assertEquals(age + 1, k.user.workingset.nonresidentAge(0), "an eviction ages the node");
        int pfn = readBack(0);
        assertEquals(1, stats[NodeStat.WORKINGSET_REFAULT_FILE]);
        assertEquals(0, stats[NodeStat.WORKINGSET_ACTIVATE_FILE], "distance 1, no active file pages");
        assertEquals(0, k.zones.memMap.flags[pfn] & PageFlags.PG_ACTIVE);
    }

    @Test
    void refaultWithinTheActiveListActivatesAndRestoresWorkingsetPages() {
        // two touches make pages 8.. active: a workingset of 8 pages
        cache.readPages(as, 8, 8, -1);
        k.user.lru.drainAll();
        for (int twice = 0; twice < 2; twice++) {
            for (long i = 8; i < 16; i++) {
                cache.markAccessed(as.get(i));
            }
        }
        k.user.lru.drainAll();
        assertEquals(8, stats[NodeStat.NR_ACTIVE_FILE]);
        cache.readPages(as, 0, 1, -1);
        int pfn = as.get(0);
        cache.waitLocked(pfn);
        k.zones.memMap.flags[pfn] |= PageFlags.PG_WORKINGSET; // as deactivation leaves it
        assertTrue(cache.removeMapping(pfn));
        int back = readBack(0);
        int flags = k.zones.memMap.flags[back];
        assertNotEquals(0, flags & PageFlags.PG_ACTIVE);
        assertNotEquals(0, flags & PageFlags.PG_WORKINGSET);
        assertEquals(1, stats[NodeStat.WORKINGSET_REFAULT_FILE]);
        assertEquals(1, stats[NodeStat.WORKINGSET_ACTIVATE_FILE]);
        assertEquals(1, stats[NodeStat.WORKINGSET_RESTORE_FILE]);
        k.user.lru.drainAll();
        assertEquals(9, stats[NodeStat.NR_ACTIVE_FILE], "the refaulted page joins the active list");
    }

    @Test
    void truncationAndInvalidationDropShadows() {
        FileIo io = new FileIo(cache);
        readAndEvict(3);
        io.invalidate(as, 0, Long.MAX_VALUE);
        readBack(3);
        assertEquals(0, stats[NodeStat.WORKINGSET_REFAULT_FILE]);
        readAndEvict(5);
        io.truncate(as, 4096);
        io.extend(as, 1L << 20);
        assertEquals(MemMap.NIL, as.get(5));
        readBack(5);
        assertEquals(0, stats[NodeStat.WORKINGSET_REFAULT_FILE]);
    }
}
