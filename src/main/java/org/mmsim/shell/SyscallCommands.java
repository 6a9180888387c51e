/*
 * The memory system calls a task makes, as `TASK: [NAME =] CALL ARGS`: mmap, munmap, mprotect,
 * madvise, mremap, brk, mlock, mlock2, munlock, mlockall, munlockall, msync, mincore (mm/mmap.c,
 * mprotect.c, madvise.c, mremap.c, mlock.c, msync.c, mincore.c through the mm syscalls). Ranges are ADDR [OFFSET] LEN (buf 0 1M or
 * buf+1M 2M); set_mempolicy and get_mempolicy set and show the task's memory policy. Each call prints a line in strace's style; a call Linux refuses returns its errno to
 * the task (kept for `expect TASK.errno`, and a bound name holds -1), which is not a scenario error.
 * `brk +SIZE` / `brk -SIZE` moves the break as sbrk() does and a name bound to it holds the old
 * break. mincore prints its vector as strace does (the first 32 bytes, then ...). fd=FD maps an
 * open file (FD as open bound it, or a number).
 */
package org.mmsim.shell;

import org.mmsim.kernel.SysvShm;
import org.mmsim.mm.numa.Mempolicy;
import org.mmsim.mm.vma.Brk;
import org.mmsim.mm.vma.Madvise;
import org.mmsim.mm.vma.Mlock;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.Mprotect;
import org.mmsim.mm.vma.Mremap;
import org.mmsim.mm.vma.Munmap;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.List;

final class SyscallCommands {
    static final List<String> NAMES = List.of("mmap", "munmap", "mprotect", "madvise", "mremap", "brk", "mlock",
            "mlock2", "munlock", "mlockall", "munlockall", "msync", "mincore", "set_mempolicy", "get_mempolicy",
            "shmget", "shmat", "shmdt", "shmctl");
    static final String SHMGET_USAGE = "TASK: [NAME =] shmget private|key=N SIZE [create] [excl] [noreserve]";
    static final String SHMAT_USAGE = "TASK: [NAME =] shmat ID [rdonly]";
    static final String SHMDT_USAGE = "TASK: shmdt ADDR";
    static final String SHMCTL_USAGE = "TASK: shmctl ID rmid|stat";
    static final String MMAP_USAGE = "TASK: [NAME =] mmap LEN PROT FLAGS... [addr=ADDR] [offset=N] [fd=FD]   "
            + "(PROT: r w x letters, none or PROT_*; FLAGS: private shared anon fixed fixed_noreplace populate "
            + "noreserve growsdown locked ... or MAP_*)";
    static final String MUNMAP_USAGE = "TASK: munmap ADDR [OFFSET] LEN";
    static final String MPROTECT_USAGE = "TASK: mprotect ADDR [OFFSET] LEN PROT";
    static final String MADVISE_USAGE = "TASK: madvise ADDR [OFFSET] LEN ADVICE   (dontneed, free, willneed, "
            + "cold, pageout, populate_read, ... or MADV_*)";
    static final String MREMAP_USAGE = "TASK: [NAME =] mremap ADDR OLD_LEN NEW_LEN [maymove] [dontunmap] "
            + "[fixed addr=NEW_ADDR]";
    static final String BRK_USAGE = "TASK: [NAME =] brk +SIZE | -SIZE | ADDR";
    static final String MLOCK_USAGE = "TASK: mlock ADDR [OFFSET] LEN";
    static final String MUNLOCK_USAGE = "TASK: munlock ADDR [OFFSET] LEN";
    static final String MLOCKALL_USAGE = "TASK: mlockall current|future|onfault...   (or MCL_*)";
    static final String MUNLOCKALL_USAGE = "TASK: munlockall";
    static final String MLOCK2_USAGE = "TASK: mlock2 ADDR [OFFSET] LEN [onfault]   (or MLOCK_ONFAULT)";
    static final String MSYNC_USAGE = "TASK: msync ADDR [OFFSET] LEN sync|async [invalidate]   (or MS_*)";
    static final String MINCORE_USAGE = "TASK: mincore ADDR [OFFSET] LEN";
    static final String SET_MEMPOLICY_USAGE = "TASK: set_mempolicy default|local|preferred|bind|interleave [NODES]   "
            + "(NODES: 0,2-3 or all)";
    static final String GET_MEMPOLICY_USAGE = "TASK: get_mempolicy";
    /** The maxnode set_mempolicy and get_mempolicy are called with: one long of nodemask. */
    private static final int MAXNODE = Mempolicy.MAX_NUMNODES;
    /** strace's names of the policy modes, by mode. */
    private static final String[] MPOL_NAMES = {"MPOL_DEFAULT", "MPOL_PREFERRED", "MPOL_BIND", "MPOL_INTERLEAVE",
        "MPOL_LOCAL"};
    /** strace's default -s: arrays print this many elements, then "...". */
    private static final int STRACE_ARRAY_MAX = 32;

