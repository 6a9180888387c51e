/*
 * The overcommit policy: mm/util.c vm_committed_as, vm_commit_limit(), vm_memory_committed() and
 * __vm_enough_memory() (mode 0, OVERCOMMIT_GUESS: a single request larger than RAM plus swap
 * fails; mode 1, OVERCOMMIT_ALWAYS: everything passes; mode 2, OVERCOMMIT_NEVER: the commit may
 * not reach CommitLimit less the admin reserve (for tasks without CAP_SYS_ADMIN) and
 * min(total_vm / 32, user_reserve) of the calling mm), with its rate-limited warning; the sysctls
 * overcommit_memory, overcommit_ratio and overcommit_kbytes (writing one of the last two zeroes the
 * other, as their handlers do), admin_reserve_kbytes and user_reserve_kbytes with mm/mmap.c's
 * init_admin_reserve()/init_user_reserve() defaults (1/32 of free memory, capped at 8 MiB and
 * 128 MiB). Swap space comes through a supplier the swap layer sets.
 * Leaves out the percpu counter's batching (the sum is exact), hugetlb pages (none are reserved)
 * and the memory-hotplug notifier that recomputes the reserves.
 */
package org.mmsim.mm.util;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.mmsim.mm.vma.CommitCharge;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.sim.Printk;
import org.mmsim.sim.RateLimit;
import org.mmsim.sim.SimClock;
import org.mmsim.sim.Sysctl;

public final class Overcommit implements CommitCharge {
    public static final int OVERCOMMIT_GUESS = 0;
    public static final int OVERCOMMIT_ALWAYS = 1;
    public static final int OVERCOMMIT_NEVER = 2;
    /** mm/mmap.c: init_admin_reserve() caps at SZ_8K kB, init_user_reserve() at SZ_128K kB. */
    static final long ADMIN_RESERVE_CAP_KB = 8192;
    static final long USER_RESERVE_CAP_KB = 131072;
    /** PAGE_SHIFT - 10: kbytes to pages. */
    private static final int KB_TO_PAGES = 2;

    /** The calling task, for the warning's "pid: N, comm: NAME" and CAP_SYS_ADMIN. */
    public record Caller(int pid, String comm, boolean capSysAdmin) {
    }

    private final LongSupplier totalramPages;
    private final Printk printk;
    private final SimClock clock;
    private final RateLimit warnLimit = new RateLimit("__vm_enough_memory", RateLimit.DEFAULT_INTERVAL_NS,
            RateLimit.DEFAULT_BURST);
    private LongSupplier totalSwapPages = () -> 0;
    private Supplier<Caller> current = () -> new Caller(1, "init", true);

    private int overcommitMemory = OVERCOMMIT_GUESS;
    private int overcommitRatio = 50;
    private long overcommitKbytes;
    private long adminReserveKbytes;
    private long userReserveKbytes;
    /** vm_committed_as, in pages. */
    private long committed;

    /**
     * The policy at boot: freePagesAtInit is NR_FREE_PAGES when the subsys initcalls run, from
     * which the two reserves are derived.
     */
    public Overcommit(LongSupplier totalramPages, long freePagesAtInit, Printk printk, SimClock clock) {
        this.totalramPages = totalramPages;
        this.printk = printk;
        this.clock = clock;
        long freeKbytes = freePagesAtInit << KB_TO_PAGES;
        adminReserveKbytes = Math.min(freeKbytes / 32, ADMIN_RESERVE_CAP_KB);
        userReserveKbytes = Math.min(freeKbytes / 32, USER_RESERVE_CAP_KB);
    }

    /** The swap layer's total_swap_pages. */
    public void setTotalSwapPages(LongSupplier pages) {
        totalSwapPages = pages;
    }

    /** Who "current" is when a charge is checked. */
    public void setCurrent(Supplier<Caller> caller) {
        current = caller;
    }

    public void registerSysctls(Sysctl sysctl) {
        sysctl.registerInt("vm.overcommit_memory", () -> overcommitMemory, OVERCOMMIT_GUESS, OVERCOMMIT_NEVER,
                v -> overcommitMemory = v);
        sysctl.registerInt("vm.overcommit_ratio", () -> overcommitRatio, Integer.MIN_VALUE, Integer.MAX_VALUE, v -> {
            overcommitRatio = v;
            overcommitKbytes = 0;
        });
        sysctl.registerUlong("vm.overcommit_kbytes", () -> overcommitKbytes, v -> {
            overcommitKbytes = v;
            overcommitRatio = 0;
        });
        sysctl.registerUlong("vm.admin_reserve_kbytes", () -> adminReserveKbytes, v -> adminReserveKbytes = v);
        sysctl.registerUlong("vm.user_reserve_kbytes", () -> userReserveKbytes, v -> userReserveKbytes = v);
    }

    public int mode() {
        return overcommitMemory;
    }

    /** vm_commit_limit(): CommitLimit in pages. */
    public long commitLimit() {
        long allowed;
        if (overcommitKbytes != 0) {
            allowed = overcommitKbytes >>> KB_TO_PAGES;
        } else {
            allowed = totalramPages.getAsLong() * overcommitRatio / 100;
        }
        return allowed + totalSwapPages.getAsLong();
    }

    /** vm_memory_committed(): Committed_AS in pages (never below 0). */
    public long committed() {
        return Math.max(0, committed);
    }

    @Override
    public boolean neverOvercommit() {
        return overcommitMemory == OVERCOMMIT_NEVER;
    }

    @Override
    public void vmAcctMemory(long pages) {
        committed += pages;
    }

    @Override
    public boolean vmEnoughMemory(MmStruct mm, long pages) {
        Caller caller = current.get();
        committed += pages;
        if (overcommitMemory == OVERCOMMIT_ALWAYS) {
            return true;
        }
        if (overcommitMemory == OVERCOMMIT_GUESS) {
            if (pages <= totalramPages.getAsLong() + totalSwapPages.getAsLong()) {
                return true;
            }
        } else {
            long allowed = commitLimit();
            if (!caller.capSysAdmin()) {
                allowed -= adminReserveKbytes >>> KB_TO_PAGES;
            }
            if (mm != null) {
                allowed -= Math.min(mm.totalVm() / 32, userReserveKbytes >>> KB_TO_PAGES);
            }
            if (committed() < allowed) {
                return true;
            }
        }
        if (warnLimit.allow(clock, printk)) {
            printk.warn(String.format("__vm_enough_memory: pid: %d, comm: %s, bytes: %d not enough memory for the "
                    + "allocation", caller.pid(), caller.comm(), pages << 12));
        }
        committed -= pages;
        return false;
    }
}
