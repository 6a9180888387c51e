/*
 * util-linux 2.38 `mount`: with no arguments (or -l) the mount table, "SOURCE on TARGET type TYPE
 * (OPTIONS)" per /proc/mounts line; `mount -t tmpfs [-o OPTIONS] SOURCE DIR` mounts a new tmpfs
 * (fs.Vfs) on an existing directory of the simulated file system (its pages count as Shmem); other
 * types only if some layer registered them (Mounts.registerType; hugetlbfs would arrive with huge
 * pages), on a /proc or /sys directory. The options are listed, not applied. Refusals carry mount's
 * messages: a missing mount point, a type the kernel does not know, a lone operand not in the
 * (absent) /etc/fstab. Left out: remounts, bind mounts, umount, mount options' effects.
 */
package org.mmsim.shell;

import org.mmsim.procfs.Mounts;

import java.util.List;

final class MountCommand {
    static final String USAGE = "mount [-l] | mount -t TYPE [-o OPTIONS] SOURCE DIR";
    private static final String TRY = "Try 'mount --help' for more information.";
    private static final String DMESG = "\n       dmesg(1) may have more information after failed mount system call.";

    private MountCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("mount", "lt:o:", List.of(new Getopt.Long("types", 't', true),
                new Getopt.Long("options", 'o', true), new Getopt.Long("show-labels", 'l', false)),
                Getopt.words("mount", tokens), TRY);
        String type = null, options = "rw,relatime";
        for (Getopt.Option o : g.options) {
            if (o.code() == 't') {
                type = o.arg();
            } else if (o.code() == 'o') {
                options = "rw," + o.arg() + ",relatime";
            }
        }
        List<String> ops = g.operands;
        if (ops.size() > 2) {
            throw new ScenarioError("mount: bad usage\n" + TRY);
        }
        if (ops.isEmpty()) {
            return session -> {
                StringBuilder sb = new StringBuilder();
                for (Mounts.Mount m : session.procfs.mounts.all()) {
                    sb.append(m.source()).append(" on ").append(m.target()).append(" type ").append(m.type())
                            .append(" (").append(m.options()).append(")\n");
                }
                session.print(sb.toString());
            };
        }
        if (ops.size() == 1) {
            throw new ScenarioError("mount: " + ops.get(0) + ": can't find in /etc/fstab.");
        }
        String fsType = type == null ? "none" : type, opts = options;
        String source = ops.get(0), target = ops.get(1);
        return session -> {
            if (fsType.equals("tmpfs")) {
                // a real tmpfs in the file system layer, listed as Linux lists a new tmpfs mount
                try {
                    org.mmsim.fs.Filesystem fs = session.kernel.vfs.mountTmpfs(target);
                    session.procfs.mounts.add(new Mounts.Mount(source, target, fs.type(), opts));
                } catch (org.mmsim.sim.KernelError e) {
                    session.toolError("mount: " + target + ": mount point "
                            + (e.errno == org.mmsim.sim.Errno.ENOTDIR ? "is not a directory." : "does not exist.") + DMESG);
                }
            } else if (!target.equals("/") && !isDirectory(session, target)) {
                session.toolError("mount: " + target + ": mount point does not exist." + DMESG);
            } else if (!session.procfs.mounts.typeRegistered(fsType)) {
                session.toolError("mount: " + target + ": unknown filesystem type '" + fsType + "'." + DMESG);
            } else {
                session.procfs.mounts.add(new Mounts.Mount(source, target, fsType, opts));
            }
        };
    }

    private static boolean isDirectory(Session session, String path) {
        try {
            session.procfs.list(path);
            return true;
        } catch (org.mmsim.sim.KernelError e) {
            return false;
        }
    }
}
