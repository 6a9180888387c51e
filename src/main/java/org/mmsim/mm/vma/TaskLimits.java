/*
 * The calling task's resource limits and capability the mapping calls consult (include/uapi/
 * linux/resource.h RLIMIT_AS, RLIMIT_DATA, RLIMIT_MEMLOCK, RLIMIT_STACK; CAP_IPC_LOCK), in bytes.
 * Defaults are a non-root shell's: unlimited AS/DATA, 8 MiB memlock and stack.
 */
package org.mmsim.mm.vma;

public final class TaskLimits {
    public static final long RLIM_INFINITY = -1L;

    public final long rlimitAs;
    public final long rlimitData;
    public final long rlimitMemlock;
    public final long rlimitStack;
    public final boolean capIpcLock;

    public TaskLimits(long rlimitAs, long rlimitData, long rlimitMemlock, long rlimitStack, boolean capIpcLock) {
        this.rlimitAs = rlimitAs;
        this.rlimitData = rlimitData;
        this.rlimitMemlock = rlimitMemlock;
        this.rlimitStack = rlimitStack;
        this.capIpcLock = capIpcLock;
    }

    public static TaskLimits defaults() {
        return new TaskLimits(RLIM_INFINITY, RLIM_INFINITY, 8L << 20, 8L << 20, false);
    }

    public TaskLimits withMemlock(long bytes, boolean cap) {
        return new TaskLimits(rlimitAs, rlimitData, bytes, rlimitStack, cap);
    }

    public TaskLimits withAs(long bytes) {
        return new TaskLimits(bytes, rlimitData, rlimitMemlock, rlimitStack, capIpcLock);
    }

    public TaskLimits withData(long bytes) {
        return new TaskLimits(rlimitAs, bytes, rlimitMemlock, rlimitStack, capIpcLock);
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
