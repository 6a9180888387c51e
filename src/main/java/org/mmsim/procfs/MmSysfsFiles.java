/*
 * The tunables and counters of mechanisms mmsim does not build, shown as Linux 6.18 shows them:
 * /sys/kernel/mm/transparent_hugepage (mm/huge_memory.c, mm/khugepaged.c sysfs attributes),
 * /sys/kernel/mm/ksm (mm/ksm.c), /sys/kernel/mm/hugepages/hugepages-{2048,1048576}kB and
 * /proc/sys/vm/nr_hugepages, nr_overcommit_hugepages (mm/hugetlb_sysfs.c, mm/hugetlb_sysctl.c).
 * Writes are parsed and refused as Linux's store functions do (EINVAL), then only stored: there is
 * no THP, khugepaged or ksmd, so their counters read 0. nr_hugepages of the 2 MB pool resizes the
 * real pool (mm.hugetlb.HugetlbPool); the 1 GB pool stays empty: growing it is refused with EINVAL.
 * Left out: the per-size mTHP directories (transparent_hugepage/hugepages-NkB), the 1 GB pool's
 * demote and demote_size files.
 */
package org.mmsim.procfs;

import org.mmsim.mm.hugetlb.HugetlbPool;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Sysctl;

import java.util.List;

final class MmSysfsFiles {
    static final String THP = "/sys/kernel/mm/transparent_hugepage/";
    static final String KSM = "/sys/kernel/mm/ksm/";
    static final String HUGEPAGES = "/sys/kernel/mm/hugepages/";

    static final List<String> THP_ENABLED = List.of("always", "madvise", "never");
    static final List<String> THP_DEFRAG = List.of("always", "defer", "defer+madvise", "madvise", "never");
    static final List<String> SHMEM_ENABLED = List.of("always", "within_size", "advise", "never", "deny", "force");
    static final List<String> KSM_ADVISOR = List.of("none", "scan-time");
    private static final long UINT_MAX = 0xffffffffL;
    /** HPAGE_PMD_NR: base pages per PMD-mapped huge page. */
    private static final long HPAGE_PMD_NR = 512;

    private String thpEnabled;
    private String thpDefrag = "madvise";
    private String shmemEnabled = "never";
    private long useZeroPage = 1;
    private long shrinkUnderused = 1;
    private long anonBesideFull;
    private long khugepagedDefrag = 1;
    private long khugepagedPagesToScan = HPAGE_PMD_NR * 8;
    private long scanSleepMillisecs = 10000;
    private long allocSleepMillisecs = 60000;
    private long maxPtesNone = HPAGE_PMD_NR - 1;
    private long maxPtesSwap = HPAGE_PMD_NR / 8;
    private long maxPtesShared = HPAGE_PMD_NR / 2;

    private long ksmRun;
    private long ksmPagesToScan = 100;
    private long ksmSleepMillisecs = 20;
    private long mergeAcrossNodes = 1;
    private long maxPageSharing = 256;
    private long useZeroPages;
    private long smartScan = 1;
    private long pruneMillisecs = 2000;
    private String advisorMode = "none";
    private long advisorMaxCpu = 70;
    private long advisorMinPagesToScan = 500;
    private long advisorMaxPagesToScan = 30000;
    private long advisorTargetScanTime = 200;

    /** nr_overcommit_hugepages of the 2 MB and the 1 GB pool. */
    private final long[] overcommit = new long[2];

    private MmSysfsFiles(String thpBootMode) {
        this.thpEnabled = thpBootMode;
    }

    static void register(ProcFs fs, org.mmsim.sim.Sysctl sysctl, String thpBootMode, HugetlbPool pool2m) {
        MmSysfsFiles s = new MmSysfsFiles(thpBootMode);
        s.registerThp(fs);
        s.registerKsm(fs);
        s.registerHugetlb(fs, sysctl, pool2m);
    }