    /** One call: builds strace's text of it in `text` from the evaluated arguments, then makes it. */
    @FunctionalInterface
    private interface Call {
        long run(Session session, ScenarioProcess p, StringBuilder text);
    }

    /** A call on one range of the task's address space. */
    @FunctionalInterface
    private interface RangeCall {
        void run(ScenarioProcess p, long start, long len);
    }

    private SyscallCommands() {
    }

    static void registerAll(Commands c) {
        c.register("mmap", MMAP_USAGE, TaskAddress.ADDRESS, SyscallCommands::mmap);
        c.register("munmap", MUNMAP_USAGE, null, SyscallCommands::munmap);
        c.register("mprotect", MPROTECT_USAGE, null, SyscallCommands::mprotect);
        c.register("madvise", MADVISE_USAGE, null, SyscallCommands::madvise);
        c.register("set_mempolicy", SET_MEMPOLICY_USAGE, null, SyscallCommands::setMempolicy);
        c.register("get_mempolicy", GET_MEMPOLICY_USAGE, null, SyscallCommands::getMempolicy);
        c.register("mremap", MREMAP_USAGE, TaskAddress.ADDRESS, SyscallCommands::mremap);
        c.register("brk", BRK_USAGE, TaskAddress.ADDRESS, SyscallCommands::brk);
        c.register("mlock", MLOCK_USAGE, null, SyscallCommands::mlock);
        c.register("munlock", MUNLOCK_USAGE, null, SyscallCommands::munlock);
        c.register("mlockall", MLOCKALL_USAGE, null, SyscallCommands::mlockall);
        c.register("munlockall", MUNLOCKALL_USAGE, null, SyscallCommands::munlockall);
        c.register("mlock2", MLOCK2_USAGE, null, SyscallCommands::mlock2);
        c.register("msync", MSYNC_USAGE, null, SyscallCommands::msync);
        c.register("mincore", MINCORE_USAGE, null, SyscallCommands::mincore);
        c.register("shmget", SHMGET_USAGE, TaskAddress.ADDRESS, SyscallCommands::shmget);
        c.register("shmat", SHMAT_USAGE, TaskAddress.ADDRESS, SyscallCommands::shmat);
        c.register("shmdt", SHMDT_USAGE, null, SyscallCommands::shmdt);
        c.register("shmctl", SHMCTL_USAGE, null, SyscallCommands::shmctl);
    }

    /** ADDR [OFFSET] LEN from positionals [from, from + 2 or 3): the start and the length. */
    record Range(TaskAddress addr, long offset, long len) {
        static Range parse(String command, Args args, int from, int count, ParseContext context) {
            TaskAddress a = TaskAddress.parse(command, args.positional(from), context);
            if (count == 3) {
                return new Range(a, Sizes.parse(args.positional(from + 1)), Sizes.parse(args.positional(from + 2)));
            }
            return new Range(a, 0, Sizes.parse(args.positional(from + 1)));
        }

        long start(ScenarioProcess p) {
            return addr.value(p) + offset;
        }
    }

    private static Step mmap(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("mmap", MMAP_USAGE, tokens, 2, Integer.MAX_VALUE, "addr", "offset", "fd");
        FileCommands.Fd fd = args.get("fd") == null ? null : FileCommands.Fd.parse("mmap", args.get("fd"), context);
        long len = Sizes.parse(args.positional(0));
        int prot = Strace.prot("mmap", args.positional(1));
        int flags = 0;
        for (int i = 2; i < args.positionalCount(); i++) {
            flags |= Strace.MAP.parseAll("mmap", args.positional(i));
        }
        TaskAddress hint = args.get("addr") == null ? null : TaskAddress.parse("mmap", args.get("addr"), context);
        long offset = Sizes.parse(args.get("offset", "0"));
        int f = flags;
        return step(context, true, (session, p, text) -> {
            long addr = hint == null ? 0 : hint.value(p);
            long fdNumber = fd == null ? -1 : fd.value(p);
            text.append("mmap(").append(Strace.addr(addr)).append(", ").append(len).append(", ")
                    .append(Strace.prot(prot)).append(", ").append(Strace.mapFlags(f)).append(", ").append(fdNumber)
                    .append(", ").append(offset == 0 ? "0" : String.format("%#x", offset)).append(')');
            VmFile file = null;
            if (fd != null && (f & Mman.MAP_ANONYMOUS) == 0) {
                file = session.kernel.vfs.forMmap(p.task.files, fdNumber).vmFile();
            }
            return Mmap.mmap(p.task.mm(), p.task.limits(), addr, len, prot, f, file, offset);
        });
    }

