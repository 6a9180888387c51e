/*
 * The assembled simulated kernel: boots a MachineSpec the way start_kernel() orders memory setup
 * (memblock layout, zonelists, memblock_free_all, per-CPU pagesets, init_per_zone_wmark_min,
 * khugepaged's min_free_kbytes), and holds the clock, log, sysctls and counters every mechanism
 * shares. Higher layers (procfs, shell) read and drive the machine only through this object.
 */
package org.mmsim.kernel;

import org.mmsim.block.Disks;
import org.mmsim.fs.Vfs;
import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.buddy.PageAlloc;
import org.mmsim.mm.init.DirectMap;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.init.MemInit;
import org.mmsim.mm.memory.StoredFrames;
import org.mmsim.mm.mmu.LeafWalker;
import org.mmsim.mm.mmu.Mmu;
import org.mmsim.mm.mmu.Tlb;
import org.mmsim.mm.mmu.TlbGeometry;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.oom.OomKiller;
import org.mmsim.mm.psi.Psi;
import org.mmsim.mm.util.Overcommit;
import org.mmsim.task.Task;
import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageContents;
import org.mmsim.mm.slab.Slub;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vmalloc.Vmalloc;
import org.mmsim.mm.vmscan.Vmscan;
import org.mmsim.mm.vmstat.ShowMem;
import org.mmsim.mm.vmstat.VmEvent;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Watermarks;
import org.mmsim.mm.zone.ZoneType;
import org.mmsim.mm.zone.Zonelists;
import org.mmsim.mm.zone.Zones;
import org.mmsim.sim.CostModel;
import org.mmsim.sim.EventQueue;
import org.mmsim.sim.Printk;
import org.mmsim.sim.RateLimit;
import org.mmsim.sim.SimClock;
import org.mmsim.sim.SimRandom;
import org.mmsim.sim.Sysctl;

public final class Kernel {
    /** Host heap the simulation needs beyond the frame table, for everything else. */
    private static final long HOST_HEAP_MARGIN = 256L << 20;

    public final MachineSpec spec;
    public final SimClock clock = new SimClock();
    public final SimRandom random;
    public final CostModel cost = CostModel.defaults();
    public final EventQueue events = new EventQueue(clock);
    public final Printk printk = new Printk(clock);
    public final Sysctl sysctl = new Sysctl();
    public final long[] vmEvents = new long[VmEvent.COUNT];
    /** The disks, registered at boot in the machine line's order. */
    public final Disks disks;
    public final MemInit.Layout layout;
    /** direct_pages_count[]: the direct map's pages per size, as init_mem_mapping() left them. */
    public final DirectMap.Counts directMap;
    public final Zones zones;
    public final Watermarks watermarks;
    public final PageAlloc pageAlloc;
    public final Slub slab;
    public final Vmalloc vmalloc;
    /** Every frame's bytes: freed frames and __GFP_ZERO allocations are cleared, faults clear and copy. */
    public final PageContents contents;
    /** The CPUs' MMUs and TLBs (this host's Zen 3 geometry unless chosen at boot) and Linux's TLB management. */
    public final Mmu mmu;
    public final Tlb tlb;
    /** User memory: page tables, the anonymous rmap and the zero page (the last page of the kernel image). */
    public final UserMemory user;
    /** Page reclaim: kswapd per node and direct reclaim in the allocator's slow path. */
    public final Vmscan vmscan;
    /** The allocation API kernel paths call, charging simulated time. */
    public final KernelApi api = new KernelApi(this);
    /** The overcommit policy: vm_committed_as, CommitLimit and the vm.overcommit_* sysctls. */
    public final Overcommit overcommit;
    /** The persistent 2 MB hugetlb pool (nr_hugepages). */
    public final org.mmsim.mm.hugetlb.HugetlbPool hugetlb;
    /** Memory pressure stall information: reclaim, refaults and throttling report stalls here. */
    public final Psi psi;
    /** The OOM killer the allocator's slow path calls for tasks' allocations. */
    public final OomKiller oomKiller;
    /** The mounted filesystems and the file system calls: / on the first disk, tmpfs on /dev/shm. */
    public final Vfs vfs;
    /** System V shared memory: segments on shmem objects, kernel.shm* and /proc/sysvipc/shm. */
    public final SysvShm shm;
    /** The process table; built at the end of boot, once user memory exists. */
    public final Processes processes;
    /** pr_warn_once() state of /proc/PID/oom_adj's deprecation warning. */
    public boolean warnedOomAdj;
    /** The task whose system call or access is running, or null for kernel-API scenario lines. */
    private Task currentTask;
    /** Each CPU's time in the kernel, as the API charged it. */
    public final CpuTime cpuTime;
    /** The task on whose behalf kernel-API scenario lines run (current->comm, current->pid). */
    private String currentComm = "mmsim";
    private int currentPid = 1;
    /** nopage_rs: allocation-failure reports allowed per interval. */
    private final RateLimit nopageRateLimit = new RateLimit("warn_alloc", RateLimit.DEFAULT_INTERVAL_NS,
            RateLimit.DEFAULT_BURST);

