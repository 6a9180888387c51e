/*
 * Runs a validation program (docs/validate.md) on simulated tasks and prints it in vprun's format,
 * limited to what the simulator models: ret, errno, minflt, majflt, mincore vectors (Mincore), signals, and
 * the per-VMA smaps figures that follow from PTEs and pages (Rss, Pss, clean/dirty, Referenced,
 * Anonymous, Locked) and the data= bytes read; files made by `create` live on the simulated disk's
 * file system (or /dev/shm's tmpfs) and are used through Vfs system calls. The mmap base is 2 MiB-aligned with a PROT_NONE shared
 * "runner" mapping above it, as vprun's own mappings sit on the host. Leaves out: Swap, AnonHugePages
 * and VmFlags (reduce() drops them from the host's lines). A program using something not modelled
 * throws UnsupportedOperationException.
 */
package org.mmsim.validate;



import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmsim.block.DiskModel;
import org.mmsim.block.Disks;
import org.mmsim.fs.OpenFlags;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.filemap.PageCache;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.memory.Mincore;
import org.mmsim.mm.vma.Brk;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mlock;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.Msync;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.TaskLimits;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.procfs.MemSize;
import org.mmsim.sim.KernelError;
import org.mmsim.task.Exit;
import org.mmsim.task.Fork;
import org.mmsim.task.Task;
import org.mmsim.validate.ValidationProgram.Op;

public final class SimReplay {
    /** vprun's machine stand-in: 256 MiB, 2 CPUs, one node, an NVMe disk holding /tmp, seed 1. */
    private final Kernel k = Kernel.boot(new MachineSpec(new long[] {256L << 20}, 2, MachineSpec.defaultDistances(1),
            0, 0, "madvise", 4, List.of(new Disks.Spec(DiskModel.NVME, 4L << 30))), 1);
    private int nextPid = 100;
    private final Map<String, Long> names = new HashMap<>();
    /** Files made by `file`: page-cache files with a fill backing and no disk (vprun keeps them open O_RDWR). */
    private final Map<String, VmFile> files = new HashMap<>();
    /** Files made by create, through the simulated filesystem: their descriptor in the parent's table. */
    private final Map<String, Long> fds = new HashMap<>();
    private final List<String> out = new ArrayList<>();
    private Task parent;
    private Task child;
    private long first = -1;
    private long heap;

    private static final long MMAP_BASE = 0x7f0000000000L;
    static final long START_BRK = 0x555555600000L;
    private static final VmFile RUNNER = new VmFile("/tmp/vprun-fence", 0, true, true, false);

    /** vprun output lines reduced to the fields the replay produces (op, vma, maps lines). */
    public static List<String> reduce(List<String> golden) {
        List<String> r = new ArrayList<>();
        for (String l : golden) {
            if (l.startsWith("op ")) {
                StringBuilder sb = new StringBuilder();
                for (String tok : l.split(" ")) {
                    sb.append(sb.length() > 0 ? " " : "").append(tok);
                }
                r.add(sb.toString());
            } else if (l.startsWith("vma ")) {
                String[] t = l.split(" ");
                StringBuilder sb = new StringBuilder("vma " + t[1] + " " + t[2]);
                for (int i = 6; i < t.length; i++) {
                    if (!t[i].startsWith("Swap=") && !t[i].startsWith("AnonHugePages=") && !t[i].startsWith("VmFlags=")) {
                        sb.append(' ').append(t[i]);
                    }
                }
                r.add(sb.toString());
            } else if (l.startsWith("maps ")) {
                r.add(l);
            }
        }
        return r;
    }

