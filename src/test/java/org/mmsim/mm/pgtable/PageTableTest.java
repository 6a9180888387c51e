package org.mmsim.mm.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.NodeStat;

class PageTableTest {
    private final Kernel k = Kernel.boot(MachineSpec.uniform(128L << 20, 1, 1), 1);
    private final TablePages tables = k.user.tables;

    private long nrPageTable() {
        return k.zones.node(0).stats[NodeStat.NR_PAGE_TABLE_PAGES];
    }

    @Test
    void levelsAreAllocatedOnDemandAndWalked() {
        PageTable pt = PageTable.create(tables, 0);
        assertEquals(1, nrPageTable(), "the PGD");
        assertEquals(0, pt.pgtablesBytes(), "VmPTE leaves the PGD out");
        long va = 0x7f1234567000L;
        assertNull(pt.pteTable(va));
        long[] t = pt.pteTableAlloc(va);
        assertEquals(4, nrPageTable());
        assertEquals(3 * 4096, pt.pgtablesBytes());
        t[PageTable.pteIndex(va)] = Pte.make(1234, Pte.pageProt(VmFlags.VM_READ | VmFlags.VM_WRITE));
        assertEquals(1234, Pte.pfn(pt.walk(va)));
        assertEquals(0, pt.walk(va + 4096));
        // the upper entries hold the physical address of the next table with _PAGE_TABLE
        long pgdEntry = tables.entries(pt.pgdPfn())[(int) (va >>> 39) & 511];
        assertEquals(Pte.PAGE_TABLE, pgdEntry & 0xfff);
        // a neighbour in the same 2 MiB shares every level; one 1 GiB away shares PGD and PUD
        pt.pteTableAlloc(va + 8192);
        assertEquals(4, nrPageTable());
        pt.pteTableAlloc(va + (1L << 30));
        assertEquals(6, nrPageTable());
    }

    @Test
    void protNoneEntriesAreNotHardwarePresent() {
        PageTable pt = PageTable.create(tables, 0);
        long[] t = pt.pteTableAlloc(0x400000);
        t[0] = Pte.modify(Pte.make(99, Pte.PAGE_SHARED), Pte.pageProt(0));
        assertEquals(0, pt.walk(0x400000));
        assertEquals(99, Pte.pfn(pt.pte(0x400000)));
        assertEquals(true, Pte.present(pt.pte(0x400000)));
    }

    @Test
    void freeRangeRespectsFloorAndCeiling() {
        PageTable pt = PageTable.create(tables, 0);
        long base = 0x40000000L;
        pt.pteTableAlloc(base);
        pt.pteTableAlloc(base + PageTable.PMD_SIZE);
        assertEquals(4, pt.nrTables());
        // a VMA still ends inside the first 2 MiB: its PTE table stays, the second one goes
        pt.freeRange(base + 0x100000, base + 2 * PageTable.PMD_SIZE, base + 0x100000, 0);
        assertEquals(3, pt.nrTables());
        assertNotNull(pt.pteTable(base));
        assertNull(pt.pteTable(base + PageTable.PMD_SIZE));
        pt.freeRange(base, base + 0x100000, 0, 0);
        assertEquals(0, pt.nrTables());
        pt.freePgd();
        assertEquals(0, nrPageTable());
        assertEquals(0, tables.inUse());
    }
}