    private Kernel(MachineSpec spec, long seed, TlbGeometry tlbGeometry) {
        this.spec = spec;
        this.random = new SimRandom(seed);
        disks = new Disks(spec.disks, events, clock);
        layout = MemInit.layout(spec, printk);
        directMap = DirectMap.of(layout.usable);
        zones = layout.zones;
        cpuTime = new CpuTime(zones.nrCpus());
        int[][] orders = Zonelists.build(zones);
        for (int nid = 0; nid < orders.length; nid++) {
            StringBuilder sb = new StringBuilder("Fallback order for Node " + nid + ": ");
            for (int n : orders[nid]) {
                sb.append(n).append(' ');
            }
            printk.info(sb.toString());
        }
        printk.info("Built " + zones.nrNodes() + " zonelists, mobility grouping on.  Total pages: "
                + layout.presentPages);
        printk.info("Policy zone: " + ZoneType.NAMES[policyZone()]);
        watermarks = new Watermarks(zones, printk);
        pageAlloc = new PageAlloc(zones, watermarks, vmEvents);
        pageAlloc.setFailureReporter(new PageAlloc.FailureReporter() {
            @Override
            public void allocationFailed(int gfp, int order, int preferredNid) {
                warnAlloc(gfp, order, preferredNid);
            }

            @Override
            public void orderTooLarge(int gfp, int order) {
                warnSplat("__alloc_frozen_pages_noprof", "mm/page_alloc.c");
            }
        });
        logHash("Dentry cache", layout.dentryHashEntries);
        logHash("Inode-cache", layout.inodeHashEntries);
        MemInit.freeAll(layout, pageAlloc);
        printk.info(String.format("Memory: %dK/%dK available (18905K kernel code, 2544K rwdata, 10292K rodata, "
                        + "3732K init, 1168K bss, %dK reserved, 0K cma-reserved)",
                zones.totalramPages() * 4, layout.presentPages * 4, (layout.presentPages - zones.totalramPages()) * 4));
        watermarks.updatePcpHighAndBatch();
        watermarks.boot(!spec.thpEnabled.equals("never"));
        watermarks.registerSysctls(sysctl);
        slab = new Slub(pageAlloc, printk);
        vmalloc = new Vmalloc(pageAlloc, slab, printk);
        contents = new PageContents(zones.memMap.nrFrames);
        pageAlloc.setContents(contents);
        mmu = new Mmu(tlbGeometry, zones.nrCpus());
        tlb = new Tlb(mmu, LeafWalker.NONE, true, clock);
        user = new UserMemory(pageAlloc, vmEvents,
                (int) (MemInit.KERNEL_IMAGE_START_PFN + MemInit.KERNEL_IMAGE_PAGES - 1), new StoredFrames(contents),
                mmu, tlb, api, events, clock, watermarks::totalreservePages);
        user.writeback.registerSysctls(sysctl);
        // the shrinker list reclaim walks; the superblocks register theirs as they are mounted
        org.mmsim.mm.shrinker.Shrinkers shrinkers = new org.mmsim.mm.shrinker.Shrinkers(slab, vmEvents,
                zones.nrNodes());
        vfs = new Vfs(user, disks, slab, shrinkers);
        vfs.registerSysctls(sysctl);
        registerDropCaches();
        psi = new Psi(clock);
        overcommit = new Overcommit(zones::totalramPages, freePages(), printk, clock);
        overcommit.registerSysctls(sysctl);
        overcommit.setCurrent(() -> new Overcommit.Caller(currentPid, currentComm, true));
        user.pageCache.setShmemCharge(overcommit);
        user.pageCache.setCaller(new PageCache.Caller() {
            @Override
            public Mempolicy policy() {
                return currentTask == null ? Mempolicy.DEFAULT : currentTask.mempolicy();
            }

            @Override
            public int localNid() {
                return currentTask == null ? zones.cpuToNode(pageAlloc.cpu()) : currentTask.pageTable().nid();
            }

            @Override
            public MmStruct mm() {
                return currentTask == null ? null : currentTask.mm();
            }
        });
        // the wall clock starts at the epoch at boot (ktime_get_real_seconds)
        shm = new SysvShm(user.pageCache, overcommit, () -> clock.nanos() / 1_000_000_000L, () -> currentPid);
        shm.registerSysctls(sysctl);
        vmscan = new Vmscan(user, shrinkers, cost, api, clock, events);
        vmscan.registerSysctls(sysctl);
        processes = new Processes(this);
        oomKiller = new OomKiller(zones, user, printk, clock, vmEvents, processes);
        oomKiller.registerSysctls(sysctl);
        hugetlb = new org.mmsim.mm.hugetlb.HugetlbPool(pageAlloc, zones.nrNodes());
        pageAlloc.setOomHandler(new PageAlloc.OomHandler() {
            @Override
            public boolean currentIsVictim() {
                return currentTask != null && currentTask.isOomVictim();
            }

            @Override
            public boolean outOfMemory(int gfp, int order) {
                // Kernel-API scenario lines allocate in no task's context: they fail with warn_alloc instead.
                return currentTask != null && oomKiller.outOfMemory(gfp, order);
            }
        });
        setTotalSwapPages(user.swapCache.swapFile::totalPages);
        vmscan.setMemStall(new org.mmsim.sim.MemStall() {
            @Override
            public void enter() {
                psi.memstallEnter(currentTask);
            }

            @Override
            public void leave() {
                psi.memstallLeave(currentTask);
            }
        });
    }

