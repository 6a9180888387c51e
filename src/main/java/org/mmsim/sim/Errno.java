/*
 * Linux errno values (include/uapi/asm-generic/errno-base.h, errno.h) that simulated calls return.
 */
package org.mmsim.sim;

public enum Errno {
    EPERM(1), ENOENT(2), ESRCH(3), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), ENOEXEC(8), EBADF(9),
    ECHILD(10), EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14), EBUSY(16), EEXIST(17), ENODEV(19),
    ENOTDIR(20), EISDIR(21), EINVAL(22), ENFILE(23), EMFILE(24), EFBIG(27), ENOSPC(28), ESPIPE(29),
    EROFS(30), ERANGE(34), ENOSYS(38), EOVERFLOW(75), EOPNOTSUPP(95);

    public final int code;

    Errno(int code) {
        this.code = code;
    }

    /** The text strerror(3) gives, as shells print it. */
    public String message() {
        switch (this) {
            case EPERM: return "Operation not permitted";
            case ENOENT: return "No such file or directory";
            case ESRCH: return "No such process";
            case EINTR: return "Interrupted system call";
            case EIO: return "Input/output error";
            case ENXIO: return "No such device or address";
            case E2BIG: return "Argument list too long";
            case ENOEXEC: return "Exec format error";
            case EBADF: return "Bad file descriptor";
            case ECHILD: return "No child processes";
            case EAGAIN: return "Resource temporarily unavailable";
            case ENOMEM: return "Cannot allocate memory";
            case EACCES: return "Permission denied";
            case EFAULT: return "Bad address";
            case EBUSY: return "Device or resource busy";
            case EEXIST: return "File exists";
            case ENODEV: return "No such device";
            case ENOTDIR: return "Not a directory";
            case EISDIR: return "Is a directory";
            case EINVAL: return "Invalid argument";
            case ENFILE: return "Too many open files in system";
            case EMFILE: return "Too many open files";
            case EFBIG: return "File too large";
            case ENOSPC: return "No space left on device";
            case ESPIPE: return "Illegal seek";
            case EROFS: return "Read-only file system";
            case ERANGE: return "Numerical result out of range";
            case ENOSYS: return "Function not implemented";
            case EOVERFLOW: return "Value too large for defined data type";
            case EOPNOTSUPP: return "Operation not supported";
            default: throw new AssertionError(this);
        }
    }
}
