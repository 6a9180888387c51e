package org.mmsim.mm.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlbGeometryTest {
    static final int S4K = 1 << TlbGeometry.SIZE_4K;
    static final int S2M = 1 << TlbGeometry.SIZE_2M;

    @Test
    void cascadeLakeShape() {
        TlbGeometry g = TlbGeometry.cascadeLake();
        assertEquals(16, g.l1d.get(0).sets());
        assertEquals(128, g.stlb.get(0).sets());
        assertEquals(S4K | S2M, g.stlb.get(0).sizeMask());
        assertEquals(1, g.l1d.get(2).sets(), "1G L1 entries are fully associative");
    }

    @Test
    void zen3MatchesHostCpuid() {
        // 0x80000005 EBX=ff40ff40, 0x80000006 EBX=68004200 (8-way, 2048), 0x80000019 EBX=f0400000 (full, 64).
        TlbGeometry g = TlbGeometry.zen3();
        assertEquals(64, g.l1d.get(0).entries());
        assertEquals(1, g.l1d.get(0).sets());
        assertEquals(2048, g.stlb.get(0).entries());
        assertEquals(8, g.stlb.get(0).ways());
        assertEquals(64, g.stlb.get(1).entries());
    }

    @Test
    void rejectsImpossibleGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new TlbGeometry.Array(48, 4, S4K), "12 sets");
        assertThrows(IllegalArgumentException.class, () -> new TlbGeometry.Array(64, 5, S4K));
        assertThrows(IllegalArgumentException.class, () -> new TlbGeometry.Array(64, 4, 0));
        assertThrows(IllegalArgumentException.class, () -> new TlbGeometry("x",
                List.of(new TlbGeometry.Array(64, 4, S4K), new TlbGeometry.Array(16, 4, S4K)), List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new TlbGeometry("x",
                List.of(new TlbGeometry.Array(32, 4, S2M)), List.of(), List.of()), "L1 dTLB without 4K");
        assertThrows(IllegalArgumentException.class, () -> TlbGeometry.sizeOfShift(13));
    }
}
