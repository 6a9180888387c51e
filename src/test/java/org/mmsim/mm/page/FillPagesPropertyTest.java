package org.mmsim.mm.page;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * PageContents.fillPages (whole frames read in at once, payload arrays grown once) against
 * clear + fill of each frame: from the same mixed state (ZERO, FILLED and STORED frames), both
 * stores must hold the same bytes with the same representation counts and host bytes.
 */
class FillPagesPropertyTest {
    private static final int FRAMES = 320;

    @Property(tries = 200)
    void fillPagesMatchesFrameByFrame(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = FRAMES * 4 - 1) Integer> before,
            @ForAll @IntRange(min = 0, max = FRAMES - 1) int from,
            @ForAll @IntRange(min = 1, max = 200) int length,
            @ForAll @IntRange(min = 0, max = 255) int value) {
        PageContents bulk = new PageContents(FRAMES);
        PageContents single = new PageContents(FRAMES);
        for (int op : before) {
            for (PageContents c : new PageContents[] {bulk, single}) {
                int pfn = op / 4;
                switch (op % 4) {
                    case 0 -> c.fill(pfn, 0, PageContents.PAGE_SIZE, (byte) op);
                    case 1 -> c.fill(pfn, 100, 7, (byte) 3);
                    case 2 -> c.clear(pfn);
                    default -> c.fill(pfn, 0, PageContents.PAGE_SIZE, (byte) 0);
                }
            }
        }
        int n = Math.min(length, FRAMES - from);
        bulk.fillPages(from, n, (byte) value);
        for (int p = from; p < from + n; p++) {
            single.clear(p);
            single.fill(p, 0, PageContents.PAGE_SIZE, (byte) value);
        }
        assertEquals(single.hostBytes(), bulk.hostBytes(), "host bytes");
        assertEquals(single.filledPages(), bulk.filledPages(), "FILLED frames");
        assertEquals(single.storedPages(), bulk.storedPages(), "STORED frames");
        for (int p = 0; p < FRAMES; p++) {
            assertEquals(single.checksum(p), bulk.checksum(p), "bytes of frame " + p);
            assertEquals(single.isZero(p), bulk.isZero(p), "frame " + p + " ZERO");
            assertEquals(single.isSameFilled(p), bulk.isSameFilled(p), "frame " + p + " same-filled");
        }
    }
}