    /** NR_FREE_PAGES summed over the zones. */
    private long freePages() {
        long free = 0;
        for (org.mmsim.mm.zone.Zone z : zones.allZones()) {
            free += z.stats[org.mmsim.mm.vmstat.ZoneStat.NR_FREE_PAGES];
        }
        return free;
    }

    /** The swap layer's total_swap_pages, for CommitLimit and the OOM killer's totalpages. */
    public void setTotalSwapPages(java.util.function.LongSupplier pages) {
        overcommit.setTotalSwapPages(pages);
        oomKiller.setTotalSwapPages(pages);
    }

    /**
     * Boots a machine. Refuses up front, with a message, a machine whose frame table would not fit
     * in this JVM's heap, rather than failing later with OutOfMemoryError.
     */
    public static Kernel boot(MachineSpec spec, long seed) {
        return boot(spec, seed, TlbGeometry.zen3());
    }

    /** Boots a machine whose CPUs have the given TLB geometry (TlbGeometry.zen3(), cascadeLake()). */
    public static Kernel boot(MachineSpec spec, long seed, TlbGeometry tlbGeometry) {
        long frames = org.mmsim.mm.init.E820.usable(spec.totalMemory())
                .get(org.mmsim.mm.init.E820.usable(spec.totalMemory()).size() - 1).end();
        long need = frames * MemMap.HOST_BYTES_PER_FRAME + HOST_HEAP_MARGIN;
        long available = freeHeap();
        if (need > available) {
            // Garbage (an earlier machine, say) counts as used until collected: collect once before refusing.
            System.gc();
            available = freeHeap();
        }
        if (need > available) {
            throw new IllegalArgumentException(String.format(
                    "a %s machine needs about %d MiB of host heap for its frame table; this JVM has %d MiB free "
                            + "(raise it with MMSIM_HEAP=..., e.g. MMSIM_HEAP=%dg)",
                    humanBytes(spec.totalMemory()), need >> 20, available >> 20, (need >> 30) + 2));
        }
        return new Kernel(spec, seed, tlbGeometry);
    }

    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    private int policyZone() {
        int policy = ZoneType.DMA;
        for (Node n : zones.nodes()) {
            for (int t = 0; t <= ZoneType.NORMAL; t++) {
                if (n.zones[t].populated()) {
                    policy = Math.max(policy, t);
                }
            }
        }
        return policy;
    }

    private void logHash(String name, long entries) {
        long bytes = entries * 8;
        int order = 0;
        while ((4096L << order) < bytes) {
            order++;
        }
        printk.info(String.format("%s hash table entries: %d (order: %d, %d bytes, linear)", name, entries, order,
                bytes));
    }

    /** Whether writing 4 to vm.drop_caches silenced its log line. */
    private boolean dropCachesQuiet;

    /**
     * fs/drop_caches.c: drop_caches_sysctl_handler() (values 1 to 4), with its log line per write
     * unless 4 was written once; the file is mode 0200, so reading it fails with EACCES.
     */
    private void registerDropCaches() {
        sysctl.register(new Sysctl.Entry() {
            @Override
            public String name() {
                return "vm.drop_caches";
            }

            @Override
            public String read() {
                throw new org.mmsim.sim.KernelError(org.mmsim.sim.Errno.EACCES);
            }

            @Override
            public boolean readable() {
                return false;
            }

            @Override
            public void write(String value) {
                long v = Sysctl.parseSingle(value);
                if (v < 1 || v > 4) {
                    throw new org.mmsim.sim.KernelError(org.mmsim.sim.Errno.EINVAL);
                }
                if (!dropCachesQuiet) {
                    printk.info(String.format("%s (%d): drop_caches: %d", currentComm, currentPid, v));
                }
                if ((v & 1) != 0) {
                    user.lru.drainAll(); // drop_caches_sysctl_handler: lru_add_drain_all() first
                }
                vfs.dropCaches((int) v);
                dropCachesQuiet |= (v & 4) != 0;
            }
        });
    }

