package org.mmsim.task;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mlock;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vmstat.VmEvent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultTest {
    private final TaskFixture f = new TaskFixture();

    @Test
    void writeFaultAllocatesADirtyWritablePage() {
        Task t = f.task();
        long pt0 = f.pageTables();
        long a = TaskFixture.mmap(t, 64 << 10, TaskFixture.RW, TaskFixture.ANON);
        long faults = f.event(VmEvent.PGFAULT);
        assertEquals(-1, t.touch(a, 64 << 10, Fault.WRITE));
        assertEquals(16, t.faults.minflt);
        assertEquals(16, f.event(VmEvent.PGFAULT) - faults);
        assertEquals(16, t.rss(PageTable.MM_ANONPAGES));
        assertEquals(16, f.anonPages());
        assertEquals(3, f.pageTables() - pt0, "PUD, PMD and PTE table for one 2 MiB region");
        assertEquals(3 * 4096, t.vmPte());
        long pte = t.pageTable().walk(a);
        assertTrue((pte & (Pte.PRESENT | Pte.RW | Pte.USER | Pte.DIRTY | Pte.NX)) == (Pte.PRESENT | Pte.RW | Pte.USER
                | Pte.DIRTY | Pte.NX));
        assertEquals(PageFlags.TYPE_TABLE, f.k.zones.memMap.pageType(t.pageTable().pgdPfn()));
        // a second pass takes no faults
        t.touch(a, 64 << 10, Fault.WRITE);
        assertEquals(16, t.faults.minflt);
    }

    @Test
    void readMapsTheZeroPageThenWriteAllocates() {
        Task t = f.task();
        long a = TaskFixture.mmap(t, 64 << 10, TaskFixture.RW, TaskFixture.ANON);
        t.touch(a, 64 << 10, Fault.READ);
        assertEquals(16, t.faults.minflt);
        assertEquals(0, t.rssPages(), "the zero page is not RSS");
        assertEquals(0, f.anonPages());
        long pte = t.pageTable().walk(a);
        assertEquals(f.k.user.zeroPfn, Pte.pfn(pte));
        assertFalse(Pte.writable(pte));
        t.touch(a, 32 << 10, Fault.WRITE);
        assertEquals(24, t.faults.minflt);
        assertEquals(8, t.rssPages());
        assertEquals(0, f.event(VmEvent.PGREUSE));
        t.touch(a, 64 << 10, Fault.READ);
        assertEquals(24, t.faults.minflt);
    }

    @Test
    void segvCountsNothing() {
        Task t = f.task();
        long a = TaskFixture.mmap(t, 16 << 10, Mman.PROT_READ, TaskFixture.ANON);
        long faults = f.event(VmEvent.PGFAULT);
        assertEquals(a, t.touch(a, 4096, Fault.WRITE));
        assertEquals(Fault.SIGSEGV, t.access(a + (1L << 30), Fault.READ));
        assertEquals(Fault.SIGSEGV, t.access(a, Fault.EXEC));
        assertEquals(0, t.faults.minflt);
        assertEquals(faults, f.event(VmEvent.PGFAULT));
    }

    @Test
    void mprotectWriteProtectsAndUpgradesExclusivePages() {
        Task t = f.task();
        long a = TaskFixture.mmap(t, 16 << 10, TaskFixture.RW, TaskFixture.ANON);
        t.touch(a, 16 << 10, Fault.WRITE);
        Mprotect.mprotect(t.mm(), t.limits(), a, 16 << 10, Mman.PROT_READ);
        assertFalse(Pte.writable(t.pageTable().walk(a)));
        assertEquals(Fault.SIGSEGV, t.access(a, Fault.WRITE));
        Mprotect.mprotect(t.mm(), t.limits(), a, 16 << 10, Mman.PROT_NONE);
        assertEquals(0, t.pageTable().walk(a), "PROT_NONE PTEs are not hardware-present");
        assertEquals(4, t.rssPages());
        Mprotect.mprotect(t.mm(), t.limits(), a, 16 << 10, TaskFixture.RW);
        // exclusive anonymous pages become writable again without a fault, as can_change_pte_writable allows
        long before = t.faults.minflt;
        t.touch(a, 16 << 10, Fault.WRITE);
        assertEquals(before, t.faults.minflt);
    }

    @Test
    void readOnlyZeroPagesStayReadOnlyAfterMprotect() {
        Task t = f.task();
        long a = TaskFixture.mmap(t, 16 << 10, Mman.PROT_READ, TaskFixture.ANON);
        t.touch(a, 16 << 10, Fault.READ);
        Mprotect.mprotect(t.mm(), t.limits(), a, 16 << 10, TaskFixture.RW);
        t.touch(a, 16 << 10, Fault.WRITE);
        assertEquals(8, t.faults.minflt, "the corpus's mprotect_write_fault: 4 reads, 4 writes");
    }

    @Test
    void forkSharesThenCopiesOnWrite() {
        Task p = f.task();
        long a = TaskFixture.mmap(p, 64 << 10, TaskFixture.RW, TaskFixture.ANON);
        p.touch(a, 64 << 10, Fault.WRITE);
        int pfn = Pte.pfn(p.pageTable().walk(a));
        Task c = f.fork(p);
        assertEquals(0, c.faults.minflt);
        assertEquals(16, c.rss(PageTable.MM_ANONPAGES));
        f.k.user.lru.drainAll(); // the LRU batch holds a reference until it drains
        assertEquals(2, f.k.zones.memMap.refcount[pfn]);
        assertEquals(2, f.k.zones.memMap.mapcount[pfn]);
        assertFalse(Pte.writable(p.pageTable().walk(a)));
        assertEquals(16, f.anonPages());
        c.touch(a, 16 << 10, Fault.WRITE);
        assertEquals(4, c.faults.minflt);
        assertEquals(1, f.k.zones.memMap.refcount[pfn]);
        assertNotEquals(pfn, Pte.pfn(c.pageTable().walk(a)));
        assertEquals(20, f.anonPages());
        c.touch(a, 64 << 10, Fault.READ);
        assertEquals(4, c.faults.minflt);
        long reuse = f.event(VmEvent.PGREUSE);
        p.touch(a, 16 << 10, Fault.WRITE);
        assertEquals(4, p.faults.minflt - 16);
        assertEquals(4, f.event(VmEvent.PGREUSE) - reuse, "the child copied these: the parent's are its alone");
        p.touch(a + (16 << 10), 16 << 10, Fault.WRITE);
        assertEquals(reuse + 4, f.event(VmEvent.PGREUSE), "shared with the child: copied, not reused");
        assertEquals(24, f.anonPages());
        assertEquals(2, f.k.user.rmap.walk(Pte.pfn(p.pageTable().walk(a + (32 << 10))), (mm, pt, vma, ad) -> {
        }));
    }

    @Test
    void childExitLetsTheParentReuse() {
        Task p = f.task();
        long a = TaskFixture.mmap(p, 32 << 10, TaskFixture.RW, TaskFixture.ANON);
        p.touch(a, 32 << 10, Fault.WRITE);
        long pt0 = f.pageTables();
        Task c = f.fork(p);
        assertEquals(4, f.pageTables() - pt0, "child PGD + PUD + PMD + PTE");
        Exit.exit(c);
        assertEquals(pt0, f.pageTables());
        long reuse = f.event(VmEvent.PGREUSE);
        p.touch(a, 32 << 10, Fault.WRITE);
        assertEquals(8, p.faults.minflt - 8);
        assertEquals(8, f.event(VmEvent.PGREUSE) - reuse);
        assertEquals(8, f.anonPages());
    }

    @Test
    void forkOfZeroPageAndSharedMappings() {
        Task p = f.task();
        long a = TaskFixture.mmap(p, 32 << 10, TaskFixture.RW, TaskFixture.ANON);
        p.touch(a, 16 << 10, Fault.READ);
        Task c = f.fork(p);
        c.touch(a, 32 << 10, Fault.WRITE);
        assertEquals(8, c.faults.minflt);
        Exit.exit(c);
        p.touch(a, 32 << 10, Fault.WRITE);
        assertEquals(4 + 8, p.faults.minflt, "fork_zero_page: 8 faults in each");
    }

    @Test
    void dontforkAndWipeonfork() {
        Task p = f.task();
        long a = TaskFixture.mmap(p, 16 << 10, TaskFixture.RW, TaskFixture.ANON);
        long b = TaskFixture.mmap(p, 16 << 10, TaskFixture.RW, TaskFixture.ANON | Mman.MAP_POPULATE);
        p.touch(a, 16 << 10, Fault.WRITE);
        Madvise.madvise(p.mm(), a, 16 << 10, Mman.MADV_DONTFORK);
        Madvise.madvise(p.mm(), b, 16 << 10, Mman.MADV_WIPEONFORK);
        Task c = f.fork(p);
        assertEquals(null, c.mm().findVmaIntersection(a, a + 4096));
        assertEquals(0, c.rssPages());
        assertEquals(Fault.SIGSEGV, c.access(a, Fault.READ));
        c.touch(b, 4096, Fault.READ);
        assertEquals(f.k.user.zeroPfn, Pte.pfn(c.pageTable().walk(b)), "wiped: reads zeroes");
    }

    @Test
    void munmapFreesPagesAndTables() {
        long free0 = f.freePages();
        long pt0 = f.pageTables();
        Task t = f.task();
        long a = TaskFixture.mmap(t, 8L << 20, TaskFixture.RW, TaskFixture.ANON);
        t.touch(a, 8L << 20, Fault.WRITE);
        assertEquals(2048, f.anonPages());
        Munmap.munmap(t.mm(), a + (1L << 20), 2L << 20);
        assertEquals(2048 - 512, t.rssPages());
        Munmap.munmap(t.mm(), a, 8L << 20);
        assertEquals(0, t.rssPages());
        assertEquals(0, f.anonPages());
        assertEquals(1, f.pageTables() - pt0, "only the PGD is left");
        assertEquals(0, t.vmPte());
        assertEquals(2048, t.hiwaterRss());
        Exit.exit(t);
        assertEquals(pt0, f.pageTables());
        assertEquals(free0, f.freePages());
    }

    @Test
    void madviseDontneedFreeAndPopulate() {
        Task t = f.task();
        long a = TaskFixture.mmap(t, 64 << 10, TaskFixture.RW, TaskFixture.ANON);
        t.touch(a, 64 << 10, Fault.WRITE);
        Madvise.madvise(t.mm(), a, 32 << 10, Mman.MADV_DONTNEED);
        assertEquals(8, t.rssPages());
        t.touch(a, 64 << 10, Fault.READ);
        assertEquals(16 + 8, t.faults.minflt);
        Madvise.madvise(t.mm(), a + (32 << 10), 32 << 10, Mman.MADV_FREE);
        assertEquals(0, t.pageTable().walk(a + (32 << 10)) & Pte.DIRTY);
        t.touch(a + (32 << 10), 16 << 10, Fault.WRITE);
        assertEquals(24, t.faults.minflt, "lazily freed pages stay writable");
        long b = TaskFixture.mmap(t, 64 << 10, TaskFixture.RW, TaskFixture.ANON);
        Madvise.madvise(t.mm(), b, 32 << 10, Mman.MADV_POPULATE_READ);
        Madvise.madvise(t.mm(), b + (32 << 10), 32 << 10, Mman.MADV_POPULATE_WRITE);
        assertEquals(24 + 16, t.faults.minflt);
        t.touch(b, 64 << 10, Fault.WRITE);
        assertEquals(24 + 24, t.faults.minflt);
    }

    @Test
    void populateAndMlockFaultIn() {
        Task t = f.task();
        long a = TaskFixture.mmap(t, 64 << 10, TaskFixture.RW, TaskFixture.ANON | Mman.MAP_POPULATE);
        assertEquals(16, t.faults.minflt);
        assertEquals(16, t.rssPages());
        long b = TaskFixture.mmap(t, 64 << 10, TaskFixture.RW, TaskFixture.ANON);
        Mlock.mlock(t.mm(), t.limits(), b, 32 << 10);
        assertEquals(24, t.faults.minflt);
        t.touch(a, 64 << 10, Fault.WRITE);
        assertEquals(24, t.faults.minflt);
    }

    @Test
    void mremapMovesPtes() {
        Task t = f.task();
        TaskFixture.mmap(t, 32 << 10, Mman.PROT_READ, TaskFixture.ANON);
        long b = TaskFixture.mmap(t, 32 << 10, TaskFixture.RW, TaskFixture.ANON);
        t.touch(b, 32 << 10, Fault.WRITE);
        int pfn = Pte.pfn(t.pageTable().walk(b));
        long c = Mremap.mremap(t.mm(), t.limits(), b, 32 << 10, 128 << 10, Mman.MREMAP_MAYMOVE, 0);
        assertNotEquals(b, c);
        assertEquals(pfn, Pte.pfn(t.pageTable().walk(c)));
        assertEquals(0, t.pageTable().walk(b));
        t.touch(c, 128 << 10, Fault.READ);
        assertEquals(8 + 24, t.faults.minflt);
        assertEquals(1, f.k.user.rmap.walk(pfn, (mm, pt, vma, ad) -> assertEquals(c, ad)));
    }

    @Test
    void stackGrowsOnFault() {
        Task t = f.task();
        long a = TaskFixture.mmap(t, 64 << 10, TaskFixture.RW, TaskFixture.ANON | Mman.MAP_GROWSDOWN);
        assertEquals(Fault.MINOR, t.access(a - 4096, Fault.WRITE));
        assertEquals(a - 4096, t.mm().findVma(a).start());
        assertEquals(1, t.faults.minflt);
    }
}
