package org.mmsim.mm.init;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DirectMapTest {
    /**
     * This host's e820 map (RAM [4K, 636K), [1M, 3G), [4G, 25G)). The host prints 20480 / 2076672 /
     * 25165824 kB: the same 26 GiB total, the difference being its KASLR-placed kernel image in
     * [1G, 2G), mapped with 2M pages and 18 MiB of 4k pages, which the model leaves out.
     */
    @Test
    void hostLayout() {
        DirectMap.Counts c = DirectMap.of(E820.usable(24L << 30));
        // 4k: [0, 1M) ISA + [1M, 2M) head. 2M: [2M, 1G). 1G: [1G, 3G) + [4G, 24G) + [24G, 25G) met
        // three times by the top-down steps (2M at the top, then up to 512M, then the rest).
        assertEquals(2048, c.bytes4k() >> 10);
        assertEquals(511L * 2048, c.bytes2m() >> 10);
        assertEquals(25L << 20, c.bytes1g() >> 10);
        assertEquals(26L << 20, (c.bytes4k() + c.bytes2m() + c.bytes1g()) >> 10);
    }

    /** 1 GiB of RAM never fills a 1 GiB frame (it starts at 4K): 4k head, 2M pages up to 1 GiB. */
    @Test
    void oneGigabyte() {
        DirectMap.Counts c = DirectMap.of(E820.usable(1L << 30));
        assertEquals(0, c.bytes1g());
        assertEquals(2048, c.bytes4k() >> 10);
        // [2M, 1G) = 511 pages; the top-down steps split it on 2M boundaries, so none is met twice.
        assertEquals(511L * 2048, c.bytes2m() >> 10);
    }
}
