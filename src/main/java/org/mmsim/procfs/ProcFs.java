/*
 * The simulated /proc and /sys (fs/proc, fs/sysfs): a registry of paths to renderers that format
 * kernel state on every read, plus /proc/sys backed by the sysctl registry. Reads of absent paths
 * fail with ENOENT, writes to read-only files with EACCES (or EIO where Linux gives that).
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.psi.Psi;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Sysctl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

public final class ProcFs {
    private static final String PROC_SYS = "/proc/sys/";

    private final Kernel kernel;
    private final TreeMap<String, Supplier<String>> files = new TreeMap<>();
    private final TreeMap<String, java.util.function.Consumer<String>> writers = new TreeMap<>();
    /** The mount table behind /proc/mounts. */
    public final Mounts mounts = new Mounts();
    private final SwapAreas swapAreas;

    public ProcFs(Kernel kernel) {
        this.kernel = kernel;
        register("/proc/buddyinfo", () -> Buddyinfo.render(kernel));
        register("/proc/zoneinfo", () -> Zoneinfo.render(kernel));
        register("/proc/pagetypeinfo", () -> Pagetypeinfo.render(kernel));
        register("/proc/vmstat", () -> Vmstat.render(kernel));
        register("/proc/meminfo", () -> Meminfo.render(kernel));
        register("/proc/uptime", () -> Uptime.render(kernel));
        register("/proc/stat", () -> Stat.render(kernel));
        register("/proc/slabinfo", () -> Slabinfo.render(kernel));
        register("/proc/vmallocinfo", () -> Vmallocinfo.render(kernel));
        register("/proc/loadavg", () -> Loadavg.render(kernel));
        register("/proc/cpuinfo", () -> Cpuinfo.render(kernel));
        register("/proc/pressure/memory", kernel.psi::showMemory, text -> kernel.psi.destroyTrigger(
                kernel.psi.createTrigger(text, true)));
        register("/proc/pressure/cpu", Psi::showIdle, text -> kernel.psi.createTrigger(text, false));
        register("/proc/pressure/io", Psi::showIdle, text -> kernel.psi.createTrigger(text, false));
        // what the file system layer mounted at boot (/ on the first disk, tmpfs on /dev/shm)
        for (String line : kernel.vfs.procMounts().split("\n")) {
            String[] f = line.split(" ");
            if (f.length >= 4) {
                mounts.add(new Mounts.Mount(f[0], f[1], f[2], f[3]));
            }
        }
        register("/proc/mounts", mounts::render);
        register("/proc/diskstats", () -> Diskstats.render(kernel));
        register("/proc/sysvipc/shm", kernel.shm::procShm);
        register("/proc/swaps", () -> kernel.user.swapCache.swapFile.procSwaps());
        swapAreas = () -> {
            java.util.List<SwapAreas.Area> out = new java.util.ArrayList<>();
            for (org.mmsim.mm.swap.SwapInfo si : kernel.user.swapCache.swapFile.active()) {
                out.add(new SwapAreas.Area(si.path, si.partition ? "partition" : "file", (long) si.pages << 2,
                        (long) si.inusePages() << 2, si.prio));
            }
            return out;
        };
        ZswapFiles.register(this, kernel.user.swapCache.zswap());
        ZswapFiles.registerZram(this, kernel.user.swapCache.zram());
        MmSysfsFiles.register(this, kernel.sysctl, kernel.spec.thpEnabled, kernel.hugetlb);
        registerCpuFiles();
        registerNodeFiles();
        InitProcess.register(this, kernel);
        registerBlockFiles();
    }


    /** block/genhd.c and blk-sysfs.c: each disk's size, stat and the queue attributes mmsim models. */
    private void registerBlockFiles() {
        for (org.mmsim.block.BlockDevice d : kernel.disks.all()) {
            String dir = "/sys/block/" + d.name + "/";
            register(dir + "stat", () -> Diskstats.stat(d));
            register(dir + "size", () -> d.sectorsTotal() + "\n");
            register(dir + "dev", () -> d.major + ":" + d.minor + "\n");
            register(dir + "queue/rotational", () -> (d.model.rotational ? 1 : 0) + "\n");
            register(dir + "queue/nr_requests", () -> d.model.nrRequests + "\n");
            register(dir + "queue/logical_block_size", () -> "512\n");
            register(dir + "queue/read_ahead_kb", () -> d.readAheadKb() + "\n",
                    value -> d.setReadAheadKb(sysfsUnsigned(value)));
        }
    }

    /** queue_var_store(): kstrtoul of the value, EINVAL for anything else. */
    private static int sysfsUnsigned(String value) {
        try {
            long v = Long.parseLong(value.trim());
            if (v >= 0 && v <= Integer.MAX_VALUE) {
                return (int) v;
            }
        } catch (NumberFormatException e) {
            // EINVAL below
        }
        throw new KernelError(Errno.EINVAL);
    }

    /** drivers/base/cpu.c: every CPU is possible, present and online (no hotplug). */
    private void registerCpuFiles() {
        String dir = "/sys/devices/system/cpu/";
        for (String state : new String[] {"online", "possible", "present"}) {
            register(dir + state, () -> {
                boolean[] all = new boolean[kernel.zones.nrCpus()];
                Arrays.fill(all, true);
                return Bitmaps.rangeList(all) + "\n";
            });
        }
    }

    private void registerNodeFiles() {
        String dir = "/sys/devices/system/node/";
        register(dir + "online", () -> NodeFiles.nodeList(kernel, n -> true));
        register(dir + "possible", () -> NodeFiles.nodeList(kernel, n -> true));
        register(dir + "has_memory", () -> NodeFiles.nodeList(kernel, n -> n.presentPages > 0));
        register(dir + "has_normal_memory", () -> NodeFiles.nodeList(kernel, NodeFiles::hasNormalMemory));
        register(dir + "has_cpu", () -> NodeFiles.nodeList(kernel, n -> n.cpus.length > 0));
        register(dir + "has_generic_initiator", () -> NodeFiles.nodeList(kernel, n -> false));
        for (org.mmsim.mm.zone.Node node : kernel.zones.nodes()) {
            String nodeDir = dir + "node" + node.id + "/";
            register(nodeDir + "meminfo", () -> NodeMeminfo.render(node, kernel.hugetlb));
            register(nodeDir + "distance", () -> NodeFiles.distance(kernel, node.id));
            register(nodeDir + "numastat", () -> NodeFiles.numastat(node));
            register(nodeDir + "cpumap", () -> Bitmaps.hexMask(NodeFiles.cpus(kernel, node)) + "\n");
            register(nodeDir + "cpulist", () -> Bitmaps.rangeList(NodeFiles.cpus(kernel, node)) + "\n");
        }
    }

    /** Adds a file that also takes writes (which throw KernelError with Linux's errno to refuse). */
    public void register(String path, Supplier<String> renderer, java.util.function.Consumer<String> writer) {
        register(path, renderer);
        writers.put(path, writer);
    }

    public SwapAreas swapAreas() {
        return swapAreas;
    }

    /** Adds a read-only file whose content the supplier renders on each read. */
    public void register(String path, Supplier<String> renderer) {
        if (files.putIfAbsent(path, renderer) != null) {
            throw new IllegalStateException("registered twice: " + path);
        }
    }

    public String read(String path) {
        String p = normalize(path);
        if (p.startsWith(PROC_SYS)) {
            Sysctl.Entry e = kernel.sysctl.get(p.substring(PROC_SYS.length()));
            if (e != null) {
                return e.read();
            }
        }
        Supplier<String> r = files.get(p);
        if (r == null) {
            r = pidFile(p);
        }
        if (r == null) {
            throw new KernelError(isDirectory(p) ? Errno.EISDIR : Errno.ENOENT);
        }
        return r.get();
    }

    /** False for a write-only file (reading it fails with EACCES). */
    public boolean readable(String path) {
        String p = normalize(path);
        if (p.startsWith(PROC_SYS)) {
            Sysctl.Entry e = kernel.sysctl.get(p.substring(PROC_SYS.length()));
            return e == null || e.readable();
        }
        return true;
    }

    public void write(String path, String value) {
        String p = normalize(path);
        if (p.startsWith(PROC_SYS)) {
            Sysctl.Entry e = kernel.sysctl.get(p.substring(PROC_SYS.length()));
            if (e != null) {
                e.write(value);
                return;
            }
        }
        java.util.function.Consumer<String> w = writers.get(p);
        if (w == null) {
            w = pidWriter(p);
        }
        if (w != null) {
            w.accept(value);
            return;
        }
        if (files.containsKey(p) || pidFile(p) != null) {
            throw new KernelError(Errno.EACCES);
        }
        throw new KernelError(isDirectory(p) ? Errno.EISDIR : Errno.ENOENT);
    }

    public boolean exists(String path) {
        String p = normalize(path);
        return files.containsKey(p) || pidFile(p) != null || isDirectory(p)
                || (p.startsWith(PROC_SYS) && kernel.sysctl.get(p.substring(PROC_SYS.length())) != null);
    }

    /** Every file path, sorted, /proc/sys included. */
    public List<String> allFiles() {
        List<String> out = new ArrayList<>(files.keySet());
        for (org.mmsim.task.Task t : kernel.processes.all()) {
            for (String name : PidFiles.NAMES) {
                out.add("/proc/" + t.pid + "/" + name);
            }
        }
        for (Sysctl.Entry e : kernel.sysctl.all()) {
            out.add(PROC_SYS + e.name().replace('.', '/'));
        }
        out.sort(null);
        return out;
    }

    /** A file of a live task's /proc/PID directory, or null. */
    private Supplier<String> pidFile(String p) {
        org.mmsim.task.Task t = PidFiles.task(kernel, p);
        if (t == null) {
            return null;
        }
        java.util.function.BiFunction<Kernel, org.mmsim.task.Task, String> f =
                PidFiles.file(p.substring(p.lastIndexOf('/') + 1));
        if (f == null || p.indexOf('/', 6) != p.lastIndexOf('/')) {
            return null;
        }
        return () -> f.apply(kernel, t);
    }

    /** The writer of a live task's /proc/PID file, or null when there is none. */
    private java.util.function.Consumer<String> pidWriter(String p) {
        org.mmsim.task.Task t = PidFiles.task(kernel, p);
        if (t == null || p.indexOf('/', 6) != p.lastIndexOf('/')) {
            return null;
        }
        PidFiles.Writer w = PidFiles.writer(p.substring(p.lastIndexOf('/') + 1));
        return w == null ? null : text -> w.write(kernel, t, text);
    }

    private boolean isDirectory(String p) {
        String prefix = p.endsWith("/") ? p : p + "/";
        for (String f : allFiles()) {
            if (f.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The names in a directory, sorted as `LC_ALL=C ls` sorts them (/proc/self among /proc's); ENOENT
     * when the path does not exist, ENOTDIR when it is a file.
     */
    public List<String> list(String path) {
        String p = normalize(path);
        if (!p.equals("/proc") && !p.equals("/sys") && !isDirectory(p)) {
            throw new KernelError(exists(p) ? Errno.ENOTDIR : Errno.ENOENT);
        }
        String prefix = p + "/";
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (String f : allFiles()) {
            if (f.startsWith(prefix)) {
                int slash = f.indexOf('/', prefix.length());
                names.add(slash < 0 ? f.substring(prefix.length()) : f.substring(prefix.length(), slash));
            }
        }
        if (p.equals("/proc")) {
            names.add("self");
        }
        return new ArrayList<>(names);
    }

    /** The pids of /proc's process directories, init's included, in increasing order. */
    public List<Integer> pids() {
        List<Integer> out = new ArrayList<>();
        out.add(InitProcess.PID);
        for (org.mmsim.task.Task t : kernel.processes.all()) {
            out.add(t.pid);
        }
        return out;
    }

    /** /proc/self: the reader is init, which every command runs as. */
    public static String selfTarget() {
        return Integer.toString(InitProcess.PID);
    }

    static String normalize(String path) {
        String p = path.replaceAll("/+", "/");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/proc/self") || p.startsWith("/proc/self/")) {
            p = "/proc/" + selfTarget() + p.substring("/proc/self".length());
        }
        return p;
    }
}
