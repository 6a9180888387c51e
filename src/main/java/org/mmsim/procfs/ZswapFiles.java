/*
 * zswap's module parameters (/sys/module/zswap/parameters: enabled, compressor, max_pool_percent,
 * accept_threshold_percent, shrinker_enabled, as mm/zswap.c declares them with module_param_cb)
 * and its debugfs counters (/sys/kernel/debug/zswap); zram0's disksize, comp_algorithm and mm_stat
 * (/sys/block/zram0). Booleans read Y/N and accept Y/N/1/0
 * (param_set_bool); a compressor that is not available is refused with ENOENT, a malformed number
 * with EINVAL.
 * Left out: zpool (gone in 6.18: zsmalloc is the only pool).
 */
package org.mmsim.procfs;

import org.mmsim.mm.swap.Zram;
import org.mmsim.mm.swap.Zswap;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

final class ZswapFiles {
    static final String PARAMS = "/sys/module/zswap/parameters/";
    static final String DEBUG = "/sys/kernel/debug/zswap/";

    private ZswapFiles() {
    }

    static void register(ProcFs fs, Zswap z) {
        fs.register(PARAMS + "enabled", () -> yn(z.enabled()), v -> z.setEnabled(bool(v)));
        fs.register(PARAMS + "compressor", () -> z.compressorName() + "\n", v -> z.setCompressor(v.trim()));
        fs.register(PARAMS + "max_pool_percent", () -> z.maxPoolPercent() + "\n",
                v -> z.setMaxPoolPercent(number(v, 0)));
        fs.register(PARAMS + "accept_threshold_percent", () -> z.acceptThresholdPercent() + "\n",
                v -> z.setAcceptThresholdPercent(number(v, 1)));
        fs.register(PARAMS + "shrinker_enabled", () -> yn(z.shrinkerEnabled()),
                v -> z.setShrinkerEnabled(bool(v)));
        for (String name : Zswap.COUNTERS) {
            fs.register(DEBUG + name, () -> z.counter(name) + "\n");
        }
    }

    /** /sys/block/zram0: disksize (bytes), comp_algorithm, mm_stat. */
    static void registerZram(ProcFs fs, Zram zram) {
        String dir = "/sys/block/zram0/";
        fs.register(dir + "disksize", () -> zram.disksize() + "\n",
                v -> zram.setDisksize(memparse(v.trim())));
        fs.register(dir + "comp_algorithm", zram::compAlgorithm, v -> zram.setCompAlgorithm(v.trim()));
        fs.register(dir + "mm_stat", zram::mmStat);
    }

    /** memparse(): a number with an optional K, M, G or T suffix, as disksize_store reads it. */
    static long memparse(String v) {
        int shift = 0;
        String t = v;
        if (!t.isEmpty()) {
            int s = "kmgt".indexOf(Character.toLowerCase(t.charAt(t.length() - 1)));
            if (s >= 0) {
                shift = 10 * (s + 1);
                t = t.substring(0, t.length() - 1);
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new KernelError(Errno.EINVAL);
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new KernelError(Errno.EINVAL);
        }
    }

    private static String yn(boolean b) {
        return b ? "Y\n" : "N\n";
    }

    /** kstrtobool(). */
    private static boolean bool(String v) {
        String t = v.trim();
        if (t.isEmpty()) {
            throw new KernelError(Errno.EINVAL);
        }
        switch (Character.toLowerCase(t.charAt(0))) {
            case 'y': case '1': return true;
            case 'n': case '0': return false;
            default: throw new KernelError(Errno.EINVAL);
        }
    }

    private static int number(String v, int min) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min) {
                throw new KernelError(Errno.EINVAL);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new KernelError(Errno.EINVAL);
        }
    }
}