    private static Step shmget(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("shmget", SHMGET_USAGE, tokens, 1, 4, "key");
        int keyIndex = args.get("key") == null ? 1 : 0;
        if (keyIndex == 1 && !args.positional(0).equals("private")) {
            throw new ScenarioError("shmget: expected private or key=N, got " + args.positional(0));
        }
        int key = keyIndex == 1 ? SysvShm.IPC_PRIVATE : (int) Sizes.parse(args.get("key"));
        long size = Sizes.parse(args.positional(keyIndex));
        int flags = 0600;
        for (int i = keyIndex + 1; i < args.positionalCount(); i++) {
            switch (args.positional(i)) {
                case "create" -> flags |= SysvShm.IPC_CREAT;
                case "excl" -> flags |= SysvShm.IPC_EXCL;
                case "noreserve" -> flags |= SysvShm.SHM_NORESERVE;
                default -> throw new ScenarioError("shmget: expected create, excl or noreserve, got "
                        + args.positional(i));
            }
        }
        int f = flags;
        return step(context, false, (session, p, text) -> {
            text.append("shmget(").append(key == SysvShm.IPC_PRIVATE ? "IPC_PRIVATE" : String.format("%#x", key))
                    .append(", ").append(size).append(", ");
            if ((f & SysvShm.IPC_CREAT) != 0) {
                text.append("IPC_CREAT|");
            }
            if ((f & SysvShm.IPC_EXCL) != 0) {
                text.append("IPC_EXCL|");
            }
            if ((f & SysvShm.SHM_NORESERVE) != 0) {
                text.append("SHM_NORESERVE|");
            }
            text.append(String.format("%#o", f & 0777)).append(')');
            return session.kernel.shm.shmget(p.task.mm(), key, size, f);
        });
    }

    private static Step shmat(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("shmat", SHMAT_USAGE, tokens, 1, 2);
        TaskAddress id = TaskAddress.parse("shmat", args.positional(0), context);
        if (args.positionalCount() == 2 && !args.positional(1).equals("rdonly")) {
            throw new ScenarioError("shmat: expected rdonly, got " + args.positional(1));
        }
        int flags = args.positionalCount() == 2 ? SysvShm.SHM_RDONLY : 0;
        return step(context, true, (session, p, text) -> {
            int shmid = (int) id.value(p);
            text.append("shmat(").append(shmid).append(", NULL, ").append(flags == 0 ? "0" : "SHM_RDONLY").append(')');
            return session.kernel.shm.shmat(p.task, shmid, flags);
        });
    }

    private static Step shmdt(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("shmdt", SHMDT_USAGE, tokens, 1, 1);
        TaskAddress addr = TaskAddress.parse("shmdt", args.positional(0), context);
        return step(context, false, (session, p, text) -> {
            long a = addr.value(p);
            text.append("shmdt(").append(Strace.addr(a)).append(')');
            session.kernel.shm.shmdt(p.task, a);
            return 0;
        });
    }

