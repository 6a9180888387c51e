package org.mmsim.kernel;

import org.junit.jupiter.api.Test;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.page.MemMap;
import org.mmsim.sim.Printk;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** warn_alloc(): the failure report with its Mem-Info, rate-limited 10 per 5 s on the simulated clock. */
class WarnAllocTest {
    private static final int DMA_ATOMIC = Gfp.GFP_ATOMIC | Gfp.__GFP_DMA;

    /** Takes every order-10 DMA block, then returns a request that is sure to fail. */
    private static Kernel exhaustedDma() {
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 1);
        while (k.pageAlloc.allocPages(DMA_ATOMIC | Gfp.__GFP_NOWARN, 10, 0) != MemMap.NIL) {
            // keep taking
        }
        return k;
    }

    private static long count(Kernel k, String text) {
        return k.printk.records().stream().filter(r -> r.text().contains(text)).count();
    }

    @Test
    void reportEndsWithMemInfo() {
        Kernel k = exhaustedDma();
        int before = k.printk.records().size();
        assertEquals(MemMap.NIL, k.pageAlloc.allocPages(DMA_ATOMIC, 10, 0));
        List<String> lines = k.printk.records().subList(before, k.printk.records().size()).stream()
                .map(Printk.Record::text).toList();
        assertTrue(lines.get(0).startsWith("mmsim: page allocation failure: order:10, mode:0x"), lines.get(0));
        int trace = lines.indexOf(" </TASK>");
        assertEquals("Mem-Info:", lines.get(trace + 1));
        assertTrue(lines.get(trace + 2).startsWith("active_anon:0 inactive_anon:0 isolated_anon:0"));
        // GFP_DMA caps the zones shown at ZONE_DMA.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("Node 0 DMA free:")));
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("Node 0 DMA32 free:")));
        assertTrue(lines.stream().anyMatch(l -> l.matches("Node 0 DMA: (\\d+\\*\\d+kB (\\([UMEHI]+\\) )?){11}= \\d+kB")),
                String.join("\n", lines));
        assertTrue(lines.get(lines.size() - 1).endsWith(" pages reserved"), lines.get(lines.size() - 1));
    }

    @Test
    void tenReportsPerFiveSecondsThenASuppressedCount() {
        Kernel k = exhaustedDma();
        for (int i = 0; i < 15; i++) {
            k.pageAlloc.allocPages(DMA_ATOMIC, 10, 0);
        }
        assertEquals(10, count(k, "page allocation failure"));
        k.clock.advance(5_000_000_000L);
        k.pageAlloc.allocPages(DMA_ATOMIC, 10, 0);
        assertEquals(10, count(k, "page allocation failure"), "the window is still open at exactly 5 s");
        k.clock.advance(1);
        k.pageAlloc.allocPages(DMA_ATOMIC, 10, 0);
        assertEquals(1, count(k, "warn_alloc: 6 callbacks suppressed"));
        assertEquals(11, count(k, "page allocation failure"));
    }

    @Test
    void nowarnFailuresAreSilentAndDoNotUseTheBudget() {
        Kernel k = exhaustedDma();
        for (int i = 0; i < 20; i++) {
            k.pageAlloc.allocPages(DMA_ATOMIC | Gfp.__GFP_NOWARN, 10, 0);
        }
        assertEquals(0, count(k, "page allocation failure"));
        k.pageAlloc.allocPages(DMA_ATOMIC, 10, 0);
        assertEquals(1, count(k, "page allocation failure"));
    }
}