    private void registerThp(ProcFs fs) {
        fs.register(THP + "enabled", () -> choices(THP_ENABLED, thpEnabled), v -> thpEnabled = choose(THP_ENABLED, v));
        fs.register(THP + "defrag", () -> choices(THP_DEFRAG, thpDefrag), v -> thpDefrag = choose(THP_DEFRAG, v));
        fs.register(THP + "shmem_enabled", () -> choices(SHMEM_ENABLED, shmemEnabled),
                v -> shmemEnabled = choose(SHMEM_ENABLED, v));
        fs.register(THP + "hpage_pmd_size", () -> (HPAGE_PMD_NR << 12) + "\n");
        fs.register(THP + "use_zero_page", () -> useZeroPage + "\n", v -> useZeroPage = number(v, 0, 1));
        fs.register(THP + "shrink_underused", () -> shrinkUnderused + "\n", v -> shrinkUnderused = number(v, 0, 1));
        fs.register(THP + "anon_beside_full", () -> anonBesideFull + "\n", v -> anonBesideFull = number(v, 0, 1));
        String k = THP + "khugepaged/";
        fs.register(k + "defrag", () -> khugepagedDefrag + "\n", v -> khugepagedDefrag = number(v, 0, 1));
        fs.register(k + "pages_to_scan", () -> khugepagedPagesToScan + "\n",
                v -> khugepagedPagesToScan = number(v, 1, UINT_MAX));
        fs.register(k + "scan_sleep_millisecs", () -> scanSleepMillisecs + "\n",
                v -> scanSleepMillisecs = number(v, 0, UINT_MAX));
        fs.register(k + "alloc_sleep_millisecs", () -> allocSleepMillisecs + "\n",
                v -> allocSleepMillisecs = number(v, 0, UINT_MAX));
        fs.register(k + "max_ptes_none", () -> maxPtesNone + "\n", v -> maxPtesNone = number(v, 0, HPAGE_PMD_NR - 1));
        fs.register(k + "max_ptes_swap", () -> maxPtesSwap + "\n", v -> maxPtesSwap = number(v, 0, HPAGE_PMD_NR - 1));
        fs.register(k + "max_ptes_shared", () -> maxPtesShared + "\n",
                v -> maxPtesShared = number(v, 0, HPAGE_PMD_NR - 1));
        fs.register(k + "full_scans", () -> "0\n");
        fs.register(k + "pages_collapsed", () -> "0\n");
    }

    private void registerKsm(ProcFs fs) {
        // run: 0 stop, 1 run, 2 unmerge (KSM_RUN_UNMERGE); KSM_RUN_OFFLINE is not writable.
        fs.register(KSM + "run", () -> ksmRun + "\n", v -> ksmRun = number(v, 0, 2));
        fs.register(KSM + "pages_to_scan", () -> ksmPagesToScan + "\n", v -> {
            long n = number(v, 0, UINT_MAX);
            if (!advisorMode.equals("none")) {
                throw new KernelError(Errno.EINVAL); // the advisor owns pages_to_scan
            }
            ksmPagesToScan = n;
        });
        fs.register(KSM + "sleep_millisecs", () -> ksmSleepMillisecs + "\n",
                v -> ksmSleepMillisecs = number(v, 0, UINT_MAX));
        fs.register(KSM + "merge_across_nodes", () -> mergeAcrossNodes + "\n", v -> mergeAcrossNodes = number(v, 0, 1));
        fs.register(KSM + "max_page_sharing", () -> maxPageSharing + "\n",
                v -> maxPageSharing = number(v, 2, Integer.MAX_VALUE));
        fs.register(KSM + "use_zero_pages", () -> useZeroPages + "\n", v -> useZeroPages = bool(v));
        fs.register(KSM + "smart_scan", () -> smartScan + "\n", v -> smartScan = bool(v));
        fs.register(KSM + "stable_node_chains_prune_millisecs", () -> pruneMillisecs + "\n",
                v -> pruneMillisecs = number(v, 0, UINT_MAX));
        fs.register(KSM + "advisor_mode", () -> advisorModeText(), v -> {
            String mode = v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
            if (!KSM_ADVISOR.contains(mode)) {
                throw new KernelError(Errno.EINVAL);
            }
            advisorMode = mode;
        });
        fs.register(KSM + "advisor_max_cpu", () -> advisorMaxCpu + "\n", v -> advisorMaxCpu = number(v, 0, Long.MAX_VALUE));
        fs.register(KSM + "advisor_min_pages_to_scan", () -> advisorMinPagesToScan + "\n",
                v -> advisorMinPagesToScan = number(v, 0, Long.MAX_VALUE));
        fs.register(KSM + "advisor_max_pages_to_scan", () -> advisorMaxPagesToScan + "\n",
                v -> advisorMaxPagesToScan = number(v, 0, Long.MAX_VALUE));
        fs.register(KSM + "advisor_target_scan_time", () -> advisorTargetScanTime + "\n",
                v -> advisorTargetScanTime = number(v, 1, Long.MAX_VALUE));
        for (String counter : List.of("full_scans", "general_profit", "ksm_zero_pages", "pages_scanned",
                "pages_shared", "pages_sharing", "pages_skipped", "pages_unshared", "pages_volatile",
                "stable_node_chains", "stable_node_dups")) {
            fs.register(KSM + counter, () -> "0\n");
        }
    }

    private String advisorModeText() {
        StringBuilder sb = new StringBuilder();
        for (String m : KSM_ADVISOR) {
            sb.append(sb.length() > 0 ? " " : "").append(m.equals(advisorMode) ? "[" + m + "]" : m);
        }
        return sb.append('\n').toString();
    }

