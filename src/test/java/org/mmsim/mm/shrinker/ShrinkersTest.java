package org.mmsim.mm.shrinker;

import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vmstat.VmEvent;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** do_shrink_slab's arithmetic (mm/shrinker.c) against a shrinker whose count is fixed. */
class ShrinkersTest {
    /** Reports `count` objects and frees every one it is asked to scan; records each batch. */
    private static final class FixedShrinker extends Shrinker {
        long count;
        boolean stop;
        final List<Long> batches = new ArrayList<>();

        FixedShrinker(long count, int seeks, int batch) {
            super(seeks, batch, false, 1);
            this.count = count;
        }

        @Override
        public long countObjects(ShrinkControl sc) {
            return count == 0 ? SHRINK_EMPTY : count;
        }

        @Override
        public long scanObjects(ShrinkControl sc) {
            if (stop) {
                return SHRINK_STOP;
            }
            batches.add(sc.nrToScan);
            return sc.nrToScan;
        }
    }

    private final Kernel k = Kernel.boot(MachineSpec.uniform(64L << 20, 1, 1), 1);

    private Shrinkers shrinkers() {
        return new Shrinkers(k.slab, k.vmEvents, 1);
    }

    @Test
    void priorityTwelveScansFreeableOver4096TimesFourOverSeeksAndDefersTheRest() {
        Shrinkers s = shrinkers();
        FixedShrinker f = new FixedShrinker(1_000_000, Shrinker.DEFAULT_SEEKS, 0);
        long before = k.vmEvents[VmEvent.SLABS_SCANNED];
        // delta = (1000000 >> 12) * 4 / 2 = 488: three batches of SHRINK_BATCH (384), 104 deferred
        assertEquals(384, s.doShrinkSlab(f, Gfp.GFP_KERNEL, 0, 12));
        assertEquals(List.of(128L, 128L, 128L), f.batches);
        assertEquals(104, f.nrDeferred(0));
        assertEquals(384, k.vmEvents[VmEvent.SLABS_SCANNED] - before);
        // the next pass adds nr_deferred >> priority (0 here) to its delta: 488 again, 104 + 104 deferred
        s.doShrinkSlab(f, Gfp.GFP_KERNEL, 0, 12);
        assertEquals(208, f.nrDeferred(0));
        // at priority 2 the carried work counts: 208 >> 2 = 52 on top of (1000000 >> 2) * 2
        f.batches.clear();
        s.doShrinkSlab(f, Gfp.GFP_KERNEL, 0, 2);
        long totalScan = 52 + (1_000_000 >> 2) * 2;
        assertEquals(totalScan / 128, f.batches.size());
        assertEquals(Math.min(208 + (1_000_000 >> 2) * 2 - totalScan / 128 * 128, 2_000_000), f.nrDeferred(0));
    }

    @Test
    void aCacheSmallerThanABatchIsScannedWholeOnlyWhenAllOfItIsDue() {
        Shrinkers s = shrinkers();
        FixedShrinker f = new FixedShrinker(50, Shrinker.DEFAULT_SEEKS, 0);
        // priority 12: delta = 0, nothing scanned, nothing deferred
        assertEquals(0, s.doShrinkSlab(f, Gfp.GFP_KERNEL, 0, 12));
        assertEquals(0, f.nrDeferred(0));
        // priority 0: delta = 50 * 4 / 2 = 100, below a batch but >= freeable: one call of 100, all done
        assertEquals(100, s.doShrinkSlab(f, Gfp.GFP_KERNEL, 0, 0));
        assertEquals(List.of(100L), f.batches);
        assertEquals(0, f.nrDeferred(0));
        // priority 1: delta = (50 >> 1) * 2 = 50, below a batch but equal to freeable: one call of 50
        f.batches.clear();
        s.doShrinkSlab(f, Gfp.GFP_KERNEL, 0, 1);
        assertEquals(List.of(50L), f.batches);
        // priority 2: delta = (50 >> 2) * 2 = 24 is below both: nothing scanned, all 24 deferred
        f.batches.clear();
        s.doShrinkSlab(f, Gfp.GFP_KERNEL, 0, 2);
        assertEquals(List.of(), f.batches);
        assertEquals(24, f.nrDeferred(0));
    }

    @Test
    void seeksZeroTrimsHalfAndStopDefersEverything() {
        Shrinkers s = shrinkers();
        FixedShrinker cheap = new FixedShrinker(1000, 0, 0);
        // delta = freeable / 2 = 500 whatever the priority: three batches, the 116 left deferred
        assertEquals(384, s.doShrinkSlab(cheap, Gfp.GFP_KERNEL, 0, 12));
        assertEquals(116, cheap.nrDeferred(0));
        FixedShrinker stopped = new FixedShrinker(1_000_000, Shrinker.DEFAULT_SEEKS, 0);
        stopped.stop = true;
        assertEquals(0, s.doShrinkSlab(stopped, Gfp.GFP_KERNEL, 0, 12));
        assertEquals(488, stopped.nrDeferred(0));
        FixedShrinker empty = new FixedShrinker(0, Shrinker.DEFAULT_SEEKS, 0);
        assertEquals(Shrinker.SHRINK_EMPTY, s.doShrinkSlab(empty, Gfp.GFP_KERNEL, 0, 0));
        s.register(empty);
        assertEquals(0, s.shrinkSlab(Gfp.GFP_KERNEL, 0, 0), "shrink_slab counts SHRINK_EMPTY as nothing freed");
    }

    @Test
    void dropSlabRepeatsWhileARoundFreesMoreThanTwoToItsRoundNumber() {
        Shrinkers s = shrinkers();
        // a shrinker that always has 1000 objects, batch 1024 (a superblock's): at priority 0 each round
        // has 2 * 1000 due, scans one batch of 1024 (the 976 left are below both a batch and freeable)
        FixedShrinker f = new FixedShrinker(1000, Shrinker.DEFAULT_SEEKS, 1024);
        s.register(f);
        s.dropSlab();
        // rounds go on while (freed >> shift++) > 1: 1024 >> 10 = 1, so the 11th round is the last
        assertEquals(11, f.batches.size());
        assertEquals(1024L, f.batches.get(10));
        assertEquals(2000, f.nrDeferred(0), "976 carried each round, capped at 2 * freeable");
    }
}