    public void setCurrent(String comm, int pid) {
        this.currentComm = comm;
        this.currentPid = pid;
        this.currentTask = null;
    }

    /** A task's system call or access runs from here on (null: back to kernel-API lines, as mmsim pid 1). */
    public void setCurrentTask(Task t) {
        if (t == null) {
            setCurrent("mmsim", 1);
            return;
        }
        this.currentComm = t.comm;
        this.currentPid = t.pid;
        this.currentTask = t;
    }

    public Task currentTask() {
        return currentTask;
    }

    public String currentComm() {
        return currentComm;
    }

    public int currentPid() {
        return currentPid;
    }

    /**
     * warn_alloc(): the "page allocation failure" report, as mm/page_alloc.c prints it, rate-limited by
     * nopage_rs, then warn_alloc_show_mem()'s Mem-Info. The caller has already skipped __GFP_NOWARN.
     */
    private void warnAlloc(int gfp, int order, int nid) {
        if (!nopageRateLimit.allow(clock, printk)) {
            return;
        }
        if ((gfp & Gfp.__GFP_DMA) != 0 && !hasManagedDma()) {
            return;
        }
        String mode = String.format("mode:%#x(%s)", gfp, Gfp.format(gfp));
        StringBuilder mems = new StringBuilder();
        mems.append(zones.nrNodes() == 1 ? "0" : "0-" + (zones.nrNodes() - 1));
        printk.warn(String.format("%s: page allocation failure: order:%d, %s, nodemask=(null),cpuset=/,mems_allowed=%s",
                currentComm, order, mode, mems));
        printk.warn(String.format("CPU: %d UID: 0 PID: %d Comm: %s Not tainted 6.18.0-mmsim #1 PREEMPT(voluntary)",
                pageAlloc.cpu(), currentPid, currentComm));
        printk.warn("Hardware name: mmsim simulated machine");
        printk.warn("Call Trace:\n <TASK>\n dump_stack_lvl+0x5d/0x80\n warn_alloc+0x164/0x190\n"
                + " __alloc_pages_slowpath.constprop.0+0xd8e/0xe40\n __alloc_frozen_pages_noprof+0x2c0/0x300\n"
                + " alloc_pages_mpol+0x7e/0x180\n </TASK>");
        warnAllocShowMem(gfp);
    }

    /** has_managed_dma(): some node's ZONE_DMA has managed pages. */
    private boolean hasManagedDma() {
        for (Node n : zones.nodes()) {
            if (n.zones[ZoneType.DMA].managedPages > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * warn_alloc_show_mem(): Mem-Info filtered to the task's allowed nodes unless the allocation cannot
     * direct-reclaim (then everything is shown). Every node is allowed: there are no cpusets.
     */
    private void warnAllocShowMem(int gfp) {
        int filter = Gfp.canDirectReclaim(gfp) ? ShowMem.SHOW_MEM_FILTER_NODES : 0;
        long allNodes = zones.nrNodes() >= 64 ? -1L : (1L << zones.nrNodes()) - 1;
        ShowMem.show(zones, printk, filter, allNodes, Gfp.zone(gfp), pageAlloc.cpu());
    }

    /** __warn(): the "cut here" report a WARN_ON prints, without registers (mmsim has none to show). */
    private void warnSplat(String function, String file) {
        printk.warn("------------[ cut here ]------------");
        printk.warn(String.format("WARNING: CPU: %d PID: %d at %s (%s)", pageAlloc.cpu(), currentPid, function, file));
        printk.warn("Modules linked in:");
        printk.warn(String.format("CPU: %d UID: 0 PID: %d Comm: %s Not tainted 6.18.0-mmsim #1 PREEMPT(voluntary)",
                pageAlloc.cpu(), currentPid, currentComm));
        printk.warn("Hardware name: mmsim simulated machine");
        printk.warn("Call Trace:\n <TASK>\n alloc_pages_mpol+0x7e/0x180\n </TASK>");
        printk.warn("---[ end trace 0000000000000000 ]---");
    }

    public static String humanBytes(long bytes) {
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v % 1024 == 0 && v >= 1024) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}
