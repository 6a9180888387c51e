package org.mmsim.mm.vmalloc;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VmallocPropertyTest {

    /** Random vmalloc/vfree/purge: busy areas and unpurged ranges never overlap, and page counts add up. */
    @Property(tries = 60)
    void areasNeverOverlapAndPagesAddUp(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 1 << 20) Integer> ops) {
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 3);
        Vmalloc v = k.vmalloc;
        List<Long> live = new ArrayList<>();
        for (int op : ops) {
            switch (op % 4) {
                case 0, 1 -> {
                    int flags = (op & 8) != 0 ? Vmalloc.VM_NO_GUARD : 0;
                    // Up to 3 MiB: above 2 MiB the page array itself is vmalloc()ed.
                    long a = v.vmallocNode(1 + ((op >> 3) * 29L) % (3 << 20), Gfp.GFP_KERNEL, flags, "prop");
                    if (a != 0) {
                        live.add(a);
                    }
                }
                case 2 -> {
                    if (!live.isEmpty()) {
                        v.vfree(live.remove((op >> 2) % live.size()));
                    }
                }
                default -> {
                    if ((op & 64) != 0) {
                        v.purgeVmapAreaLazy();
                    }
                }
            }
        }
        List<long[]> ranges = new ArrayList<>();
        long pages = 0;
        for (Vmalloc.Area a : v.busyAreas()) {
            ranges.add(new long[] {a.addr, a.addr + a.size});
            pages += a.nrPages();
            long mapped = (long) a.nrPages() << 12;
            assertTrue(a.size == mapped || a.size == mapped + 4096, "guard page at most");
            assertTrue(Vmalloc.isVmallocAddr(a.addr) && Vmalloc.isVmallocAddr(a.addr + a.size - 1));
        }
        ranges.addAll(v.unpurged());
        ranges.sort((x, y) -> Long.compareUnsigned(x[0], y[0]));
        for (int i = 1; i < ranges.size(); i++) {
            assertTrue(Long.compareUnsigned(ranges.get(i - 1)[1], ranges.get(i)[0]) <= 0, "ranges overlap");
        }
        assertEquals(pages, v.nrPages());
        for (long a : live) {
            v.vfree(a);
        }
        assertEquals(0, v.nrPages());
        assertTrue(v.busyAreas().isEmpty());
    }
}