    private static Step shmctl(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("shmctl", SHMCTL_USAGE, tokens, 2, 2);
        TaskAddress id = TaskAddress.parse("shmctl", args.positional(0), context);
        String cmd = args.positional(1);
        if (!cmd.equals("rmid") && !cmd.equals("stat")) {
            throw new ScenarioError("shmctl: expected rmid or stat, got " + cmd);
        }
        return step(context, false, (session, p, text) -> {
            int shmid = (int) id.value(p);
            if (cmd.equals("rmid")) {
                text.append("shmctl(").append(shmid).append(", IPC_RMID, NULL)");
                session.kernel.shm.rmid(shmid);
                return 0;
            }
            text.append("shmctl(").append(shmid).append(", IPC_STAT, ");
            SysvShm.Segment s;
            try {
                s = session.kernel.shm.lookup(shmid);
            } catch (KernelError e) {
                // strace shows the unfilled buffer's address: one on the task's stack
                text.append(Strace.addr(p.task.mm().startStack)).append(')');
                throw e;
            }
            // strace's rendering of struct shmid64_ds (owners are root)
            text.append(String.format("{shm_perm={uid=0, gid=0, mode=%#o, key=%d, cuid=0, cgid=0}, shm_segsz=%s, "
                    + "shm_cpid=%d, shm_lpid=%d, shm_nattch=%d, shm_atime=%d, shm_dtime=%d, shm_ctime=%d})",
                    s.mode(), s.key(), Long.toUnsignedString(s.size), s.cpid, s.lpid(), s.nattch(), s.atime(),
                    s.dtime(), s.ctime()));
            return 0;
        });
    }

    private static Step munmap(List<Tokenizer.Token> tokens, ParseContext context) {
        return rangeCall("munmap", MUNMAP_USAGE, tokens, context, (p, start, len) -> Munmap.munmap(p.task.mm(), start, len));
    }

    private static Step mprotect(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("mprotect", MPROTECT_USAGE, tokens, 3, 4);
        int n = args.positionalCount();
        Range r = Range.parse("mprotect", args, 0, n - 1, context);
        int prot = Strace.prot("mprotect", args.positional(n - 1));
        return step(context, false, (session, p, text) -> {
            long start = r.start(p);
            text.append("mprotect(").append(Strace.addr(start)).append(", ").append(r.len()).append(", ")
                    .append(Strace.prot(prot)).append(')');
            Mprotect.mprotect(p.task.mm(), p.task.limits(), start, r.len(), prot);
            return 0;
        });
    }

    private static Step madvise(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("madvise", MADVISE_USAGE, tokens, 3, 4);
        int n = args.positionalCount();
        Range r = Range.parse("madvise", args, 0, n - 1, context);
        int advice = Strace.MADV.parse("madvise", args.positional(n - 1));
        return step(context, false, (session, p, text) -> {
            long start = r.start(p);
            text.append("madvise(").append(Strace.addr(start)).append(", ").append(r.len()).append(", ")
                    .append(Strace.MADV.name(advice)).append(')');
            Madvise.madvise(p.task.mm(), start, r.len(), advice);
            return 0;
        });
    }

    /** set_mempolicy(mode, nodemask, maxnode): the task's policy for its later allocations. */
    private static Step setMempolicy(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("set_mempolicy", SET_MEMPOLICY_USAGE, tokens, 1, 2);
        int mode = Mempolicy.modeOf(args.positional(0));
        if (mode < 0) {
            throw new ScenarioError("set_mempolicy: unknown mode \"" + args.positional(0) + "\" (usage: "
                    + SET_MEMPOLICY_USAGE + ")");
        }
        long online = NumactlCommand.onlineNodes(context);
        long nodes;
        try {
            nodes = args.positionalCount() < 2 ? 0 : Mempolicy.parseNodelist(args.positional(1), online);
        } catch (KernelError e) {
            throw new ScenarioError("set_mempolicy: bad node list \"" + args.positional(1) + "\" (usage: "
                    + SET_MEMPOLICY_USAGE + ")");
        }
        return step(context, false, (session, p, text) -> {
            text.append("set_mempolicy(").append(MPOL_NAMES[mode]).append(", ")
                    .append(nodes == 0 ? "NULL" : "[0x" + Long.toHexString(nodes) + "]").append(", ")
                    .append(nodes == 0 ? 0 : MAXNODE).append(')');
            p.task.setMempolicy(Mempolicy.create(mode, nodes, online));
            return 0;
        });
    }

    /** get_mempolicy(&mode, nodemask, maxnode, NULL, 0): the task's policy, shown as strace shows the results. */
    private static Step getMempolicy(List<Tokenizer.Token> tokens, ParseContext context) {
        new Args("get_mempolicy", GET_MEMPOLICY_USAGE, tokens, 0, 0);
        return step(context, false, (session, p, text) -> {
            Mempolicy pol = p.task.mempolicy();
            text.append("get_mempolicy([").append(MPOL_NAMES[pol.mode]).append("], [0x")
                    .append(Long.toHexString(pol.nodes)).append("], ").append(MAXNODE).append(", NULL, 0)");
            return 0;
        });
    }

