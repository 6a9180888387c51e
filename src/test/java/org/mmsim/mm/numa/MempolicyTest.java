package org.mmsim.mm.numa;

import org.junit.jupiter.api.Test;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** mpol_new()'s checks, interleave_nid / interleave_nodes, and mpol_to_str. */
class MempolicyTest {
    private static final long FOUR_NODES = 0b1111;

    @Test
    void createRefusesWhatSetMempolicyRefuses() {
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class,
                () -> Mempolicy.create(Mempolicy.MPOL_BIND, 0, FOUR_NODES)).errno, "empty nodemask");
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class,
                () -> Mempolicy.create(Mempolicy.MPOL_INTERLEAVE, 1L << 5, FOUR_NODES)).errno, "no such node");
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class,
                () -> Mempolicy.create(Mempolicy.MPOL_DEFAULT, 1, FOUR_NODES)).errno, "default takes no nodes");
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class,
                () -> Mempolicy.create(Mempolicy.MPOL_LOCAL, 1, FOUR_NODES)).errno, "local takes no nodes");
        assertEquals(Errno.EINVAL, assertThrows(KernelError.class,
                () -> Mempolicy.create(7, 1, FOUR_NODES)).errno, "unknown mode");
        assertSame(Mempolicy.DEFAULT, Mempolicy.create(Mempolicy.MPOL_DEFAULT, 0, FOUR_NODES));
        // nodes that do not exist are dropped as long as one does
        assertEquals("bind:1", Mempolicy.create(Mempolicy.MPOL_BIND, 0b100010, FOUR_NODES).toString());
    }

    @Test
    void mpolToStrNamesModeAndNodelist() {
        assertEquals("default", Mempolicy.DEFAULT.toString());
        assertEquals("local", Mempolicy.create(Mempolicy.MPOL_LOCAL, 0, FOUR_NODES).toString());
        assertEquals("prefer:2", Mempolicy.create(Mempolicy.MPOL_PREFERRED, 0b1100, FOUR_NODES).toString());
        assertEquals("bind:0-1", Mempolicy.create(Mempolicy.MPOL_BIND, 0b11, FOUR_NODES).toString());
        assertEquals("interleave:0,2-3", Mempolicy.create(Mempolicy.MPOL_INTERLEAVE, 0b1101, FOUR_NODES).toString());
    }

    @Test
    void nodelistsParseAsNumactlAndTheKernelWriteThem() {
        assertEquals(0b1101, Mempolicy.parseNodelist("0,2-3", FOUR_NODES));
        assertEquals(FOUR_NODES, Mempolicy.parseNodelist("all", FOUR_NODES));
        for (String bad : new String[]{"", "1-", "3-1", "x", "0,,1", "64"}) {
            assertThrows(KernelError.class, () -> Mempolicy.parseNodelist(bad, FOUR_NODES), bad);
        }
    }

    @Test
    void interleaveByOffsetAndByTaskCounter() {
        Mempolicy pol = Mempolicy.create(Mempolicy.MPOL_INTERLEAVE, 0b1101, FOUR_NODES);
        int[] byOffset = new int[6];
        int[] byCounter = new int[6];
        for (int i = 0; i < 6; i++) {
            byOffset[i] = pol.interleaveNid(i);
            byCounter[i] = pol.interleaveNodes();
        }
        assertEquals("[0, 2, 3, 0, 2, 3]", java.util.Arrays.toString(byOffset));
        assertEquals("[0, 2, 3, 0, 2, 3]", java.util.Arrays.toString(byCounter), "il_prev starts before node 0");
        Mempolicy child = pol.dup();
        assertEquals(pol.interleaveNodes(), child.interleaveNodes(), "fork copies il_prev");
    }
}
