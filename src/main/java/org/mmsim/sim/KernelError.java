/*
 * A refusal by the simulated kernel, carrying the errno Linux returns. Thrown only across the
 * syscall boundary; the operation that throws it must have changed nothing.
 */
package org.mmsim.sim;

public final class KernelError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public final Errno errno;

    public KernelError(Errno errno) {
        this(errno, errno.message());
    }

    public KernelError(Errno errno, String detail) {
        super(detail, null, false, false);
        this.errno = errno;
    }
}
