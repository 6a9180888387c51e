/*
 * What a scenario's `machine` line describes: memory per node, CPUs, the SLIT distance table,
 * kernelcore=/movablecore=, THP's boot mode and the disks. Validated on construction; the firmware map and
 * zones are derived from it at boot (MemInit).
 */
package org.mmsim.mm.init;

import org.mmsim.block.Disks;

import java.util.Arrays;
import java.util.List;

public final class MachineSpec {
    public static final long MIN_MEMORY = 64L << 20;
    /** Frames are indexed by int: the physical map (RAM plus the PCI hole) must stay below 2^31 pages. */
    public static final long MAX_MEMORY = 4L << 40;
    public static final int LOCAL_DISTANCE = 10, REMOTE_DISTANCE = 20;

    public final long[] nodeMemory;
    public final int cpus;
    public final int[][] distance;
    /** kernelcore= and movablecore= in bytes, 0 when not given. */
    public final long kernelcore;
    public final long movablecore;
    /** THP "enabled" at boot: always, madvise or never (Debian's default is madvise). */
    public final String thpEnabled;
    /** Page-table levels: 4, or 5 for a CPU with LA57 and a kernel without no5lvl. */
    public final int pagingLevels;
    /** The disks, in the order the machine line gives them; the first holds the root filesystem. */
    public final List<Disks.Spec> disks;

    public MachineSpec(long[] nodeMemory, int cpus, int[][] distance, long kernelcore, long movablecore,
                       String thpEnabled) {
        this(nodeMemory, cpus, distance, kernelcore, movablecore, thpEnabled, 4, List.of());
    }

    public MachineSpec(long[] nodeMemory, int cpus, int[][] distance, long kernelcore, long movablecore,
                       String thpEnabled, int pagingLevels, List<Disks.Spec> disks) {
        if (pagingLevels != 4 && pagingLevels != 5) {
            throw new IllegalArgumentException("paging must be 4 or 5 (levels)");
        }
        if (nodeMemory.length < 1 || nodeMemory.length > 64) {
            throw new IllegalArgumentException("nodes must be between 1 and 64");
        }
        long total = 0;
        for (long m : nodeMemory) {
            if (m < (16L << 20) || m % (2L << 20) != 0) {
                throw new IllegalArgumentException("each node needs at least 16M, in whole 2M pageblocks");
            }
            total += m;
        }
        if (total < MIN_MEMORY) {
            throw new IllegalArgumentException("memory must be at least 64M (the kernel image alone is 37M)");
        }
        if (total > MAX_MEMORY) {
            throw new IllegalArgumentException("memory must be at most 4T");
        }
        if (cpus < 1 || cpus > 256) {
            throw new IllegalArgumentException("cpus must be between 1 and 256 (NR_CPUS)");
        }
        int n = nodeMemory.length;
        if (distance.length != n) {
            throw new IllegalArgumentException("distance table must be " + n + "x" + n);
        }
        for (int i = 0; i < n; i++) {
            if (distance[i].length != n) {
                throw new IllegalArgumentException("distance table must be " + n + "x" + n);
            }
            if (distance[i][i] != LOCAL_DISTANCE) {
                throw new IllegalArgumentException("a node's distance to itself must be 10");
            }
            for (int j = 0; j < n; j++) {
                if (i != j && (distance[i][j] <= LOCAL_DISTANCE || distance[i][j] > 254)) {
                    throw new IllegalArgumentException("remote distances must be between 11 and 254");
                }
            }
        }
        if (kernelcore < 0 || movablecore < 0 || kernelcore > total || movablecore > total) {
            throw new IllegalArgumentException("kernelcore and movablecore must lie within memory");
        }
        if (!thpEnabled.equals("always") && !thpEnabled.equals("madvise") && !thpEnabled.equals("never")) {
            throw new IllegalArgumentException("thp must be always, madvise or never");
        }
        this.nodeMemory = nodeMemory.clone();
        this.cpus = cpus;
        this.distance = distance;
        this.kernelcore = kernelcore;
        this.movablecore = movablecore;
        this.thpEnabled = thpEnabled;
        this.pagingLevels = pagingLevels;
        this.disks = List.copyOf(disks);
    }

    /** A machine of `memory` bytes split evenly over `nodes` nodes, with default distances. */
    public static MachineSpec uniform(long memory, int cpus, int nodes) {
        long perNode = (memory / nodes) & ~((2L << 20) - 1);
        long[] mem = new long[nodes];
        Arrays.fill(mem, perNode);
        mem[nodes - 1] = memory - perNode * (nodes - 1);
        return new MachineSpec(mem, cpus, defaultDistances(nodes), 0, 0, "madvise");
    }

    public static int[][] defaultDistances(int nodes) {
        int[][] d = new int[nodes][nodes];
        for (int i = 0; i < nodes; i++) {
            for (int j = 0; j < nodes; j++) {
                d[i][j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
            }
        }
        return d;
    }

    public long totalMemory() {
        long t = 0;
        for (long m : nodeMemory) {
            t += m;
        }
        return t;
    }

    public int nodes() {
        return nodeMemory.length;
    }

    /** CPUs are spread over nodes in contiguous runs, as firmware usually numbers them. */
    public int cpuToNode(int cpu) {
        return (int) ((long) cpu * nodes() / cpus);
    }
}
