/*
 * `machine`: the hardware a scenario boots, as firmware and the kernel command line would describe it
 * (memory per node, CPUs, the ACPI SLIT distance table, kernelcore=/movablecore=, the THP boot mode),
 * a swap partition (swap=SIZE: /dev/vdb, formatted and enabled at boot as an fstab line would),
 * and zswap enabled at boot with a compressor (zswap=lz4: zswap.enabled=1 zswap.compressor=lz4).
 * Checked in full before anything runs; whether the host heap can hold it is checked at boot.
 * Left out: memory holes beyond the standard x86-64 layout, CPU-less or memory-less nodes.
 */
package org.mmsim.shell;

import org.mmsim.block.DiskModel;
import org.mmsim.block.Disks;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.swap.SwapFile;

import java.util.ArrayList;
import java.util.List;

final class MachineCommand {
    static final String USAGE = "machine [memory=SIZE] [cpus=N] [nodes=N] [nodeN=SIZE ...] [distance=D,D;D,D] "
            + "[kernelcore=SIZE] [movablecore=SIZE] [thp=always|madvise|never] [paging=4|5]"
            + " [swap=SIZE] [zswap=lzo|lz4|zstd] [disk=MODEL:SIZE[,MODEL:SIZE...]]   (MODEL: nvme, sata-ssd, hdd, ramdisk)";
    /** The swap partition `swap=` formats and enables at boot. */
    static final String SWAP_DEVICE = "/dev/vdb";

    private MachineCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args(Commands.MACHINE, USAGE, tokens, 0, 0,
                "memory", "cpus", "nodes", "node#", "distance", "kernelcore", "movablecore", "thp", "paging",
                "swap", "zswap", "disk");
        int nodes = nodeCount(args);
        long[] nodeMemory = nodeMemory(args, nodes);
        int[][] distance = args.get("distance") == null
                ? MachineSpec.defaultDistances(nodes) : distance(args.get("distance"));
        int cpus = Sizes.integer("cpus", args.get("cpus", "2"), 1, Integer.MAX_VALUE);
        long kernelcore = args.get("kernelcore") == null ? 0 : Sizes.parse(args.get("kernelcore"));
        long movablecore = args.get("movablecore") == null ? 0 : Sizes.parse(args.get("movablecore"));
        MachineSpec spec;
        try {
            spec = new MachineSpec(nodeMemory, cpus, distance, kernelcore, movablecore, args.get("thp", "madvise"),
                    Sizes.integer("paging", args.get("paging", "4"), 4, 5),
                    disks(args.get("disk")));
        } catch (IllegalArgumentException e) {
            throw new ScenarioError("machine: " + e.getMessage());
        }
        context.setMachine(spec);
        String zswap = args.get("zswap");
        if (zswap != null && !zswap.equals("lzo") && !zswap.equals("lz4") && !zswap.equals("zstd")) {
            throw new ScenarioError("machine: zswap=" + zswap + ": the compressors are lzo, lz4 and zstd");
        }
        Step enableZswap = session -> {
            if (zswap != null) {
                session.kernel.user.swapCache.zswap().setCompressor(zswap);
                session.kernel.user.swapCache.zswap().setEnabled(true);
            }
        };
        if (args.get("swap") == null) {
            return enableZswap;
        }
        long swap = Sizes.parse(args.get("swap"));
        if (swap < SwapFile.MIN_SWAP_BYTES || swap > SwapFile.MAX_SWAP_BYTES) {
            throw new ScenarioError("machine: swap=" + args.get("swap") + " must be between 40K and "
                    + (SwapFile.MAX_SWAP_BYTES >> 30) + "G");
        }
        return session -> {
            enableZswap.run(session);
            SwapFile sf = session.kernel.user.swapCache.swapFile;
            sf.mkswap(SWAP_DEVICE, swap);
            sf.swapon(SWAP_DEVICE, SwapFile.NO_PRIORITY);
        };
    }

    private static int nodeCount(Args args) {
        int highest = -1;
        for (String key : args.keywords().keySet()) {
            if (key.startsWith("node") && !key.equals("nodes")) {
                highest = Math.max(highest, Sizes.integer("node number", key.substring(4), 0, 63));
            }
        }
        if (args.get("nodes") != null) {
            int nodes = Sizes.integer("nodes", args.get("nodes"), 1, 64);
            if (highest >= nodes) {
                throw new ScenarioError("machine: node" + highest + "= given, but nodes=" + nodes);
            }
            return nodes;
        }
        return highest + 1 > 0 ? highest + 1 : 1;
    }

    private static long[] nodeMemory(Args args, int nodes) {
        String memory = args.get("memory");
        boolean perNode = false;
        for (int n = 0; n < nodes; n++) {
            perNode |= args.get("node" + n) != null;
        }
        if (!perNode) {
            long total = memory == null ? 1L << 30 : Sizes.parse(memory);
            try {
                return MachineSpec.uniform(total, 1, nodes).nodeMemory;
            } catch (IllegalArgumentException e) {
                throw new ScenarioError("machine: " + e.getMessage());
            }
        }
        long[] sizes = new long[nodes];
        long total = 0;
        for (int n = 0; n < nodes; n++) {
            String size = args.get("node" + n);
            if (size == null) {
                throw new ScenarioError("machine: node" + n + "= missing (give every node's size, or only memory=)");
            }
            sizes[n] = Sizes.parse(size);
            total += sizes[n];
        }
        if (memory != null && Sizes.parse(memory) != total) {
            throw new ScenarioError("machine: memory=" + memory + " is not the sum of the node sizes ("
                    + org.mmsim.kernel.Kernel.humanBytes(total) + ")");
        }
        return sizes;
    }

    /** "nvme:100G,hdd:2T": the disks in the order their drivers find them. */
    private static List<Disks.Spec> disks(String text) {
        List<Disks.Spec> disks = new ArrayList<>();
        if (text == null) {
            return disks;
        }
        for (String entry : text.split(",", -1)) {
            int colon = entry.indexOf(':');
            DiskModel model = colon < 0 ? null : DiskModel.byKey(entry.substring(0, colon));
            if (model == null) {
                throw new ScenarioError("machine: disk=" + entry + ": expected MODEL:SIZE with MODEL one of "
                        + DiskModel.keys());
            }
            try {
                disks.add(new Disks.Spec(model, Sizes.parse(entry.substring(colon + 1))));
            } catch (IllegalArgumentException e) {
                throw new ScenarioError("machine: disk=" + entry + ": " + e.getMessage());
            }
        }
        return disks;
    }

    /** "10,21;21,10": rows separated by ';', distances by ','. */
    private static int[][] distance(String text) {
        String[] rows = text.split(";", -1);
        int[][] table = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            String[] cells = rows[i].split(",", -1);
            table[i] = new int[cells.length];
            for (int j = 0; j < cells.length; j++) {
                table[i][j] = Sizes.integer("distance", cells[j], 0, 255);
            }
        }
        return table;
    }
}