    private static Step mremap(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("mremap", MREMAP_USAGE, tokens, 3, 6, "addr");
        TaskAddress old = TaskAddress.parse("mremap", args.positional(0), context);
        long oldLen = Sizes.parse(args.positional(1));
        long newLen = Sizes.parse(args.positional(2));
        int flags = 0;
        for (int i = 3; i < args.positionalCount(); i++) {
            flags |= Strace.MREMAP.parseAll("mremap", args.positional(i));
        }
        TaskAddress target = args.get("addr") == null ? null : TaskAddress.parse("mremap", args.get("addr"), context);
        if ((flags & Mman.MREMAP_FIXED) != 0 && target == null) {
            throw new ScenarioError("mremap: fixed needs addr=NEW_ADDR (usage: " + MREMAP_USAGE + ")");
        }
        int f = flags;
        return step(context, true, (session, p, text) -> {
            long from = old.value(p);
            long to = target == null ? 0 : target.value(p);
            text.append("mremap(").append(Strace.addr(from)).append(", ").append(oldLen).append(", ").append(newLen)
                    .append(", ").append(Strace.MREMAP.format(f));
            if ((f & Mman.MREMAP_FIXED) != 0) {
                text.append(", ").append(Strace.addr(to));
            }
            text.append(')');
            return Mremap.mremap(p.task.mm(), p.task.limits(), from, oldLen, newLen, f, to);
        });
    }

    private static Step brk(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("brk", BRK_USAGE, tokens, 1, 1);
        String a = args.positional(0);
        boolean relative = a.startsWith("+") || a.startsWith("-");
        long delta = relative ? Sizes.parse(a.substring(1)) * (a.startsWith("-") ? -1 : 1) : 0;
        TaskAddress absolute = relative ? null : TaskAddress.parse("brk", a, context);
        String task = context.task();
        String name = bindAddress(context);
        return session -> {
            ScenarioProcess p = ScenarioProcess.running(session, task);
            if (p == null) {
                return;
            }
            long old = p.task.mm().brk;
            long wanted = relative ? old + delta : absolute.value(p);
            long now = Brk.brk(p.task.mm(), p.task.limits(), wanted);
            // glibc's brk() and sbrk() turn a break that did not move as asked into ENOMEM
            boolean failed = now != wanted;
            p.errno = failed ? Errno.ENOMEM : null;
            if (name != null) {
                p.values.put(name, failed ? -1 : old);
            }
            session.println(task + ": brk(" + Strace.addr(wanted) + ") = " + Strace.addr(now));
        };
    }

    private static Step mlock(List<Tokenizer.Token> tokens, ParseContext context) {
        return rangeCall("mlock", MLOCK_USAGE, tokens, context,
                (p, start, len) -> Mlock.mlock(p.task.mm(), p.task.limits(), start, len));
    }

    private static Step munlock(List<Tokenizer.Token> tokens, ParseContext context) {
        return rangeCall("munlock", MUNLOCK_USAGE, tokens, context, (p, start, len) -> Mlock.munlock(p.task.mm(), start, len));
    }

    /** A call whose only arguments are one range, ADDR [OFFSET] LEN, shown as strace does: name(start, len) = 0. */
    private static Step rangeCall(String name, String usage, List<Tokenizer.Token> tokens, ParseContext context,
                                  RangeCall call) {
        Args args = new Args(name, usage, tokens, 2, 3);
        Range r = Range.parse(name, args, 0, args.positionalCount(), context);
        return step(context, false, (session, p, text) -> {
            long start = r.start(p);
            text.append(name).append('(').append(Strace.addr(start)).append(", ").append(r.len()).append(')');
            call.run(p, start, r.len());
            return 0;
        });
    }

    private static Step mlockall(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("mlockall", MLOCKALL_USAGE, tokens, 1, 3);
        int flags = 0;
        for (int i = 0; i < args.positionalCount(); i++) {
            flags |= Strace.MCL.parseAll("mlockall", args.positional(i));
        }
        int f = flags;
        return step(context, false, (session, p, text) -> {
            text.append("mlockall(").append(Strace.MCL.format(f)).append(')');
            Mlock.mlockall(p.task.mm(), p.task.limits(), f);
            return 0;
        });
    }