    private void registerHugetlb(ProcFs fs, org.mmsim.sim.Sysctl sysctl, HugetlbPool pool2m) {
        String dir2m = HUGEPAGES + "hugepages-2048kB/";
        fs.register(dir2m + "nr_hugepages", () -> pool2m.nrHugepages() + "\n",
                v -> pool2m.setNrHugepages(number(v, 0, Long.MAX_VALUE)));
        fs.register(dir2m + "nr_hugepages_mempolicy", () -> pool2m.nrHugepages() + "\n",
                v -> pool2m.setNrHugepages(number(v, 0, Long.MAX_VALUE)));
        fs.register(dir2m + "free_hugepages", () -> pool2m.nrHugepages() + "\n");
        String dir1g = HUGEPAGES + "hugepages-1048576kB/";
        fs.register(dir1g + "nr_hugepages", () -> "0\n", v -> refuseGrowth(number(v, 0, Long.MAX_VALUE)));
        fs.register(dir1g + "nr_hugepages_mempolicy", () -> "0\n", v -> refuseGrowth(number(v, 0, Long.MAX_VALUE)));
        fs.register(dir1g + "free_hugepages", () -> "0\n");
        String[] dirs = {dir2m, dir1g};
        for (int i = 0; i < dirs.length; i++) {
            int pool = i;
            fs.register(dirs[i] + "nr_overcommit_hugepages", () -> overcommit[pool] + "\n",
                    v -> overcommit[pool] = number(v, 0, Long.MAX_VALUE));
            fs.register(dirs[i] + "resv_hugepages", () -> "0\n");
            fs.register(dirs[i] + "surplus_hugepages", () -> "0\n");
        }
        // /proc/sys/vm acts on the default (2 MB) pool (hugetlb_sysctl_handler, proc_doulongvec_minmax):
        // sysctl entries, so `sysctl vm.nr_hugepages` and `sysctl -a` reach them too.
        sysctl.register(sysctlEntry("vm.nr_hugepages", () -> pool2m.nrHugepages() + "\n",
                v -> pool2m.setNrHugepages(ulong(v))));
        sysctl.register(sysctlEntry("vm.nr_overcommit_hugepages", () -> overcommit[0] + "\n",
                v -> overcommit[0] = ulong(v)));
    }

    private static org.mmsim.sim.Sysctl.Entry sysctlEntry(String name, java.util.function.Supplier<String> read,
            java.util.function.Consumer<String> write) {
        return new org.mmsim.sim.Sysctl.Entry() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String read() {
                return read.get();
            }

            @Override
            public void write(String value) {
                write.accept(value);
            }
        };
    }

    /** The 1 GB pool is not built (Linux fills it from CMA or at boot): it stays empty. */
    private static void refuseGrowth(long pages) {
        if (pages != 0) {
            throw new KernelError(Errno.EINVAL, "the 1 GB hugetlb pool is not simulated");
        }
    }

    /** proc_doulongvec_minmax: one integer, surrounding whitespace allowed, negative refused. */
    private static long ulong(String text) {
        long v = Sysctl.parseSingle(text);
        if (v < 0) {
            throw new KernelError(Errno.EINVAL);
        }
        return v;
    }

    /** The choices with the current one in brackets, as enabled_show and defrag_show print them. */
    private static String choices(List<String> all, String current) {
        StringBuilder sb = new StringBuilder();
        for (String c : all) {
            sb.append(sb.length() > 0 ? " " : "").append(c.equals(current) ? "[" + c + "]" : c);
        }
        return sb.append('\n').toString();
    }

    /** sysfs_streq: the written word, one trailing newline allowed, must be one of the choices. */
    private static String choose(List<String> all, String written) {
        String w = written.endsWith("\n") ? written.substring(0, written.length() - 1) : written;
        if (!all.contains(w)) {
            throw new KernelError(Errno.EINVAL);
        }
        return w;
    }

    /** kstrtoul/kstrtouint: decimal digits, one trailing newline allowed, within [min, max]. */
    static long number(String written, long min, long max) {
        String w = written.endsWith("\n") ? written.substring(0, written.length() - 1) : written;
        if (w.startsWith("+")) {
            w = w.substring(1);
        }
        if (w.isEmpty() || !w.chars().allMatch(Character::isDigit)) {
            throw new KernelError(Errno.EINVAL);
        }
        long n;
        try {
            n = Long.parseLong(w);
        } catch (NumberFormatException e) {
            throw new KernelError(Errno.EINVAL);
        }
        if (n < min || n > max) {
            throw new KernelError(Errno.EINVAL);
        }
        return n;
    }

    /** kstrtobool: y/Y/1 or n/N/0 (and on/off), shown as 1/0. */
    private static long bool(String written) {
        String w = written.trim().toLowerCase();
        if (w.equals("1") || w.startsWith("y") || w.equals("on")) {
            return 1;
        }
        if (w.equals("0") || w.startsWith("n") || w.equals("off")) {
            return 0;
        }
        throw new KernelError(Errno.EINVAL);
    }
}
