package org.mmsim.kernel;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the kernel log shows for allocations that cannot be met: warn_alloc() versus WARN_ON_ONCE_GFP. */
class AllocationWarningTest {
    private static long count(Kernel k, String text) {
        return k.printk.records().stream().filter(r -> r.text().contains(text)).count();
    }

    @Test
    void orderAboveMaxWarnsOnceAndIsNotAnAllocationFailure() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 0);
        assertEquals(-1, k.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 11, 0));
        assertEquals(0, count(k, "cut here"), "__GFP_NOWARN silences it and does not use up the once");
        assertEquals(-1, k.pageAlloc.allocPages(Gfp.GFP_KERNEL, 11, 0));
        assertEquals(-1, k.pageAlloc.allocPages(Gfp.GFP_KERNEL, 12, 0));
        assertEquals(1, count(k, "------------[ cut here ]------------"));
        assertEquals(1, count(k, "WARNING: CPU: 0 PID: 1 at __alloc_frozen_pages_noprof (mm/page_alloc.c)"));
        assertEquals(1, count(k, "---[ end trace 0000000000000000 ]---"));
        assertEquals(0, count(k, "page allocation failure"));
    }

    @Test
    void exhaustedZonesGiveWarnAllocsReport() {
        Kernel k = Kernel.boot(MachineSpec.uniform(64L << 20, 1, 1), 0);
        while (k.pageAlloc.allocPages(Gfp.GFP_KERNEL | Gfp.__GFP_NOWARN, 10, 0) >= 0) {
            continue;
        }
        assertEquals(-1, k.pageAlloc.allocPages(Gfp.GFP_KERNEL, 10, 0));
        assertEquals(1, count(k, "mmsim: page allocation failure: order:10, mode:0xcc0(GFP_KERNEL), "
                + "nodemask=(null),cpuset=/,mems_allowed=0"));
        assertTrue(count(k, "Mem-Info:") == 1);
    }
}
