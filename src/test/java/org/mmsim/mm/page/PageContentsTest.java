package org.mmsim.mm.page;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageContentsTest {
    private static final int PAGE = PageContents.PAGE_SIZE;

    private static byte[] page(PageContents c, int pfn) {
        byte[] b = new byte[PAGE];
        c.exportPage(pfn, b);
        return b;
    }

    private static byte[] random(long seed) {
        byte[] b = new byte[PAGE];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void untouchedFramesAreZeroAndHoldNoStorage() {
        PageContents c = new PageContents(1000);
        assertTrue(c.isZero(999));
        assertTrue(c.isSameFilled(999));
        assertEquals(0, c.sameFilledValue(999));
        assertArrayEquals(new byte[PAGE], page(c, 5));
        assertEquals(0, c.readLong(5, 4088));
        assertEquals(0, c.storedPages());
        assertEquals(0, c.filledPages());
    }

    @Test
    void wholePageFillIsFilledWithoutStorageAndZeroFillCollapses() {
        PageContents c = new PageContents(64);
        c.fill(3, 0, PAGE, (byte) 0xA5);
        assertEquals(1, c.filledPages());
        assertEquals(0, c.storedPages());
        assertFalse(c.isZero(3));
        assertEquals(0xA5A5A5A5A5A5A5A5L, c.sameFilledValue(3));
        byte[] expect = new byte[PAGE];
        Arrays.fill(expect, (byte) 0xA5);
        assertArrayEquals(expect, page(c, 3));
        c.fill(3, 0, PAGE, (byte) 0);
        assertTrue(c.isZero(3));
        assertEquals(0, c.filledPages());
    }

    @Test
    void partialFillMaterialisesOnlyWhenBytesChange() {
        PageContents c = new PageContents(64);
        c.fill(1, 0, PAGE, (byte) 7);
        c.fill(1, 100, 50, (byte) 7);
        c.fill(1, 9, 3, (byte) 7);
        c.fill(2, 10, 20, (byte) 0);
        assertEquals(0, c.storedPages());
        c.fill(1, 100, 1, (byte) 8);
        assertEquals(1, c.storedPages());
        assertEquals(0, c.filledPages());
        byte[] expect = new byte[PAGE];
        Arrays.fill(expect, (byte) 7);
        expect[100] = 8;
        assertArrayEquals(expect, page(c, 1));
        assertFalse(c.isSameFilled(1));
        c.fill(1, 0, PAGE, (byte) 1);
        assertEquals(0, c.storedPages());
        assertEquals(1, c.filledPages());
    }

    @Test
    void longStoresKeepRepeatedWordsAndReadUnaligned() {
        PageContents c = new PageContents(64);
        long w = 0x0807060504030201L;
        byte[] src = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            src[i] = (byte) (i % 8 + 1);
        }
        c.importPage(4, src);
        assertEquals(1, c.filledPages());
        assertEquals(w, c.sameFilledValue(4));
        assertEquals(Long.rotateRight(w, 24), c.readLong(4, 3));
        c.writeLong(4, 8, w);
        c.writeLong(4, 3, Long.rotateRight(w, 24));
        assertEquals(0, c.storedPages());
        c.writeLong(4, 5, -1L);
        assertEquals(1, c.storedPages());
        assertEquals(-1L, c.readLong(4, 5));
        assertEquals(0xFFFFFF0504030201L, c.readLong(4, 0));
        assertEquals(w, c.readLong(4, 16));
    }

    @Test
    void writesOfExistingBytesChangeNothingAndOthersMaterialise() {
        PageContents c = new PageContents(64);
        c.write(0, 50, new byte[30], 0, 30);
        assertEquals(0, c.storedPages());
        c.write(0, 4095, new byte[] {9}, 0, 1);
        assertEquals(1, c.storedPages());
        byte[] b = new byte[2];
        c.read(0, 4094, b, 0, 2);
        assertArrayEquals(new byte[] {0, 9}, b);
        assertFalse(c.isZero(0));
    }

    @Test
    void importCollapsesUniformPagesAndStoresArbitraryOnes() {
        PageContents c = new PageContents(64);
        byte[] r = random(1);
        c.importPage(9, r);
        assertEquals(1, c.storedPages());
        assertArrayEquals(r, page(c, 9));
        c.importPage(9, new byte[PAGE]);
        assertEquals(0, c.storedPages());
        assertTrue(c.isZero(9));
        assertEquals(0, c.filledPages());
    }

    @Test
    void storedPageMadeUniformByPartialWritesIsReportedTruthfully() {
        PageContents c = new PageContents(64);
        c.fill(6, 0, 1, (byte) 1);
        c.fill(6, 0, 1, (byte) 0);
        assertEquals(1, c.storedPages());
        assertTrue(c.isZero(6));
        c.fill(6, 0, PAGE - 1, (byte) 3);
        c.fill(6, PAGE - 1, 1, (byte) 3);
        assertFalse(c.isZero(6));
        assertTrue(c.isSameFilled(6));
        assertEquals(0x0303030303030303L, c.sameFilledValue(6));
        PageContents d = new PageContents(64);
        d.fill(6, 0, PAGE, (byte) 3);
        assertEquals(d.checksum(6), c.checksum(6));
    }

    @Test
    void clearReleasesStorage() {
        PageContents c = new PageContents(300);
        for (int pfn = 0; pfn < 300; pfn++) {
            c.importPage(pfn, random(pfn));
        }
        c.fill(299, 0, PAGE, (byte) 2);
        assertEquals(299, c.storedPages());
        c.clear(10);
        assertEquals(298, c.storedPages());
        c.clear(5, 270);
        assertEquals(29, c.storedPages());
        assertArrayEquals(random(4), page(c, 4));
        assertArrayEquals(random(275), page(c, 275));
        assertTrue(c.isZero(274));
        c.clear(0, 300);
        assertEquals(0, c.storedPages());
        assertEquals(0, c.filledPages());
        long extra = c.hostBytes() - new PageContents(300).hostBytes();
        assertTrue(extra >= PageSlab.CHUNK_BYTES && extra < PageSlab.CHUNK_BYTES + 1024, "one spare chunk stays: " + extra);
    }

    @Test
    void copyIsIndependentInEveryRepresentation() {
        PageContents c = new PageContents(64);
        byte[] r = random(2);
        c.importPage(0, r);
        c.copy(1, 0);
        assertEquals(2, c.storedPages());
        c.fill(0, 0, 10, (byte) 1);
        assertArrayEquals(r, page(c, 1));
        c.fill(2, 0, PAGE, (byte) 5);
        c.copy(1, 2);
        assertEquals(1, c.storedPages());
        assertEquals(2, c.filledPages());
        c.fill(1, 7, 1, (byte) 6);
        assertEquals(0x0505050505050505L, c.sameFilledValue(2));
        c.copy(1, 3);
        assertTrue(c.isZero(1));
        assertEquals(1, c.storedPages());
        c.copy(0, 0);
        assertEquals(1, c.storedPages());
    }

    @Test
    void checksumFollowsContentNotRepresentation() {
        PageContents c = new PageContents(64);
        c.fill(0, 0, 1, (byte) 1);
        c.fill(0, 0, 1, (byte) 0);
        assertEquals(c.checksum(1), c.checksum(0));
        c.importPage(2, random(3));
        c.importPage(3, random(3));
        assertEquals(c.checksum(2), c.checksum(3));
        c.fill(3, 4000, 1, (byte) (random(3)[4000] + 1));
        assertNotEquals(c.checksum(2), c.checksum(3));
        assertNotEquals(c.checksum(1), c.checksum(2));
    }

    @Test
    void hostBytesFollowWhatWasWritten() {
        int frames = 1 << 16;
        PageContents c = new PageContents(frames);
        assertTrue(c.hostBytes() <= frames * 5L / 16 + 1024, "untouched: 2.5 bits a frame plus fixed overhead, " + c.hostBytes());
        for (int pfn = 0; pfn < frames; pfn += 64) {
            c.fill(pfn, 0, PAGE, (byte) 1);
        }
        assertTrue(c.hostBytes() <= frames * 13L / 16 + 1024, "one touched frame in 64: " + c.hostBytes());
        for (int pfn = 0; pfn < frames; pfn++) {
            c.fill(pfn, 0, PAGE, (byte) 1);
        }
        assertTrue(c.hostBytes() <= frames * 137L / 16 + 1024, "all same-filled: under 8.6 bytes a frame, " + c.hostBytes());
        long filled = c.hostBytes();
        for (int pfn = 0; pfn < 1024; pfn++) {
            c.fill(pfn, 5, 1, (byte) 2);
        }
        long perStored = (c.hostBytes() - filled) / 1024;
        assertTrue(perStored >= PAGE && perStored <= PAGE + 8, "per stored page: " + perStored);
    }

    @Test
    void boundsAreChecked() {
        PageContents c = new PageContents(64);
        assertThrows(IndexOutOfBoundsException.class, () -> c.clear(64));
        assertThrows(IndexOutOfBoundsException.class, () -> c.fill(0, 4000, 97, (byte) 1));
        assertThrows(IndexOutOfBoundsException.class, () -> c.readLong(0, 4089));
        assertThrows(IndexOutOfBoundsException.class, () -> c.write(0, 0, new byte[4], 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> c.clear(60, 5));
        assertThrows(IllegalStateException.class, () -> {
            c.fill(0, 0, 1, (byte) 1);
            c.sameFilledValue(0);
        });
    }

    @Test
    void copyFromAnotherStoreLeavesWhatExportThenImportWould() {
        PageContents src = new PageContents(64);
        PageContents dst = new PageContents(64);
        src.importPage(0, random(7));
        src.fill(1, 0, PAGE, (byte) 3);
        src.fill(2, 5, 1, (byte) 9);
        src.fill(2, 5, 1, (byte) 0);
        dst.importPage(3, random(8));
        for (int p = 0; p < 4; p++) {
            dst.copyFrom(p, src, p);
            assertArrayEquals(page(src, p), page(dst, p));
        }
        assertEquals(1, dst.storedPages(), "a STORED page that became zero collapses, as an import does");
        assertEquals(1, dst.filledPages());
        assertTrue(dst.isZero(2) && dst.isZero(3));
        src.fill(0, 0, 1, (byte) 1);
        assertEquals(random(7)[0], page(dst, 0)[0], "the copy is independent of its source");
    }

    @Test
    void copyFromAStoreSharingTheSlabHandsTheSlotOver() {
        PageContents frames = new PageContents(64);
        PageContents area = new PageContents(64, frames);
        frames.importPage(5, random(7));
        area.copyFrom(9, frames, 5);
        assertEquals(frames.slotOf(5), area.slotOf(9), "swap-out: the slot gets a second owner, no copy");
        assertEquals(1, frames.slabSlotsInUse());
        assertEquals(1, area.storedPages());
        frames.clear(5);
        assertEquals(1, frames.slabSlotsInUse(), "the area keeps the slot the frame let go");
        frames.copyFrom(2, area, 9);
        frames.fill(2, 0, 1, (byte) 0x55);
        assertEquals(2, frames.slabSlotsInUse(), "a write to a shared slot copies it first");
        assertArrayEquals(random(7), page(area, 9));
        assertEquals(0x55, page(frames, 2)[0]);
        area.clear(9);
        frames.clear(2);
        assertEquals(0, frames.slabSlotsInUse());
    }
}
