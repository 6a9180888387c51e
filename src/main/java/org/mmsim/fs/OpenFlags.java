/*
 * open(2)'s flags with x86-64's values (include/uapi/asm-generic/fcntl.h), the lseek whences and
 * the posix_fadvise advice values (include/uapi/linux/fadvise.h), and fallocate's modes
 * (include/uapi/linux/falloc.h).
 */
package org.mmsim.fs;

public final class OpenFlags {
    public static final int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_ACCMODE = 3;
    public static final int O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000, O_APPEND = 02000;
    public static final int O_DSYNC = 010000, O_DIRECT = 040000, O_DIRECTORY = 0200000;
    public static final int O_SYNC = 04000000 | O_DSYNC;
    public static final int SEEK_SET = 0, SEEK_CUR = 1, SEEK_END = 2;
    public static final int POSIX_FADV_NORMAL = 0, POSIX_FADV_RANDOM = 1, POSIX_FADV_SEQUENTIAL = 2,
            POSIX_FADV_WILLNEED = 3, POSIX_FADV_DONTNEED = 4, POSIX_FADV_NOREUSE = 5;
    public static final int FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2;

    private OpenFlags() {
    }
}
