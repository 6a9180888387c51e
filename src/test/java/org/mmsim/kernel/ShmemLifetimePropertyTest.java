package org.mmsim.kernel;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.fs.OpenFile;
import org.mmsim.fs.OpenFlags;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.filemap.AddressSpace;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Task;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random SysV segments (shmget, shmat, shmdt, IPC_RMID), tmpfs files (open, ftruncate, mmap, close,
 * unlink), shared anonymous mappings, writes, munmaps, forks and exits. After every step Shmem
 * equals the pages of the shmem objects something still holds (a segment not destroyed, a name, a
 * descriptor, a mapping): nothing unreachable keeps pages and nothing reachable loses them. When
 * every task has exited, every segment is removed and every name unlinked, Shmem and the commit
 * charge are back where they started.
 */
class ShmemLifetimePropertyTest {
    private static final int PROT_RW = Mman.PROT_READ | Mman.PROT_WRITE;

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(3).list()
                .ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void shmemFollowsWhatHoldsIt(@ForAll("ops") List<int[]> ops) {
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 1, 1), 0);
        long committed0 = k.overcommit.committed();
        List<Task> tasks = new ArrayList<>();
        tasks.add(k.processes.spawn("t", 0));
        List<Integer> ids = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int nextName = 0;
        for (int[] op : ops) {
            Task t = tasks.get(op[1] % tasks.size());
            k.setCurrentTask(t);
            long len = (1 + op[2] % 8) * 16384L;
            try {
                switch (op[0] % 12) {
                    case 0 -> ids.add(k.shm.shmget(t.mm(), SysvShm.IPC_PRIVATE, len,
                            SysvShm.IPC_CREAT | 0600 | (op[2] % 2 == 0 ? SysvShm.SHM_NORESERVE : 0)));
                    case 1 -> {
                        if (!ids.isEmpty()) {
                            k.shm.shmat(t, ids.get(op[2] % ids.size()), 0);
                        }
                    }
                    case 2 -> {
                        Vma v = pick(t, op[2], true);
                        if (v != null) {
                            k.shm.shmdt(t, v.start());
                        }
                    }
                    case 3 -> {
                        if (!ids.isEmpty()) {
                            k.shm.rmid(ids.remove(op[2] % ids.size()));
                        }
                    }
                    case 4 -> {
                        if (tasks.size() < 4) {
                            tasks.add(k.processes.fork(t));
                        }
                    }
                    case 5 -> {
                        k.processes.exit(t);
                        tasks.remove(t);
                        if (tasks.isEmpty()) {
                            tasks.add(k.processes.spawn("t", 0));
                        }
                    }
                    case 6 -> {
                        String name = "/dev/shm/f" + nextName++;
                        int fd = k.vfs.open(t.files, name, OpenFlags.O_RDWR | OpenFlags.O_CREAT);
                        k.vfs.ftruncate(t.files, fd, len);
                        names.add(name);
                    }
                    case 7 -> {
                        int[] fds = t.files.open();
                        if (fds.length > 0) {
                            OpenFile f = k.vfs.forMmap(t.files, fds[op[2] % fds.length]);
                            Mmap.mmap(t.mm(), t.limits(), 0, f.inode.size(), PROT_RW, Mman.MAP_SHARED, f.vmFile(), 0);
                        }
                    }
                    case 8 -> {
                        int[] fds = t.files.open();
                        if (fds.length > 0) {
                            k.vfs.close(t.files, fds[op[2] % fds.length]);
                        }
                    }
                    case 9 -> {
                        if (!names.isEmpty()) {
                            k.vfs.unlink(names.remove(op[2] % names.size()));
                        }
                    }
                    case 10 -> {
                        Vma v = pick(t, op[2], false);
                        if (v != null) {
                            Munmap.munmap(t.mm(), v.start(), v.end() - v.start());
                        }
                    }
                    default -> {
                        Vma v = pick(t, op[2], false);
                        if (v != null) {
                            t.touch(v.start(), v.end() - v.start(), Fault.WRITE);
                        } else {
                            long a = Mmap.mmap(t.mm(), t.limits(), 0, len, PROT_RW,
                                    Mman.MAP_SHARED | Mman.MAP_ANONYMOUS, null, 0);
                            t.touch(a, len / 2, Fault.WRITE);
                        }
                    }
                }
            } catch (KernelError e) {
                // refused calls change nothing; the invariant below still holds
            }
            k.setCurrentTask(null);
            check(k, tasks, names);
        }
        for (Task t : new ArrayList<>(tasks)) {
            k.processes.exit(t);
        }
        for (int id : ids) {
            k.shm.rmid(id);
        }
        for (String name : names) {
            k.vfs.unlink(name);
        }
        assertEquals(0, shmem(k), "Shmem after everything went");
        assertEquals(0, k.shm.segments().size());
        assertEquals(committed0, k.overcommit.committed(), "Committed_AS after everything went");
    }

    /** A shared file VMA of the task (only SysV attaches when sysv), or null. */
    private static Vma pick(Task t, int r, boolean sysv) {
        List<Vma> shared = new ArrayList<>();
        for (Vma v : t.mm().vmas()) {
            if (v.file() != null && (v.flags() & org.mmsim.mm.vma.VmFlags.VM_SHARED) != 0
                    && (!sysv || v.file().path.startsWith("/SYSV"))) {
                shared.add(v);
            }
        }
        return shared.isEmpty() ? null : shared.get(r % shared.size());
    }

    private static long shmem(Kernel k) {
        long n = 0;
        for (org.mmsim.mm.zone.Node node : k.zones.nodes()) {
            n += node.stats[NodeStat.NR_SHMEM];
        }
        return n;
    }

    private static void check(Kernel k, List<Task> tasks, List<String> names) {
        IdentityHashMap<AddressSpace, Boolean> held = new IdentityHashMap<>();
        for (SysvShm.Segment s : k.shm.segments()) {
            held.put(k.user.pageCache.mapping(s.file), Boolean.TRUE);
        }
        for (String name : names) {
            held.put(k.vfs.stat(name).mapping, Boolean.TRUE);
        }
        for (Task t : tasks) {
            for (int fd : t.files.open()) {
                held.put(t.files.get(fd).inode.mapping, Boolean.TRUE);
            }
            for (Vma v : t.mm().vmas()) {
                if (v.file() != null && k.user.pageCache.isShmem(v.file())) {
                    held.put(k.user.pageCache.mapping(v.file()), Boolean.TRUE);
                }
            }
        }
        long pages = 0;
        for (AddressSpace as : held.keySet()) {
            pages += as.nrpages();
        }
        assertEquals(pages, shmem(k), "Shmem: the pages of the objects still held");
    }
}