    /** The program's output lines (op, vma, maps) as vprun prints them, reduced as reduce() does. */
    public List<String> run(ValidationProgram p) {
        // the recording host's /tmp device reads ahead 8 MiB (queue/read_ahead_kb = 8192)
        k.disks.root().setReadAheadKb(PageCache.HOST_READ_AHEAD_PAGES * 4);
        k.vfs.mkdir("/tmp", true);
        parent = Task.create(k.user, nextPid++, "vprun", 0, new MmapLayout.Bases(MMAP_BASE, 0x2aaaaaaab000L, false),
                TaskLimits.defaults());
        parent.mm().setCommitCharge(k.overcommit);
        // vprun's own mappings sit right above the program's first one (which ends at mmap_base
        // here): a PROT_NONE shared file mapping keeps mappings from growing into that space.
        parent.mm().insertMapping(MMAP_BASE, MMAP_BASE + (1 << 20),
                VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE, 0, RUNNER, null);
        parent.mm().startBrk = START_BRK;
        parent.mm().brk = START_BRK;
        heap = START_BRK;
        names.put("heap", heap);
        List<Op> ops = p.ops;
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            boolean isChild = op.process() == ValidationProgram.Process.CHILD;
            Task t = isChild ? child : parent;
            if (op.name().equals("maps")) {
                maps(t, isChild);
            } else {
                long before = t.faults.minflt;
                long majBefore = t.faults.majflt;
                String result = exec(t, op);
                out.add("op " + op.index() + " " + op.line() + " " + (isChild ? "C" : "P") + " " + op.name() + " "
                        + result.replace("%F", "minflt=" + (t.faults.minflt - before) + " majflt="
                                + (t.faults.majflt - majBefore)));
            }
            if (isChild && child != null && !hasLaterChildLine(ops, i)) {
                Exit.exit(child);
                child = null;
            }
        }
        maps(parent, false);
        return out;
    }

    private static boolean hasLaterChildLine(List<Op> ops, int i) {
        for (int j = i + 1; j < ops.size(); j++) {
            if (ops.get(j).name().equals("fork")) {
                return false;
            }
            if (ops.get(j).process() == ValidationProgram.Process.CHILD) {
                return true;
            }
        }
        return false;
    }

    private String exec(Task t, Op op) {
        List<String> a = op.args();
        try {
            switch (op.name()) {
                case "mmap": {
                    long addr = mmap(t, a);
                    if (first < 0) {
                        first = addr;
                    }
                    op.binds().ifPresent(n -> names.put(n, addr));
                    return "ret=" + rel(addr) + " errno=0 %F";
                }
                case "munmap":
                    Munmap.munmap(t.mm(), addr(a.get(0)), size(a.get(1)));
                    return "ret=0 errno=0 %F";
                case "mprotect":
                    Mprotect.mprotect(t.mm(), t.limits(), addr(a.get(0)), size(a.get(1)), prot(a.get(2)));
                    return "ret=0 errno=0 %F";
                case "mremap": {
                    int flags = 0;
                    long newAddr = 0;
                    for (String s : a.subList(3, a.size())) {
                        if (s.equals("maymove")) {
                            flags |= Mman.MREMAP_MAYMOVE;
                        } else if (s.equals("dontunmap")) {
                            flags |= Mman.MREMAP_DONTUNMAP;
                        } else if (s.startsWith("fixed=")) {
                            flags |= Mman.MREMAP_FIXED;
                            newAddr = addr(s.substring(6));
                        } else if (s.startsWith("flags=")) {
                            flags |= (int) size(s.substring(6));
                        } else {
                            throw new IllegalArgumentException(s);
                        }
                    }
                    long r = Mremap.mremap(t.mm(), t.limits(), addr(a.get(0)), size(a.get(1)), size(a.get(2)), flags,
                            newAddr);
                    op.binds().ifPresent(n -> names.put(n, r));
                    return "ret=" + rel(r) + " errno=0 %F";
                }
                case "madvise":
                    Madvise.madvise(t.mm(), addr(a.get(0)), size(a.get(1)), advice(a.get(2)));
                    return "ret=0 errno=0 %F";
                case "mlock":
                    Mlock.mlock(t.mm(), t.limits(), addr(a.get(0)), size(a.get(1)));
                    return "ret=0 errno=0 %F";
                case "munlock":
                    Mlock.munlock(t.mm(), addr(a.get(0)), size(a.get(1)));
                    return "ret=0 errno=0 %F";
                case "mlock2": {
                    int flags = 0;
                    for (String s : a.subList(2, a.size())) {
                        flags |= s.equals("onfault") ? Mman.MLOCK_ONFAULT : (int) size(s.substring(6));
                    }
                    Mlock.mlock2(t.mm(), t.limits(), addr(a.get(0)), size(a.get(1)), flags);
                    return "ret=0 errno=0 %F";
                }
                case "mlockall": {
                    int flags = 0;
                    for (String s : a) {
                        flags |= s.equals("current") ? Mman.MCL_CURRENT : s.equals("future") ? Mman.MCL_FUTURE
                                : s.equals("onfault") ? Mman.MCL_ONFAULT : (int) size(s.substring(6));
                    }
                    Mlock.mlockall(t.mm(), t.limits(), flags);
                    return "ret=0 errno=0 %F";
                }
                case "munlockall":
                    Mlock.munlockall(t.mm());
                    return "ret=0 errno=0 %F";
                case "msync": {
                    int flags = 0;
                    for (String s : a.subList(2, a.size())) {
                        flags |= s.equals("sync") ? Msync.MS_SYNC : s.equals("async") ? Msync.MS_ASYNC
                                : s.equals("invalidate") ? Msync.MS_INVALIDATE : (int) size(s.substring(6));
                    }
                    t.msync(addr(a.get(0)), size(a.get(1)), flags);
                    return "ret=0 errno=0 %F";
                }
                case "mincore":
                    return "ret=0 errno=0 %F vec=" + mincore(t, addr(a.get(0)), size(a.get(1)));
                case "brk": {
                    String s = a.get(0);
                    long delta = size(s.substring(1));
                    long r = Brk.brk(t.mm(), t.limits(), t.mm().brk + (s.charAt(0) == '-' ? -delta : delta));
                    return "ret=" + heapRel(r) + " errno=0 %F";
                }
                case "read":
                case "write": {
                    // vprun stores (op index % 255) + 1 in the first byte of each page a write touches.
                    boolean read = op.name().equals("read");
                    long len = size(a.get(1));
                    byte[] data = read ? new byte[(int) ((len + 4095) >>> 12)] : null;
                    long at = t.touch(addr(a.get(0)), len, read ? Fault.READ : Fault.WRITE,
                            (byte) (op.index() % 255 + 1), data);
                    return at < 0 ? "ret=0 errno=0 %F" + (read ? " data=" + rle(data) : "") : "ret=-1 errno=0 %F signal="
                            + (t.lastResult() == Fault.SIGBUS ? "SIGBUS" : "SIGSEGV") + " at=" + rel(at);
                }
                case "fork":
                    child = Fork.fork(t, nextPid++);
                    return "ret=0 errno=0 %F";
                case "exit":
                    return "ret=0 errno=0 %F";
                case "file": {
                    VmFile file = new VmFile("/tmp/" + a.get(0), files.size() + 1, true, true, false);
                    files.put(a.get(0), file);
                    k.user.pageCache.createFile(file, size(a.get(1)), !a.contains("uncached"),
                            i -> (int) (i * 13 + 0x41) & 0xff);
                    return "ret=0 errno=0 %F";
                }
                case "create":
                    create(t, a.get(0), size(a.get(1)), a.contains("shm"));
                    return "ret=0 errno=0 %F";
                case "close":
                    k.vfs.close(t.files, fd(a.get(0)));
                    return "ret=0 errno=0 %F";
                case "fsync":
                case "fdatasync":
                    k.vfs.fsync(t.files, fd(a.get(0)), op.name().equals("fdatasync"));
                    return "ret=0 errno=0 %F";
                case "pread": {
                    byte[] buf = new byte[(int) size(a.get(2))];
                    long n = k.vfs.read(t.files, fd(a.get(0)), size(a.get(1)), buf.length, buf);
                    byte[] firstBytes = new byte[(int) ((n + 4095) >>> 12)];
                    for (int i = 0; i < firstBytes.length; i++) {
                        firstBytes[i] = buf[i << 12];
                    }
                    return "ret=" + n + " errno=0 %F data=" + rle(firstBytes);
                }
                case "pwrite": {
                    long n = k.vfs.write(t.files, fd(a.get(0)), size(a.get(1)), size(a.get(2)), null,
                            (byte) (op.index() % 255 + 1));
                    return "ret=" + n + " errno=0 %F";
                }
                case "fadvise":
                    k.vfs.fadvise(t.files, fd(a.get(0)), size(a.get(1)), size(a.get(2)), fadvice(a.get(3)));
                    return "ret=0 errno=0 %F";
                default:
                    throw new UnsupportedOperationException(op.name());
            }
        } catch (KernelError e) {
            return "ret=-1 errno=" + e.errno.name() + " %F";
        }
    }

    /**
     * vprun's create: on /tmp (the disk) or /dev/shm (tmpfs), written page by page with the corpus
     * fill, fsynced, evicted (tmpfs keeps its pages), left open read-write.
     */
    private void create(Task t, String label, long size, boolean onShm) {
        long fd = k.vfs.open(t.files, (onShm ? "/dev/shm/" : "/tmp/") + label, OpenFlags.O_RDWR | OpenFlags.O_CREAT | OpenFlags.O_TRUNC);
        for (long off = 0; off < size; off += 4096) {
            k.vfs.write(t.files, fd, off, Math.min(4096, size - off), null, (byte) ((off >>> 12) * 13 + 0x41));
        }
        k.vfs.fsync(t.files, fd, false);
        k.vfs.fadvise(t.files, fd, 0, 0, OpenFlags.POSIX_FADV_DONTNEED);
        fds.put(label, fd);
    }

    private long fd(String label) {
        Long fd = fds.get(label);
        if (fd == null) {
            throw new IllegalArgumentException("unknown file " + label);
        }
        return fd;
    }

    private static int fadvice(String s) {
        switch (s) {
            case "normal": return OpenFlags.POSIX_FADV_NORMAL;
            case "random": return OpenFlags.POSIX_FADV_RANDOM;
            case "sequential": return OpenFlags.POSIX_FADV_SEQUENTIAL;
            case "willneed": return OpenFlags.POSIX_FADV_WILLNEED;
            case "dontneed": return OpenFlags.POSIX_FADV_DONTNEED;
            case "noreuse": return OpenFlags.POSIX_FADV_NOREUSE;
            default: return (int) size(s.substring(7));
        }
    }

    private long mmap(Task t, List<String> a) {
        long len = size(a.get(0));
        int prot = prot(a.get(1));
        int flags = 0;
        long hint = 0;
        VmFile file = null;
        long off = 0;
        for (String s : a.subList(2, a.size())) {
            switch (s) {
                case "private": flags |= Mman.MAP_PRIVATE; break;
                case "shared": flags |= Mman.MAP_SHARED; break;
                case "shared_validate": flags |= Mman.MAP_SHARED_VALIDATE; break;
                case "anon": flags |= Mman.MAP_ANONYMOUS; break;
                case "fixed": flags |= Mman.MAP_FIXED; break;
                case "fixed_noreplace": flags |= Mman.MAP_FIXED_NOREPLACE; break;
                case "populate": flags |= Mman.MAP_POPULATE; break;
                case "noreserve": flags |= Mman.MAP_NORESERVE; break;
                case "growsdown": flags |= Mman.MAP_GROWSDOWN; break;
                case "locked": flags |= Mman.MAP_LOCKED; break;
                default:
                    if (s.startsWith("addr=")) {
                        hint = addr(s.substring(5));
                    } else if (s.startsWith("file=") && fds.containsKey(s.substring(5))) {
                        file = k.vfs.forMmap(t.files, fds.get(s.substring(5))).vmFile();
                    } else if (s.startsWith("file=")) {
                        file = files.get(s.substring(5));
                    } else if (s.startsWith("off=")) {
                        off = size(s.substring(4));
                    } else if (s.startsWith("flags=")) {
                        flags |= (int) size(s.substring(6));
                    } else {
                        throw new UnsupportedOperationException("mmap " + s);
                    }
            }
        }
        return Mmap.mmap(t.mm(), t.limits(), hint, len, prot, flags, file, off);
    }

    /** mincore(2), its vector in vprun's "v*n" runs. */
    private String mincore(Task t, long start, long len) {
        byte[] vec = Mincore.mincore(k.user, t.mm(), t.pageTable(), start, len);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vec.length;) {
            int j = i;
            while (j < vec.length && vec[j] == vec[i]) {
                j++;
            }
            sb.append(i > 0 ? "," : "").append(vec[i]).append('*').append(j - i);
            i = j;
        }
        return sb.toString();
    }

    /** vprun's emit_rle for data=: "vv*n" runs in two hex digits, "-" when empty. */
    private static String rle(byte[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length;) {
            int j = i;
            while (j < v.length && v[j] == v[i]) {
                j++;
            }
            sb.append(i > 0 ? "," : "").append(String.format("%02x*%d", v[i] & 0xff, j - i));
            i = j;
        }
        return v.length == 0 ? "-" : sb.toString();
    }

    private void maps(Task t, boolean isChild) {
        int n = 0;
        for (Vma v : t.mm().vmas()) {
            if (v.file() == RUNNER) {
                continue;
            }
            boolean isHeap = t.mm().mapsName(v).equals("[heap]");
            out.add("vma " + (isHeap ? heapRel(v.start()) + " " + heapRel(v.end()) : rel(v.start()) + " " + rel(v.end()))
                    + " " + smaps(t, v));
            n++;
        }
        out.add("maps " + (isChild ? "C" : "P") + " " + n);
    }

    /** The VMA's smaps figures (procfs MemSize, as /proc/PID/smaps prints them), in kB. */
    private String smaps(Task t, Vma v) {
        MemSize s = new MemSize();
        s.gather(k.user, t.pageTable(), v);
        return "Rss=" + (s.resident >> 10) + " Pss=" + (s.pss >> 22) + " Shared_Clean=" + (s.sharedClean >> 10)
                + " Shared_Dirty=" + (s.sharedDirty >> 10) + " Private_Clean=" + (s.privateClean >> 10)
                + " Private_Dirty=" + (s.privateDirty >> 10) + " Referenced=" + (s.referenced >> 10) + " Anonymous="
                + (s.anonymous >> 10) + " Locked=" + (s.pssLocked >> 22);
    }

    private String rel(long addr) {
        if (addr == -1 || first < 0) {
            return addr == -1 ? "-1" : "@+0x0";
        }
        long off = addr - first;
        return off < 0 ? "@-0x" + Long.toHexString(-off) : "@+0x" + Long.toHexString(off);
    }

    private String heapRel(long addr) {
        long off = addr - heap;
        return "heap" + (off < 0 ? "-0x" + Long.toHexString(-off) : "+0x" + Long.toHexString(off));
    }

    private static int prot(String s) {
        if (s.equals("none")) {
            return Mman.PROT_NONE;
        }
        if (s.startsWith("0x")) {
            return Integer.parseInt(s.substring(2), 16);
        }
        int p = 0;
        for (char c : s.toCharArray()) {
            p |= c == 'r' ? Mman.PROT_READ : c == 'w' ? Mman.PROT_WRITE : Mman.PROT_EXEC;
        }
        return p;
    }

    private static int advice(String s) {
        switch (s) {
            case "normal": return Mman.MADV_NORMAL;
            case "random": return Mman.MADV_RANDOM;
            case "sequential": return Mman.MADV_SEQUENTIAL;
            case "willneed": return Mman.MADV_WILLNEED;
            case "dontneed": return Mman.MADV_DONTNEED;
            case "free": return Mman.MADV_FREE;
            case "remove": return Mman.MADV_REMOVE;
            case "dontfork": return Mman.MADV_DONTFORK;
            case "dofork": return Mman.MADV_DOFORK;
            case "dontdump": return Mman.MADV_DONTDUMP;
            case "dodump": return Mman.MADV_DODUMP;
            case "wipeonfork": return Mman.MADV_WIPEONFORK;
            case "keeponfork": return Mman.MADV_KEEPONFORK;
            case "cold": return Mman.MADV_COLD;
            case "pageout": return Mman.MADV_PAGEOUT;
            case "populate_read": return Mman.MADV_POPULATE_READ;
            case "populate_write": return Mman.MADV_POPULATE_WRITE;
            default: return (int) size(s.substring(7));
        }
    }

    private long addr(String expr) {
        long v = 0;
        int sign = 1;
        int i = 0;
        while (i < expr.length()) {
            int j = i;
            while (j < expr.length() && expr.charAt(j) != '+' && expr.charAt(j) != '-') {
                j++;
            }
            String term = expr.substring(i, j);
            Long named = names.get(term);
            v += sign * (named != null ? named : size(term));
            if (j < expr.length()) {
                sign = expr.charAt(j) == '+' ? 1 : -1;
            }
            i = j + 1;
        }
        return v;
    }

    static long size(String s) {
        long mul = 1;
        char c = s.charAt(s.length() - 1);
        if (c == 'K' || c == 'M' || c == 'G') {
            mul = c == 'K' ? 1L << 10 : c == 'M' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1);
        }
        return (s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s)) * mul;
    }
}
