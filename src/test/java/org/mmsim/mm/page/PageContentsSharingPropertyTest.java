package org.mmsim.mm.page;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A frame store and a swap area's store sharing one slab (copyFrom hands slots over) against the same
 * pair with separate slabs (copyFrom copies bytes) and a byte model: every page reads back the same
 * bytes, both pairs report the same stored and filled counts, no slot has more than two owners, the slab
 * counts each slot in use once, and clearing everything frees every slot.
 */
class PageContentsSharingPropertyTest {
    private static final int PAGE = PageContents.PAGE_SIZE;
    private static final int FRAMES = 70;
    private static final int SLOTS = 70;

    /**
     * One step on frame f / slot s: op 0 swap-out (area s gets frame f), 1 swap-in (frame f gets slot s),
     * 2 partial write, 3 whole-page fill, 4 writeLong, 5 import of arbitrary or uniform bytes, 6 clear,
     * 7 copy frame to frame, 8 clear a range; onArea picks the store ops 2-6 act on.
     */
    record Op(int op, int f, int s, boolean onArea, long seed) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Integer> index = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 4)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, FRAMES - 1)));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 8), index, index,
                Arbitraries.of(false, true), Arbitraries.longs()).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(300);
    }

    /** The two stores of one variant and their byte model. */
    private static final class Pair {
        final PageContents frames;
        final PageContents area;

        Pair(boolean shared) {
            frames = new PageContents(FRAMES);
            area = shared ? new PageContents(SLOTS, frames) : new PageContents(SLOTS);
        }

        PageContents store(boolean onArea) {
            return onArea ? area : frames;
        }
    }

    @Property(tries = 200)
    void sharedSlotsReadLikeCopies(@ForAll("ops") List<Op> ops) {
        Pair shared = new Pair(true);
        Pair copied = new Pair(false);
        Map<Long, byte[]> model = new HashMap<>();
        for (Op o : ops) {
            for (Pair p : new Pair[] {shared, copied}) {
                apply(p, o);
            }
            applyToModel(model, o);
            for (boolean onArea : new boolean[] {false, true}) {
                int page = onArea ? o.s() : o.f();
                byte[] want = model.getOrDefault(key(onArea, page), new byte[PAGE]);
                boolean same = sameFilled(want);
                for (Pair p : new Pair[] {shared, copied}) {
                    byte[] got = new byte[PAGE];
                    p.store(onArea).exportPage(page, got);
                    assertArrayEquals(want, got, o + " on " + (onArea ? "slot " : "frame ") + page);
                    // the slab's mixed hints must never hide a same-filled or zero page
                    assertEquals(same, p.store(onArea).isSameFilled(page), o.toString());
                    assertEquals(same && Arrays.equals(want, 0, 8, new byte[8], 0, 8), p.store(onArea).isZero(page), o.toString());
                }
                assertEquals(copied.store(onArea).storedPages(), shared.store(onArea).storedPages(), o.toString());
                assertEquals(copied.store(onArea).filledPages(), shared.store(onArea).filledPages(), o.toString());
            }
            checkOwners(shared);
        }
        for (Map.Entry<Long, byte[]> e : model.entrySet()) {
            boolean onArea = e.getKey() >= FRAMES;
            int page = (int) (e.getKey() - (onArea ? FRAMES : 0));
            byte[] got = new byte[PAGE];
            shared.store(onArea).exportPage(page, got);
            assertArrayEquals(e.getValue(), got);
        }
        shared.frames.clear(0, FRAMES);
        assertTrue(shared.frames.slabSlotsInUse() == shared.area.storedPages(), "the area keeps the slots it owns");
        shared.area.clear(0, SLOTS);
        assertEquals(0, shared.frames.slabSlotsInUse(), "every slot is freed once both owners let go");
    }

    /** No slot has more than two owners, and the slab counts each slot in use exactly once. */
    private static void checkOwners(Pair p) {
        Map<Integer, Integer> owners = new HashMap<>();
        for (int f = 0; f < FRAMES; f++) {
            if (p.frames.slotOf(f) >= 0) {
                owners.merge(p.frames.slotOf(f), 1, Integer::sum);
            }
        }
        for (int s = 0; s < SLOTS; s++) {
            if (p.area.slotOf(s) >= 0) {
                owners.merge(p.area.slotOf(s), 1, Integer::sum);
            }
        }
        for (int n : owners.values()) {
            assertTrue(n <= 2, "a slot with " + n + " owners");
        }
        assertEquals(owners.size(), p.frames.slabSlotsInUse());
    }

    private static void apply(Pair p, Op o) {
        SplittableRandom r = new SplittableRandom(o.seed());
        PageContents c = p.store(o.onArea());
        int page = o.onArea() ? o.s() : o.f();
        switch (o.op()) {
            case 0 -> p.area.copyFrom(o.s(), p.frames, o.f());
            case 1 -> p.frames.copyFrom(o.f(), p.area, o.s());
            case 2 -> {
                int off = r.nextInt(PAGE);
                byte[] src = bytes(r, Math.min(PAGE - off, 1 + r.nextInt(16)));
                c.write(page, off, src, 0, src.length);
            }
            case 3 -> c.fill(page, 0, PAGE, (byte) r.nextInt(3));
            case 4 -> c.writeLong(page, r.nextInt(PAGE - 7), r.nextBoolean() ? r.nextLong() : 0);
            case 5 -> c.importPage(page, r.nextBoolean() ? bytes(r, PAGE) : uniform(r.nextLong()));
            case 6 -> c.clear(page);
            case 7 -> p.frames.copy(o.f(), o.s() % FRAMES);
            default -> c.clear(Math.min(page, FRAMES - 3), 3);
        }
    }

    /** What the op does to the bytes, replayed on the model with the same random stream. */
    private static void applyToModel(Map<Long, byte[]> m, Op o) {
        SplittableRandom r = new SplittableRandom(o.seed());
        int page = o.onArea() ? o.s() : o.f();
        long k = key(o.onArea(), page);
        switch (o.op()) {
            case 0 -> m.put(key(true, o.s()), get(m, key(false, o.f())).clone());
            case 1 -> m.put(key(false, o.f()), get(m, key(true, o.s())).clone());
            case 2 -> {
                int off = r.nextInt(PAGE);
                byte[] src = bytes(r, Math.min(PAGE - off, 1 + r.nextInt(16)));
                byte[] b = get(m, k).clone();
                System.arraycopy(src, 0, b, off, src.length);
                m.put(k, b);
            }
            case 3 -> m.put(k, uniform(((byte) r.nextInt(3) & 0xffL) * 0x0101010101010101L));
            case 4 -> {
                int off = r.nextInt(PAGE - 7);
                long v = r.nextBoolean() ? r.nextLong() : 0;
                byte[] b = get(m, k).clone();
                for (int i = 0; i < 8; i++) {
                    b[off + i] = (byte) (v >>> 8 * i);
                }
                m.put(k, b);
            }
            case 5 -> m.put(k, r.nextBoolean() ? bytes(r, PAGE) : uniform(r.nextLong()));
            case 6 -> m.remove(k);
            case 7 -> m.put(key(false, o.f()), get(m, key(false, o.s() % FRAMES)).clone());
            default -> {
                int from = Math.min(page, FRAMES - 3);
                for (int i = from; i < from + 3; i++) {
                    m.remove(key(o.onArea(), i));
                }
            }
        }
    }

    private static boolean sameFilled(byte[] b) {
        for (int i = 8; i < PAGE; i++) {
            if (b[i] != b[i & 7]) {
                return false;
            }
        }
        return true;
    }

    private static long key(boolean onArea, int page) {
        return (onArea ? FRAMES : 0) + page;
    }

    private static byte[] get(Map<Long, byte[]> m, long k) {
        return m.getOrDefault(k, new byte[PAGE]);
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(3);
        }
        return b;
    }

    private static byte[] uniform(long word) {
        byte[] b = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            b[i] = (byte) (word >>> 8 * (i & 7));
        }
        return b;
    }
}
