package org.mmsim.task;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Node;
import org.mmsim.mm.zone.Zone;

/** A booted 256 MiB machine and helpers shared by the task and fault tests. */
final class TaskFixture {
    static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;
    static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    static final long MMAP_BASE = 0x7f0000000000L;

    final Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 1);
    private int nextPid = 100;
    /** NR_PAGETABLE before any task: the kernel's own tables are not modelled, so 0. */
    final long pageTablesAtBoot = pageTables();

    Task task() {
        return Task.create(k.user, nextPid++, "t", 0, new MmapLayout.Bases(MMAP_BASE, 0x2aaaaaaab000L, false),
                TaskLimits.defaults());
    }

    Task fork(Task parent) {
        return Fork.fork(parent, nextPid++);
    }

    static long mmap(Task t, long len, int prot, int flags) {
        return Mmap.mmap(t.mm(), t.limits(), 0, len, prot, flags, null, 0);
    }

    long node(int item) {
        long sum = 0;
        for (Node n : k.zones.nodes()) {
            sum += n.stats[item];
        }
        return sum;
    }

    long pageTables() {
        return node(NodeStat.NR_PAGE_TABLE_PAGES);
    }

    long anonPages() {
        return node(NodeStat.NR_ANON_PAGES);
    }

    long event(int e) {
        return k.vmEvents[e];
    }

    /** Free pages with the per-CPU lists drained, so counts compare across operations. */
    long freePages() {
        k.pageAlloc.drainAllPages();
        long sum = 0;
        for (Node n : k.zones.nodes()) {
            for (Zone z : n.zones) {
                sum += z.freePages();
            }
        }
        return sum;
    }
}
