/*
 * A task's descriptor table (struct files_struct): descriptors 0-2 are the standard streams (not
 * modelled as files), new ones take the lowest free number (alloc_fd), up to RLIMIT_NOFILE's
 * default soft limit of 1024. fork() copies the table, sharing the open files.
 */
package org.mmsim.fs;

import java.util.Arrays;

public final class FileTable {
    public static final int NOFILE = 1024;
    private static final int FIRST = 3;
    private OpenFile[] fds = new OpenFile[16];

    /** The open file behind fd, or null. */
    public OpenFile get(long fd) {
        return fd < 0 || fd >= fds.length ? null : fds[(int) fd];
    }

    /** The lowest free descriptor for f; -1 when all NOFILE are taken. */
    int install(OpenFile f) {
        for (int fd = FIRST; fd < NOFILE; fd++) {
            if (fd >= fds.length) {
                fds = Arrays.copyOf(fds, Math.min(NOFILE, 2 * fds.length));
            }
            if (fds[fd] == null) {
                fds[fd] = f;
                return fd;
            }
        }
        return -1;
    }

    OpenFile remove(long fd) {
        OpenFile f = get(fd);
        if (f != null) {
            fds[(int) fd] = null;
        }
        return f;
    }

    /** dup_fd(): the child's table shares every open file. */
    public FileTable copy() {
        FileTable t = new FileTable();
        t.fds = fds.clone();
        for (OpenFile f : t.fds) {
            if (f != null) {
                f.refs++;
            }
        }
        return t;
    }

    /** Every descriptor in use, ascending. */
    public int[] open() {
        int n = 0;
        int[] out = new int[fds.length];
        for (int fd = 0; fd < fds.length; fd++) {
            if (fds[fd] != null) {
                out[n++] = fd;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
