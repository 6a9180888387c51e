/*
 * Writes the simulated /proc and /sys out as an ordinary directory tree (DIR/proc/..., DIR/sys/...),
 * every file ProcFs has, /proc/sys included, each rendered once at the moment of export, so that
 * real tools (free, vmstat, slabtop, numactl, numastat) can read it, e.g. with DIR/proc bind-mounted
 * over /proc in a private mount namespace; /proc/self is a symbolic link to init's directory, the
 * reader's. No Linux counterpart (it is a snapshot, not a live
 * filesystem: reading a file again does not re-render it). Refuses a DIR that exists and is not
 * empty, so nothing is ever overwritten.
 */
package org.mmsim.procfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

public final class Export {
    private Export() {
    }

    /** Why an export was refused or failed: the message to show after the command's name. */
    public static final class Failed extends Exception {
        private static final long serialVersionUID = 1L;

        Failed(String message) {
            super(message, null, false, false);
        }
    }

    /** Refuses a dir that exists and is not an empty directory (checked again by write). */
    public static void check(Path dir) throws Failed {
        if (Files.exists(dir)) {
            if (!Files.isDirectory(dir)) {
                throw new Failed(dir + ": exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new Failed(dir + ": directory exists and is not empty (refusing to overwrite)");
                }
            } catch (IOException e) {
                throw new Failed(dir + ": " + reason(e));
            }
        }
    }

    /** Writes every file of procfs under dir; returns how many files it wrote. */
    public static int write(ProcFs procfs, Path dir) throws Failed {
        check(dir);
        int n = 0;
        for (String file : procfs.allFiles()) {
            Path target = dir.resolve(file.substring(1));
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, procfs.readable(file) ? procfs.read(file) : "", StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new Failed(target + ": " + reason(e));
            }
            n++;
        }
        try {
            Files.createSymbolicLink(dir.resolve("proc/self"), Path.of(ProcFs.selfTarget()));
        } catch (IOException e) {
            throw new Failed(dir.resolve("proc/self") + ": " + reason(e));
        }
        return n;
    }

    private static String reason(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + " "
                + e.getMessage();
    }
}
