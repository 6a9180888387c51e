/*
 * Host heap per frame of the page contents store (mm.page.PageContents), measured: the heap in use after
 * full GCs before and after building each state, next to the store's own hostBytes() accounting. States:
 * untouched frames, every frame same-filled, one same-filled frame per 64, and arbitrary 4 KiB pages.
 * Not a JMH benchmark (JMH measures time); run it with
 *   java -Xmx4g -cp bench/target/benchmarks.jar org.mmsim.bench.PageContentsFootprint [frames]
 */
package org.mmsim.bench;

import org.mmsim.mm.page.PageContents;

import java.util.SplittableRandom;

public final class PageContentsFootprint {
    private static final int PAGE = PageContents.PAGE_SIZE;

    private PageContentsFootprint() {
    }

    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 1 << 22;
        System.out.printf("%-34s %14s %14s%n", "state (bytes per frame)", "measured", "hostBytes()");
        long before = usedHeap();
        PageContents c = new PageContents(frames);
        report("untouched", c, before, frames);
        for (int pfn = 0; pfn < frames; pfn += 64) {
            c.fill(pfn, 0, PAGE, (byte) 1);
        }
        report("one same-filled frame in 64", c, before, frames);
        for (int pfn = 0; pfn < frames; pfn++) {
            c.fill(pfn, 0, PAGE, (byte) 0x5A);
        }
        report("every frame same-filled", c, before, frames);
        c.clear(0, frames);
        report("all cleared again", c, before, frames);

        int stored = 1 << 16;
        byte[] page = new byte[PAGE];
        SplittableRandom r = new SplittableRandom(1);
        for (int pfn = 0; pfn < stored; pfn++) {
            r.nextBytes(page);
            c.importPage(pfn, page);
        }
        long untouched = measuredOnce(frames);
        long used = usedHeap() - before - untouched;
        System.out.printf("%-34s %14.1f %14.1f   (per stored page, over the untouched cost)%n",
                "arbitrary 4 KiB, 64K pages", (double) used / stored,
                (double) (c.hostBytes() - new PageContents(frames).hostBytes()) / stored);
        if (c.storedPages() != stored) {
            throw new AssertionError("stored " + c.storedPages());
        }
    }

    private static long measuredOnce(int frames) {
        long before = usedHeap();
        PageContents probe = new PageContents(frames);
        long used = usedHeap() - before;
        if (!probe.isZero(0)) {
            throw new AssertionError();
        }
        return used;
    }

    private static void report(String state, PageContents c, long before, int frames) {
        long used = usedHeap() - before;
        System.out.printf("%-34s %14.3f %14.3f%n", state, (double) used / frames, (double) c.hostBytes() / frames);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
