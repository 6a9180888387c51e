/*
 * Swap areas from a scenario: `mkswap PATH SIZE` gives a device (a path under /dev, shown as a
 * partition) or a file of that size a swap signature (`mkswap /dev/zram0` takes zram's disksize), `swapon [-p PRIO] PATH` and `swapoff PATH`
 * are the system calls. A refusal prints the util-linux message on stderr with the errno's text
 * (swapoff's ENOMEM when the swapped-out pages do not fit back in memory) and the run goes on.
 * Left out: swapon -a/--show and the other util-linux options (the swapon tool's formats are
 * separate work), a block layer behind the paths.
 */
package org.mmsim.shell;

import org.mmsim.mm.swap.SwapFile;
import org.mmsim.mm.swap.SwapOff;
import org.mmsim.mm.swap.Zram;
import org.mmsim.sim.KernelError;

import java.util.List;

final class SwapCommands {
    static final String MKSWAP_USAGE = "mkswap PATH SIZE | mkswap /dev/zram0";
    static final String SWAPON_USAGE = "swapon [-p PRIORITY] PATH";
    static final String SWAPOFF_USAGE = "swapoff PATH";

    private SwapCommands() {
    }

    static Step mkswap(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("mkswap", MKSWAP_USAGE, tokens, 1, 2);
        String path = args.positional(0);
        if (path.equals(Zram.DEVICE) && args.positionalCount() == 1) {
            // the device's size is its disksize, set through /sys/block/zram0/disksize
            return session -> {
                try {
                    session.kernel.user.swapCache.swapFile.mkswap(path, session.kernel.user.swapCache.zram().disksize());
                } catch (KernelError e) {
                    session.toolError("mkswap: error: swap area needs to be at least 40 KiB");
                }
            };
        }
        if (args.positionalCount() != 2) {
            throw new ScenarioError("mkswap: missing SIZE (usage: " + MKSWAP_USAGE + ")");
        }
        long size = Sizes.parse(args.positional(1));
        if (size < SwapFile.MIN_SWAP_BYTES) {
            throw new ScenarioError("mkswap: error: swap area needs to be at least 40 KiB");
        }
        if (size > SwapFile.MAX_SWAP_BYTES) {
            throw new ScenarioError("mkswap: " + args.positional(1) + " is larger than a swap area can be here ("
                    + (SwapFile.MAX_SWAP_BYTES >> 30) + "G)");
        }
        return session -> {
            try {
                session.kernel.user.swapCache.swapFile.mkswap(path, size);
            } catch (KernelError e) {
                session.toolError("mkswap: " + path + ": " + e.errno.message());
            }
        };
    }

    static Step swapon(List<Tokenizer.Token> tokens, ParseContext context) {
        int prio = SwapFile.NO_PRIORITY;
        String path = null;
        for (int i = 0; i < tokens.size(); i++) {
            String text = tokens.get(i).text();
            if (text.equals("-p") && i + 1 < tokens.size()) {
                prio = Sizes.integer("swapon: priority", tokens.get(++i).text(), -1, 32767);
            } else if (path == null && !text.startsWith("-")) {
                path = text;
            } else {
                throw new ScenarioError("swapon: unexpected \"" + text + "\" (usage: " + SWAPON_USAGE + ")");
            }
        }
        if (path == null) {
            throw new ScenarioError("swapon: missing PATH (usage: " + SWAPON_USAGE + ")");
        }
        String p = path;
        int priority = prio;
        return session -> {
            try {
                session.kernel.user.swapCache.swapFile.swapon(p, priority);
            } catch (KernelError e) {
                session.toolError("swapon: " + p + ": swapon failed: " + e.errno.message());
            }
        };
    }

    static Step swapoff(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("swapoff", SWAPOFF_USAGE, tokens, 1, 1);
        String path = args.positional(0);
        return session -> {
            try {
                SwapOff.swapoff(session.kernel.user.swapCache, session.kernel.user.rmap, session.kernel.zones.memMap,
                        path);
            } catch (KernelError e) {
                session.toolError("swapoff: " + path + ": swapoff failed: " + e.errno.message());
            }
        };
    }
}
