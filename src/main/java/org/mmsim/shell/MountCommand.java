/*
 * util-linux 2.38 `mount`: with no arguments (or -l) the mount table, "SOURCE on TARGET type TYPE
 * (OPTIONS)" per /proc/mounts line; `mount -t tmpfs [-o OPTIONS] SOURCE DIR` mounts a new tmpfs
 * (fs.Vfs) on an existing directory of the simulated file system (its pages count as Shmem); other
 * types only if some layer registered them (Mounts.registerType; hugetlbfs would arrive with huge
 * pages), on a /proc or /sys directory. The options are listed; tmpfs applies size= (bytes with a
 * K/M/G suffix, or N% of RAM) as its limit. Refusals carry mount's
 * messages: a missing mount point, a type the kernel does not know, a lone operand not in the
 * (absent) /etc/fstab. Left out: remounts, bind mounts, umount, the other options' effects.
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
                    long maxBlocks = tmpfsSize(opts, session.kernel.zones.totalramPages());
                    if (maxBlocks == BAD_VALUE) {
                        session.kernel.printk.log(org.mmsim.sim.Printk.KERN_ERR, "tmpfs: Bad value for 'size'");
                        session.toolError("mount: " + target + ": wrong fs type, bad option, bad superblock on "
                                + source + ", missing codepage or helper program, or other error." + DMESG);
                        return;
                    }
                    org.mmsim.fs.Filesystem fs = session.kernel.vfs.mountTmpfs(target, maxBlocks);
                    session.procfs.mounts.add(new Mounts.Mount(source, target, fs.type(),
                            tmpfsOptions(opts, maxBlocks, session.kernel.zones.totalramPages())));
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

    private static final long BAD_VALUE = Long.MIN_VALUE;
    /** memparse()'s number (decimal or 0x hex), its suffix, and shmem's optional percent sign. */
    private static final java.util.regex.Pattern TMPFS_SIZE =
            java.util.regex.Pattern.compile("(0x[0-9a-fA-F]+|[0-9]+)([kKmMgGtTpPeE]?)(%?)");

    /**
     * shmem_parse_one()'s size=: memparse (K, M, G, T, P, E suffixes) or a percentage of RAM,
     * rounded up to pages; -1 without size= (half of RAM), BAD_VALUE if it does not parse.
     */
    static long tmpfsSize(String options, long totalramPages) {
        long blocks = -1;
        for (String o : options.split(",")) {
            if (!o.startsWith("size=")) {
                continue;
            }
            java.util.regex.Matcher m = TMPFS_SIZE.matcher(o.substring(5));
            if (!m.matches()) {
                return BAD_VALUE;
            }
            String digits = m.group(1);
            long size = digits.startsWith("0x") ? Long.parseUnsignedLong(digits.substring(2), 16) : Long.parseLong(digits);
            size <<= m.group(2).isEmpty() ? 0 : 10 * ("kmgtpe".indexOf(Character.toLowerCase(m.group(2).charAt(0))) + 1);
            if (!m.group(3).isEmpty()) {
                size = (size << 12) * totalramPages / 100;
            }
            blocks = (size + 4095) >>> 12;
        }
        return blocks;
    }

    /** shmem_show_options(): size= shown in kB, last, and only when it is not the default half of RAM. */
    private static String tmpfsOptions(String options, long maxBlocks, long totalramPages) {
        StringBuilder sb = new StringBuilder();
        for (String o : options.split(",")) {
            if (!o.startsWith("size=")) {
                sb.append(sb.length() == 0 ? "" : ",").append(o);
            }
        }
        if (maxBlocks >= 0 && maxBlocks != totalramPages / 2) {
            sb.append(",size=").append(maxBlocks << 2).append('k');
        }
        return sb.toString();
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