    private static Step munlockall(List<Tokenizer.Token> tokens, ParseContext context) {
        new Args("munlockall", MUNLOCKALL_USAGE, tokens, 0, 0);
        return step(context, false, (session, p, text) -> {
            text.append("munlockall()");
            Mlock.munlockall(p.task.mm());
            return 0;
        });
    }

    /** A range then flag words of one family, as in `mlock2 buf 0 1M onfault` or `msync buf 4K sync`. */
    private static Step rangeAndFlags(String name, String usage, Strace.Family family, int minFlags,
            List<Tokenizer.Token> tokens, ParseContext context, FlagsCall call) {
        Args args = new Args(name, usage, tokens, 2 + minFlags, 6);
        int n = args.positionalCount();
        int rangeWords = n >= 3 && !args.positional(2).matches("[A-Za-z_|]+") ? 3 : 2;
        Range r = Range.parse(name, args, 0, rangeWords, context);
        int flags = 0;
        for (int i = rangeWords; i < n; i++) {
            flags |= family.parseAll(name, args.positional(i));
        }
        if (n - rangeWords < minFlags) {
            throw new ScenarioError(name + ": missing argument (usage: " + usage + ")");
        }
        int f = flags;
        return step(context, false, (session, p, text) -> {
            long start = r.start(p);
            text.append(name).append('(').append(Strace.addr(start)).append(", ").append(r.len()).append(", ")
                    .append(f == 0 ? "0" : family.format(f)).append(')');
            call.run(p, start, r.len(), f);
            return 0;
        });
    }

    /** A call on a range with flags. */
    @FunctionalInterface
    private interface FlagsCall {
        void run(ScenarioProcess p, long start, long len, int flags);
    }

    private static Step mlock2(List<Tokenizer.Token> tokens, ParseContext context) {
        return rangeAndFlags("mlock2", MLOCK2_USAGE, Strace.MLOCK, 0, tokens, context,
                (p, start, len, f) -> Mlock.mlock2(p.task.mm(), p.task.limits(), start, len, f));
    }

    private static Step msync(List<Tokenizer.Token> tokens, ParseContext context) {
        return rangeAndFlags("msync", MSYNC_USAGE, Strace.MS, 1, tokens, context,
                (p, start, len, f) -> p.task.msync(start, len, f));
    }

    /** mincore(2): strace shows the vector, or on failure the caller's buffer, which has no address here. */
    private static Step mincore(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("mincore", MINCORE_USAGE, tokens, 2, 3);
        Range r = Range.parse("mincore", args, 0, args.positionalCount(), context);
        return step(context, false, (session, p, text) -> {
            long start = r.start(p);
            text.append("mincore(").append(Strace.addr(start)).append(", ").append(r.len()).append(", ");
            int mark = text.length();
            text.append("[])");
            byte[] vec = p.task.mincore(start, r.len());
            text.setLength(mark);
            text.append('[');
            for (int i = 0; i < vec.length && i < STRACE_ARRAY_MAX; i++) {
                text.append(i > 0 ? ", " : "").append(vec[i]);
            }
            text.append(vec.length > STRACE_ARRAY_MAX ? ", ...])" : "])");
            return 0;
        });
    }

    /** The name this line binds among its task's names; a name bound before is re-bound (an address is a value). */
    private static String bindAddress(ParseContext context) {
        String name = context.bindName();
        if (name != null) {
            Bindings b = context.lineBindings();
            if (b.live().contains(name)) {
                b.release("rebind", name, TaskAddress.ADDRESS, context.line());
            }
            b.bind(name, TaskAddress.ADDRESS, context.line());
        }
        return name;
    }

    /** Runs a call in the line's task and prints it as strace would; a refusal sets the task's errno. */
    private static Step step(ParseContext context, boolean returnsAddress, Call call) {
        String task = context.task();
        String name = bindAddress(context);
        return session -> {
            ScenarioProcess p = ScenarioProcess.running(session, task);
            if (p == null) {
                return;
            }
            StringBuilder text = new StringBuilder();
            String shown;
            long value;
            try {
                value = call.run(session, p, text);
                p.errno = null;
                shown = returnsAddress ? Strace.addr(value) : Long.toString(value);
            } catch (KernelError e) {
                p.errno = e.errno;
                shown = Strace.error(e.errno);
                value = -1;
            }
            if (name != null) {
                p.values.put(name, value);
            }
            session.println(task + ": " + text + " = " + shown);
        };
    }
}
