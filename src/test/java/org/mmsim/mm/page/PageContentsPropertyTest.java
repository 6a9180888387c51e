package org.mmsim.mm.page;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PageContents against a HashMap<pfn, byte[4096]> model over random operation sequences. */
class PageContentsPropertyTest {
    private static final int PAGE = PageContents.PAGE_SIZE;
    private static final int FRAMES = 200;
    /** Few distinct byte values, so stores of bytes a page already holds happen often. */
    private static final byte[] VALUES = {0, 0, 1, (byte) 0xA5};

    /**
     * One step: op 0 clear, 1 clear range, 2 copy, 3 write bytes, 4 partial fill, 5 whole-page fill,
     * 6 writeLong, 7 import arbitrary page, 8 import or whole-page write of a repeated word, 9 read.
     */
    record Op(int op, int a, int b, int offset, int len, long seed) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // Mostly a few frames, so operations pile up on the same pages; group edges; anywhere.
        Arbitrary<Integer> pfn = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 5)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(62, 63, 64, 65, 127, 128, FRAMES - 1)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, FRAMES - 1)));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 9), pfn, pfn,
                Arbitraries.integers().between(0, PAGE - 1),
                Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, PAGE)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 9))),
                Arbitraries.longs()).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(400);
    }

    @Property(tries = 150)
    void contentsMatchTheModel(@ForAll("ops") List<Op> ops) {
        PageContents c = new PageContents(FRAMES);
        Map<Integer, byte[]> model = new HashMap<>();
        int step = 0;
        for (Op o : ops) {
            int off = Math.min(o.offset(), PAGE - 1);
            int len = Math.min(o.len(), PAGE - off);
            byte v = VALUES[(int) (o.seed() & 3)];
            switch (o.op()) {
                case 0 -> {
                    c.clear(o.a());
                    model.remove(o.a());
                }
                case 1 -> {
                    int nr = Math.min(o.len() % 130, FRAMES - o.a());
                    c.clear(o.a(), nr);
                    for (int p = o.a(); p < o.a() + nr; p++) {
                        model.remove(p);
                    }
                }
                case 2 -> {
                    c.copy(o.a(), o.b());
                    model.put(o.a(), model(model, o.b()).clone());
                }
                case 3 -> {
                    int n = Math.min(len, 64);
                    byte[] src = new byte[n + 3];
                    long stored = c.storedPages();
                    int kind = (int) (o.seed() >>> 61);
                    if (kind == 0) {
                        c.read(o.a(), off, src, 3, n); // the bytes already there: nothing may change
                    } else if (kind == 1) {
                        c.read(o.a(), off & ~7, src, 3, Math.min(n, PAGE - (off & ~7))); // shifted by the phase
                    } else {
                        for (int i = 0; i < src.length; i++) {
                            src[i] = VALUES[(int) ((o.seed() >>> (i % 60)) & 3)];
                        }
                        if ((o.seed() & 4) != 0) {
                            src[0] = (byte) o.seed();
                        }
                    }
                    c.write(o.a(), off, src, 3, n);
                    System.arraycopy(src, 3, model(model, o.a()), off, n);
                    if (kind == 0) {
                        assertEquals(stored, c.storedPages());
                    }
                }
                case 4 -> {
                    long stored = c.storedPages();
                    byte[] m = model(model, o.a());
                    boolean unchanged = true;
                    for (int i = off; i < off + len; i++) {
                        unchanged &= m[i] == v;
                    }
                    c.fill(o.a(), off, len, v);
                    Arrays.fill(m, off, off + len, v);
                    if (unchanged) {
                        assertEquals(stored, c.storedPages());
                    }
                }
                case 5 -> {
                    c.fill(o.a(), 0, PAGE, v);
                    Arrays.fill(model(model, o.a()), v);
                }
                case 6 -> {
                    int at = Math.min(off, PAGE - 8);
                    long stored = c.storedPages();
                    boolean same = (o.seed() & 8) != 0;
                    long w = same ? c.readLong(o.a(), at) // the word already there: nothing may change
                            : (o.seed() & 16) != 0 ? c.readLong(o.a(), at & ~7) : o.seed();
                    c.writeLong(o.a(), at, w);
                    ByteBuffer.wrap(model(model, o.a())).order(ByteOrder.LITTLE_ENDIAN).putLong(at, w);
                    if (same) {
                        assertEquals(stored, c.storedPages());
                    }
                }
                case 7 -> {
                    byte[] src = new byte[PAGE];
                    new java.util.Random(o.seed()).nextBytes(src);
                    c.importPage(o.a(), src);
                    model.put(o.a(), src);
                }
                case 8 -> {
                    long w = (v & 0xffL) * 0x0101010101010101L;
                    if ((o.seed() & 16) != 0) {
                        w = o.seed();
                    } else if ((o.seed() & 256) != 0) { // a word of the few values, not one byte repeated
                        for (int i = 0; i < 8; i++) {
                            w = w << 8 | VALUES[(int) (o.seed() >>> 9 + 2 * i) & 3] & 0xffL;
                        }
                    }
                    byte[] src = new byte[PAGE + 5];
                    ByteBuffer bb = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < PAGE; i += 8) {
                        bb.putLong(5 + i, w);
                    }
                    if ((o.seed() & 64) != 0) { // one odd word, often the last
                        int word = (o.seed() & 128) != 0 ? 511 : (int) (o.seed() >>> 8) & 511;
                        src[5 + word * 8 + (int) (o.seed() >>> 20 & 7)] ^= 1;
                    }
                    if ((o.seed() & 32) != 0) {
                        c.write(o.a(), 0, src, 5, PAGE);
                    } else {
                        c.importPage(o.a(), Arrays.copyOfRange(src, 5, PAGE + 5));
                    }
                    model.put(o.a(), Arrays.copyOfRange(src, 5, PAGE + 5));
                }
                default -> {
                    byte[] got = new byte[len + 1];
                    c.read(o.a(), off, got, 1, len);
                    assertArrayEquals(Arrays.copyOfRange(model(model, o.a()), off, off + len),
                            Arrays.copyOfRange(got, 1, len + 1));
                }
            }
            checkFrame(c, model, o.a());
            checkSlots(c);
            if (++step % 50 == 0) {
                checkAll(c, model);
            }
        }
        checkAll(c, model);
        c.clear(0, FRAMES);
        assertEquals(0, c.storedPages());
        assertEquals(0, c.filledPages());
        long extra = c.hostBytes() - new PageContents(FRAMES).hostBytes();
        assertTrue(extra <= PageSlab.CHUNK_BYTES + PageSlab.ARRAY_HEADER + 1024, "only a spare chunk stays: " + extra);
        for (int p = 0; p < FRAMES; p++) {
            assertTrue(c.isZero(p));
        }
    }

    private static byte[] model(Map<Integer, byte[]> model, int pfn) {
        return model.computeIfAbsent(pfn, p -> new byte[PAGE]);
    }

    private static void checkFrame(PageContents c, Map<Integer, byte[]> model, int pfn) {
        byte[] want = model.getOrDefault(pfn, new byte[PAGE]);
        byte[] got = new byte[PAGE];
        c.exportPage(pfn, got);
        assertArrayEquals(want, got, "frame " + pfn);
        ByteBuffer bb = ByteBuffer.wrap(want).order(ByteOrder.LITTLE_ENDIAN);
        long w0 = bb.getLong(0);
        boolean same = true;
        for (int i = 0; i < PAGE; i += 8) {
            same &= bb.getLong(i) == w0;
        }
        assertEquals(same, c.isSameFilled(pfn));
        assertEquals(same && w0 == 0, c.isZero(pfn));
        if (same) {
            assertEquals(w0, c.sameFilledValue(pfn));
        } else {
            assertThrows(IllegalStateException.class, () -> c.sameFilledValue(pfn));
        }
        assertEquals(bb.getLong(4088), c.readLong(pfn, 4088));
        assertEquals(bb.getLong(13), c.readLong(pfn, 13));
        PageContents fresh = new PageContents(2);
        fresh.importPage(0, want);
        fresh.fill(1, 0, 1, (byte) (want[0] + 1)); // frame 1 holds the same bytes as a stored page
        fresh.write(1, 1, want, 1, PAGE - 1);
        fresh.write(1, 0, want, 0, 1);
        assertEquals(1, fresh.storedPages() - (fresh.isSameFilled(0) ? 0 : 1));
        assertEquals(fresh.checksum(0), c.checksum(pfn));
        assertEquals(fresh.checksum(1), c.checksum(pfn));
    }

    private static void checkAll(PageContents c, Map<Integer, byte[]> model) {
        for (int p = 0; p < FRAMES; p++) {
            checkFrame(c, model, p);
        }
    }

    private static void checkSlots(PageContents c) {
        Set<Integer> slots = new HashSet<>();
        int filled = 0;
        for (int p = 0; p < FRAMES; p++) {
            int s = c.slotOf(p);
            if (s >= 0) {
                assertTrue(slots.add(s), "slot " + s + " shared");
            } else if (!c.isZero(p)) {
                filled++;
            }
        }
        assertEquals(slots.size(), c.storedPages());
        assertEquals(filled, c.filledPages());
    }
}
