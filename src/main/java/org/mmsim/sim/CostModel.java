/*
 * Simulated time charged per operation: one table, loaded from cost-model.properties and overridable
 * per scenario, so stall times and PSI (later) come from configurable, documented figures.
 * The kernel has no such table; the defaults are rough figures for a 2020s x86-64 server.
 */
package org.mmsim.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.TreeMap;

public final class CostModel {
    /** Operations whose cost the simulation charges; indexes into a primitive table for hot paths. */
    public enum Op {
        PAGE_ALLOC_PCP("page_alloc.pcp"),
        PAGE_ALLOC_BUDDY("page_alloc.buddy"),
        PAGE_FREE("page_free"),
        PAGE_ZERO("page_zero"),
        SLAB_ALLOC("slab_alloc"),
        SLAB_FREE("slab_free"),
        VMALLOC_PER_PAGE("vmalloc.per_page"),
        /** A handled user page fault: exception entry and exit, VMA lookup, the PTE update. */
        FAULT_MINOR("fault.minor"),
        /** On top of fault.minor: a new page allocated and zeroed (do_anonymous_page, CoW of the zero page). */
        FAULT_ZERO("fault.zero"),
        /** On top of fault.minor: a new page allocated and the old one copied into it (wp_page_copy). */
        FAULT_COW("fault.cow"),
        /** A page walk after a TLB miss. */
        TLB_WALK("tlb.walk"),
        /** On top of tlb.walk: the P4D level a 5-level page walk reads as well. */
        TLB_WALK_P4D("tlb.walk.p4d"),
        /** Reclaim looking at one LRU page (isolation, flags, the rmap walk for references). */
        RECLAIM_SCAN("reclaim.scan"),
        /** Reclaim unmapping one PTE (try_to_unmap_one with its TLB flush). */
        RECLAIM_UNMAP("reclaim.unmap"),
        /** Writing one page to a swap device. */
        SWAP_WRITE("swap.write"),
        /** Reading one page from a swap device: what a swap-in major fault waits for. */
        SWAP_READ("swap.read");

        public final String key;

        Op(String key) {
            this.key = key;
        }
    }

    /** Where a mechanism below the kernel object charges its costs (simulated time on the current CPU). */
    public interface Sink {
        void charge(Op op, long times);
    }

    private final long[] costNs = new long[Op.values().length];

    public static CostModel defaults() {
        CostModel model = new CostModel();
        Properties props = new Properties();
        try (InputStream in = CostModel.class.getResourceAsStream("cost-model.properties")) {
            if (in == null) {
                throw new IllegalStateException("cost-model.properties missing from the jar");
            }
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Op op : Op.values()) {
            String v = props.getProperty(op.key);
            if (v == null) {
                throw new IllegalStateException("cost-model.properties has no " + op.key);
            }
            model.costNs[op.ordinal()] = Long.parseLong(v.trim());
        }
        return model;
    }

    public long ns(Op op) {
        return costNs[op.ordinal()];
    }

    /** Sets one cost by its key; false when the key names no operation. */
    public boolean set(String key, long ns) {
        for (Op op : Op.values()) {
            if (op.key.equals(key)) {
                costNs[op.ordinal()] = ns;
                return true;
            }
        }
        return false;
    }

    /** The whole table by key, sorted, for display. */
    public TreeMap<String, Long> table() {
        TreeMap<String, Long> t = new TreeMap<>();
        for (Op op : Op.values()) {
            t.put(op.key, costNs[op.ordinal()]);
        }
        return t;
    }
}
