package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.sim.KernelError;

/**
 * The indexed gap search (GapIndex) must agree with a plain walk over the VMAs, after random
 * call sequences including refused calls that were rolled back.
 */
class GapSearchPropertyTest {
    private static final long PAGE = 4096;
    private static final long W = 0x100000000L;

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(6).list()
                .ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void indexedSearchMatchesALinearWalk(@ForAll("ops") List<int[]> ops) throws Exception {
        Method apply = VmaPropertyTest.class.getDeclaredMethod("apply", MmStruct.class, int[].class);
        apply.setAccessible(true);
        MmStruct mm = VmaTestSupport.newMm();
        mm.setMmapMinAddr(W);
        mm.startBrk = W - 32 * PAGE;
        mm.brk = mm.startBrk;
        for (int[] op : ops) {
            try {
                apply.invoke(null, mm, op);
            } catch (java.lang.reflect.InvocationTargetException e) {
                if (!(e.getCause() instanceof KernelError)) {
                    throw e;
                }
            }
            long low = W + (op[1] % 80) * PAGE;
            long high = low + (op[2] % 90) * PAGE;
            long len = (1 + op[3] % 12) * PAGE;
            assertEquals(linearTopDown(mm, len, low, high), UnmappedArea.searchTopDown(mm, len, low, high));
            assertEquals(linearBottomUp(mm, len, low, high), UnmappedArea.searchBottomUp(mm, len, low, high));
        }
    }

    /** Highest [s, e] free run clipped to [low, high-1] with room, retrying below a stack's guard gap. */
    private static long linearTopDown(MmStruct mm, long len, long low, long high) {
        while (true) {
            long best = -1;
            long runStart = 0;
            for (Vma v : mm.vmas()) {
                best = consider(best, runStart, v.start() - 1, low, high - 1, len, true);
                runStart = v.end();
            }
            best = consider(best, runStart, Long.MAX_VALUE, low, high - 1, len, true);
            if (best == -1) {
                return -1;
            }
            Vma above = mm.findVma(best + 1);
            if (above != null && (above.flags() & VmFlags.VM_GROWSDOWN) != 0
                    && above.startGap(mm.stackGuardGap()) <= best) {
                high = above.startGap(mm.stackGuardGap());
                continue;
            }
            return best + 1 - len;
        }
    }

    private static long linearBottomUp(MmStruct mm, long len, long low, long high) {
        while (true) {
            long best = -1;
            long runStart = 0;
            for (Vma v : mm.vmas()) {
                best = consider(best, runStart, v.start() - 1, low, high - 1, len, false);
                runStart = v.end();
            }
            best = consider(best, runStart, Long.MAX_VALUE, low, high - 1, len, false);
            if (best == -1) {
                return -1;
            }
            Vma above = mm.findVma(best);
            if (above != null && (above.flags() & VmFlags.VM_GROWSDOWN) != 0
                    && above.startGap(mm.stackGuardGap()) < best + len - 1) {
                low = above.end();
                continue;
            }
            return best;
        }
    }

    /** Keeps the highest run end (topDown) or the lowest run start with room after clipping. */
    private static long consider(long best, long s, long e, long low, long max, long len, boolean topDown) {
        long cs = Math.max(s, low);
        long ce = Math.min(e, max);
        if (ce < cs || ce - cs + 1 < len) {
            return best;
        }
        if (topDown) {
            return Math.max(best, ce);
        }
        return best == -1 ? cs : Math.min(best, cs);
    }
}
