/*
 * The calling task's resource limits and capabilities the mapping calls consult (include/uapi/
 * linux/resource.h RLIMIT_AS, RLIMIT_DATA, RLIMIT_MEMLOCK, RLIMIT_STACK in bytes; CAP_IPC_LOCK;
 * CAP_SYS_RAWIO, which security/commoncap.c cap_mmap_addr() requires below mmap_min_addr).
 * Defaults are a non-root shell's: unlimited AS/DATA, 8 MiB memlock and stack, no capabilities.
 */
package org.mmsim.mm.vma;

public final class TaskLimits {
    public static final long RLIM_INFINITY = -1L;

    public final long rlimitAs;
    public final long rlimitData;
    public final long rlimitMemlock;
    public final long rlimitStack;
    public final boolean capIpcLock;
    public final boolean capSysRawio;

    public TaskLimits(long rlimitAs, long rlimitData, long rlimitMemlock, long rlimitStack, boolean capIpcLock,
            boolean capSysRawio) {
        this.rlimitAs = rlimitAs;
        this.rlimitData = rlimitData;
        this.rlimitMemlock = rlimitMemlock;
        this.rlimitStack = rlimitStack;
        this.capIpcLock = capIpcLock;
        this.capSysRawio = capSysRawio;
    }

    public static TaskLimits defaults() {
        return new TaskLimits(RLIM_INFINITY, RLIM_INFINITY, 8L << 20, 8L << 20, false, false);
    }

    /** Root: every capability, with the same rlimits. */
    public TaskLimits asRoot() {
        return new TaskLimits(rlimitAs, rlimitData, rlimitMemlock, rlimitStack, true, true);
    }

    public TaskLimits withMemlock(long bytes, boolean cap) {
        return new TaskLimits(rlimitAs, rlimitData, bytes, rlimitStack, cap, capSysRawio);
    }

    public TaskLimits withAs(long bytes) {
        return new TaskLimits(bytes, rlimitData, rlimitMemlock, rlimitStack, capIpcLock, capSysRawio);
    }

    public TaskLimits withData(long bytes) {
        return new TaskLimits(rlimitAs, bytes, rlimitMemlock, rlimitStack, capIpcLock, capSysRawio);
    }

    public TaskLimits withStack(long bytes) {
        return new TaskLimits(rlimitAs, rlimitData, rlimitMemlock, bytes, capIpcLock, capSysRawio);
    }

    /** An rlimit in pages; RLIM_INFINITY (all ones) shifts to a huge positive number as in the kernel. */
    static long pages(long rlimit) {
        return rlimit >>> 12;
    }

    /** can_do_mlock(): a nonzero RLIMIT_MEMLOCK or CAP_IPC_LOCK. */
    boolean canDoMlock() {
        return rlimitMemlock != 0 || capIpcLock;
    }
}
