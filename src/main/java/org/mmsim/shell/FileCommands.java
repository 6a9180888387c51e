/*
 * The file system calls a task makes (fs.Vfs), as `TASK: [NAME =] CALL ARGS`: open, close, read,
 * write, pread, pwrite, lseek, fsync, fdatasync, ftruncate, fallocate, fadvise (posix_fadvise),
 * unlink; and the shell's own `mkdir [-p] PATH`, `touch PATH...` (with bash's {A..B} ranges) and `sync` (waits for every dirty page to reach its
 * disk; `sleep` lets simulated time pass while flushers and I/O completions run). A descriptor is a name bound by open or a number. Data is not
 * given: write and pwrite store LEN bytes of one value (byte=N, default 0x5a), read and pread
 * discard what they read. Each call prints a line as `strace -s 0` would (buffers as ""...);
 * a refused call sets the task's errno, as the memory calls do.
 * Left out: file names relative to a working directory, open's mode argument (files are 0666 & ~umask
 * as far as anything here can tell), readv/writev.
 */
package org.mmsim.shell;

import org.mmsim.fs.FileTable;
import org.mmsim.fs.OpenFlags;
import org.mmsim.sim.KernelError;

import java.util.List;

final class FileCommands {
    /** What `NAME = open ...` binds. */
    static final String FD = "a file descriptor";
    static final List<String> NAMES = List.of("open", "close", "pread", "pwrite", "lseek", "fsync", "fdatasync",
            "ftruncate", "fallocate", "fadvise", "posix_fadvise", "unlink");
    static final String OPEN_USAGE = "TASK: [NAME =] open PATH [FLAGS...]   (FLAGS: r w rw create excl trunc "
            + "append direct sync dsync directory, or O_*)";
    static final String CLOSE_USAGE = "TASK: close FD";
    static final String READ_USAGE = "TASK: read FD LEN";
    static final String WRITE_USAGE = "TASK: write FD LEN [byte=N]";
    static final String PREAD_USAGE = "TASK: pread FD OFFSET LEN";
    static final String PWRITE_USAGE = "TASK: pwrite FD OFFSET LEN [byte=N]";
    static final String LSEEK_USAGE = "TASK: lseek FD OFFSET [set|cur|end]";
    static final String FSYNC_USAGE = "TASK: fsync FD";
    static final String FDATASYNC_USAGE = "TASK: fdatasync FD";
    static final String FTRUNCATE_USAGE = "TASK: ftruncate FD LEN";
    static final String FALLOCATE_USAGE = "TASK: fallocate FD OFFSET LEN [keep_size] [punch_hole]";
    static final String FADVISE_USAGE = "TASK: fadvise FD OFFSET LEN ADVICE   (normal, random, sequential, "
            + "willneed, dontneed, noreuse, or POSIX_FADV_*)";
    static final String UNLINK_USAGE = "TASK: unlink PATH";
    static final String MKDIR_USAGE = "mkdir [-p] PATH";
    static final String SYNC_USAGE = "sync";
    static final String TOUCH_USAGE = "touch PATH...   (a {A..B} range in a PATH makes one file per number)";
    /** The most files one touch line may name after range expansion. */
    static final int TOUCH_MAX_FILES = 1_000_000;
    private static final java.util.regex.Pattern RANGE = java.util.regex.Pattern.compile("\\{(\\d+)\\.\\.(\\d+)\\}");
    /** The byte write and pwrite store when none is given. */
    static final int DEFAULT_BYTE = 0x5a;

    private static final Strace.Family OPEN = Strace.family("open flag", "O_", "O_RDONLY", OpenFlags.O_RDONLY,
            "O_WRONLY", OpenFlags.O_WRONLY, "O_RDWR", OpenFlags.O_RDWR, "O_CREAT", OpenFlags.O_CREAT,
            "O_EXCL", OpenFlags.O_EXCL, "O_TRUNC", OpenFlags.O_TRUNC, "O_APPEND", OpenFlags.O_APPEND,
            "O_SYNC", OpenFlags.O_SYNC, "O_DSYNC", OpenFlags.O_DSYNC, "O_DIRECT", OpenFlags.O_DIRECT,
            "O_DIRECTORY", OpenFlags.O_DIRECTORY);
    private static final Strace.Family FADVISE = Strace.family("advice", "POSIX_FADV_", "POSIX_FADV_NORMAL",
            OpenFlags.POSIX_FADV_NORMAL, "POSIX_FADV_RANDOM", OpenFlags.POSIX_FADV_RANDOM, "POSIX_FADV_SEQUENTIAL",
            OpenFlags.POSIX_FADV_SEQUENTIAL, "POSIX_FADV_WILLNEED", OpenFlags.POSIX_FADV_WILLNEED,
            "POSIX_FADV_DONTNEED", OpenFlags.POSIX_FADV_DONTNEED, "POSIX_FADV_NOREUSE", OpenFlags.POSIX_FADV_NOREUSE);
    private static final Strace.Family FALLOC = Strace.family("fallocate mode", "FALLOC_FL_", "FALLOC_FL_KEEP_SIZE",
            OpenFlags.FALLOC_FL_KEEP_SIZE, "FALLOC_FL_PUNCH_HOLE", OpenFlags.FALLOC_FL_PUNCH_HOLE);
    private static final String[] WHENCE = {"SEEK_SET", "SEEK_CUR", "SEEK_END"};

    /** One call: appends strace's text of it, then makes it and returns its result. */
    @FunctionalInterface
    private interface Call {
        long run(Session session, ScenarioProcess p, StringBuilder text);
    }

    private FileCommands() {
    }

    static void registerAll(Commands c) {
        c.register("open", OPEN_USAGE, FD, FileCommands::open);
        c.register("close", CLOSE_USAGE, null, FileCommands::close);
        c.register("pread", PREAD_USAGE, null, (t, ctx) -> readCall("pread", PREAD_USAGE, t, ctx, true));
        c.register("pwrite", PWRITE_USAGE, null, (t, ctx) -> writeCall("pwrite", PWRITE_USAGE, t, ctx, true));
        c.register("lseek", LSEEK_USAGE, null, FileCommands::lseek);
        c.register("fsync", FSYNC_USAGE, null, (t, ctx) -> fsync("fsync", FSYNC_USAGE, t, ctx, false));
        c.register("fdatasync", FDATASYNC_USAGE, null, (t, ctx) -> fsync("fdatasync", FDATASYNC_USAGE, t, ctx, true));
        c.register("ftruncate", FTRUNCATE_USAGE, null, FileCommands::ftruncate);
        c.register("fallocate", FALLOCATE_USAGE, null, FileCommands::fallocate);
        c.register("fadvise", FADVISE_USAGE, null, (t, ctx) -> fadvise("fadvise", t, ctx));
        c.register("posix_fadvise", FADVISE_USAGE.replace("fadvise", "posix_fadvise"), null,
                (t, ctx) -> fadvise("posix_fadvise", t, ctx));
        c.register("unlink", UNLINK_USAGE, null, FileCommands::unlink);
        c.register("mkdir", MKDIR_USAGE, null, FileCommands::mkdir);
        c.register("sync", SYNC_USAGE, null, FileCommands::sync);
        c.register("touch", TOUCH_USAGE, null, FileCommands::touch);
    }

    /** Whether `read NAME ...`/`write NAME ...` names a descriptor (a file call) rather than memory. */
    static boolean namesDescriptor(List<Tokenizer.Token> tokens, ParseContext context) {
        if (tokens.isEmpty() || tokens.get(0).operator()) {
            return false;
        }
        return FD.equals(context.lineBindings().kindOf(tokens.get(0).text()));
    }

    /** A descriptor argument: a name bound by open, or a number. */
    record Fd(String name, long number) {
        static Fd parse(String command, String text, ParseContext context) {
            if (!text.isEmpty() && (Character.isLetter(text.charAt(0)) || text.charAt(0) == '_')) {
                context.lineBindings().use(command, text, FD);
                return new Fd(text, 0);
            }
            return new Fd(null, Sizes.number(text, text));
        }

        long value(ScenarioProcess p) {
            return name == null ? number : p.values.get(name);
        }
    }

    private static Step open(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("open", OPEN_USAGE, tokens, 1, Integer.MAX_VALUE);
        String path = args.positional(0);
        int flags = 0;
        int access = -1;
        for (int i = 1; i < args.positionalCount(); i++) {
            String w = args.positional(i);
            switch (w) {
                case "r" -> access = OpenFlags.O_RDONLY;
                case "w" -> access = OpenFlags.O_WRONLY;
                case "rw" -> access = OpenFlags.O_RDWR;
                case "create" -> flags |= OpenFlags.O_CREAT;
                case "excl" -> flags |= OpenFlags.O_EXCL;
                case "trunc" -> flags |= OpenFlags.O_TRUNC;
                case "append" -> flags |= OpenFlags.O_APPEND;
                case "direct" -> flags |= OpenFlags.O_DIRECT;
                case "sync" -> flags |= OpenFlags.O_SYNC;
                case "dsync" -> flags |= OpenFlags.O_DSYNC;
                case "directory" -> flags |= OpenFlags.O_DIRECTORY;
                default -> flags |= OPEN.parseAll("open", w);
            }
        }
        int f = flags | Math.max(access, 0);
        return step(context, (session, p, text) -> {
            text.append("openat(AT_FDCWD, ").append(quote(path)).append(", ").append(openFlags(f));
            if ((f & OpenFlags.O_CREAT) != 0) {
                text.append(", 0666");
            }
            text.append(')');
            return session.kernel.vfs.open(files(p), path, f);
        });
    }

    /** As strace prints open flags: the access mode first, then the other flags (O_SYNC covering O_DSYNC). */
    private static String openFlags(int f) {
        String mode = switch (f & OpenFlags.O_ACCMODE) {
            case OpenFlags.O_WRONLY -> "O_WRONLY";
            case OpenFlags.O_RDWR -> "O_RDWR";
            case OpenFlags.O_RDONLY -> "O_RDONLY";
            default -> "O_ACCMODE";
        };
        int rest = f & ~OpenFlags.O_ACCMODE;
        return rest == 0 ? mode : mode + "|" + OPEN.format(rest);
    }

    private static Step close(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("close", CLOSE_USAGE, tokens, 1, 1);
        Fd fd = Fd.parse("close", args.positional(0), context);
        return step(context, (session, p, text) -> {
            long n = fd.value(p);
            text.append("close(").append(n).append(')');
            session.kernel.vfs.close(files(p), n);
            return 0;
        });
    }

    /** `read FD LEN` (from AccessCommands when FD names a descriptor) or `pread FD OFFSET LEN`. */
    static Step readCall(String command, String usage, List<Tokenizer.Token> tokens, ParseContext context,
                         boolean positioned) {
        int n = positioned ? 3 : 2;
        Args args = new Args(command, usage, tokens, n, n);
        Fd fd = Fd.parse(command, args.positional(0), context);
        long offset = positioned ? Sizes.parse(args.positional(1)) : -1;
        long len = Sizes.parse(args.positional(n - 1));
        return step(context, (session, p, text) -> {
            long f = fd.value(p);
            long r = -1;
            try {
                r = session.kernel.vfs.read(files(p), f, offset, len, null);
                return r;
            } finally {
                text.append(positioned ? "pread64(" : "read(").append(f).append(", ").append(buffer(r)).append(", ")
                        .append(len);
                if (positioned) {
                    text.append(", ").append(offset);
                }
                text.append(')');
            }
        });
    }

    /** `write FD LEN [byte=N]` or `pwrite FD OFFSET LEN [byte=N]`. */
    static Step writeCall(String command, String usage, List<Tokenizer.Token> tokens, ParseContext context,
                          boolean positioned) {
        int n = positioned ? 3 : 2;
        Args args = new Args(command, usage, tokens, n, n, "byte");
        Fd fd = Fd.parse(command, args.positional(0), context);
        long offset = positioned ? Sizes.parse(args.positional(1)) : -1;
        long len = Sizes.parse(args.positional(n - 1));
        byte value = (byte) Sizes.integer("byte", args.get("byte", Integer.toString(DEFAULT_BYTE)), 0, 255);
        return step(context, (session, p, text) -> {
            long f = fd.value(p);
            text.append(positioned ? "pwrite64(" : "write(").append(f).append(", ").append(len == 0 ? "\"\"" : "\"\"...")
                    .append(", ").append(len);
            if (positioned) {
                text.append(", ").append(offset);
            }
            text.append(')');
            return session.kernel.vfs.write(files(p), f, offset, len, null, value);
        });
    }

    /** strace -s 0: a buffer that received data shows as ""..., an empty one (or a failed read's) as "". */
    private static String buffer(long bytes) {
        return bytes > 0 ? "\"\"..." : "\"\"";
    }

    private static Step lseek(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("lseek", LSEEK_USAGE, tokens, 2, 3);
        Fd fd = Fd.parse("lseek", args.positional(0), context);
        String off = args.positional(1);
        long offset = off.startsWith("-") ? -Sizes.parse(off.substring(1)) : Sizes.parse(off);
        String w = args.positionalCount() == 3 ? args.positional(2) : "set";
        int whence = switch (w) {
            case "set", "SEEK_SET" -> OpenFlags.SEEK_SET;
            case "cur", "SEEK_CUR" -> OpenFlags.SEEK_CUR;
            case "end", "SEEK_END" -> OpenFlags.SEEK_END;
            default -> throw new ScenarioError("lseek: unknown whence \"" + w + "\" (set, cur or end)");
        };
        return step(context, (session, p, text) -> {
            long f = fd.value(p);
            text.append("lseek(").append(f).append(", ").append(offset).append(", ").append(WHENCE[whence]).append(')');
            return session.kernel.vfs.lseek(files(p), f, offset, whence);
        });
    }

    private static Step fsync(String command, String usage, List<Tokenizer.Token> tokens, ParseContext context,
                              boolean datasync) {
        Args args = new Args(command, usage, tokens, 1, 1);
        Fd fd = Fd.parse(command, args.positional(0), context);
        return step(context, (session, p, text) -> {
            long f = fd.value(p);
            text.append(command).append('(').append(f).append(')');
            session.kernel.vfs.fsync(files(p), f, datasync);
            return 0;
        });
    }

    private static Step ftruncate(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("ftruncate", FTRUNCATE_USAGE, tokens, 2, 2);
        Fd fd = Fd.parse("ftruncate", args.positional(0), context);
        long len = Sizes.parse(args.positional(1));
        return step(context, (session, p, text) -> {
            long f = fd.value(p);
            text.append("ftruncate(").append(f).append(", ").append(len).append(')');
            session.kernel.vfs.ftruncate(files(p), f, len);
            return 0;
        });
    }

    private static Step fallocate(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("fallocate", FALLOCATE_USAGE, tokens, 3, 5);
        Fd fd = Fd.parse("fallocate", args.positional(0), context);
        long offset = Sizes.parse(args.positional(1));
        long len = Sizes.parse(args.positional(2));
        int mode = 0;
        for (int i = 3; i < args.positionalCount(); i++) {
            mode |= FALLOC.parseAll("fallocate", args.positional(i));
        }
        int m = mode;
        return step(context, (session, p, text) -> {
            long f = fd.value(p);
            text.append("fallocate(").append(f).append(", ").append(FALLOC.format(m)).append(", ").append(offset)
                    .append(", ").append(len).append(')');
            session.kernel.vfs.fallocate(files(p), f, m, offset, len);
            return 0;
        });
    }

    private static Step fadvise(String command, List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args(command, FADVISE_USAGE, tokens, 4, 4);
        Fd fd = Fd.parse(command, args.positional(0), context);
        long offset = Sizes.parse(args.positional(1));
        long len = Sizes.parse(args.positional(2));
        int advice = FADVISE.parse(command, args.positional(3));
        return step(context, (session, p, text) -> {
            long f = fd.value(p);
            text.append("fadvise64(").append(f).append(", ").append(offset).append(", ").append(len).append(", ")
                    .append(FADVISE.name(advice)).append(')');
            session.kernel.vfs.fadvise(files(p), f, offset, len, advice);
            return 0;
        });
    }

    private static Step unlink(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("unlink", UNLINK_USAGE, tokens, 1, 1);
        String path = args.positional(0);
        return step(context, (session, p, text) -> {
            text.append("unlink(").append(quote(path)).append(')');
            session.kernel.vfs.unlink(path);
            return 0;
        });
    }

    private static Step mkdir(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("mkdir", MKDIR_USAGE, tokens, 1, 2);
        boolean parents = args.positional(0).equals("-p");
        if (parents == (args.positionalCount() == 1)) {
            throw new ScenarioError("mkdir: usage: " + MKDIR_USAGE);
        }
        String path = args.positional(args.positionalCount() - 1);
        return session -> {
            try {
                session.kernel.vfs.mkdir(path, parents);
            } catch (KernelError e) {
                session.toolError("mkdir: cannot create directory '" + path + "': " + e.errno.message());
            }
        };
    }

    private static Step touch(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("touch", TOUCH_USAGE, tokens, 1, Integer.MAX_VALUE);
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < args.positionalCount(); i++) {
            expandRange(args.positional(i), paths);
        }
        return session -> {
            for (String path : paths) {
                try {
                    session.kernel.vfs.touch(path);
                } catch (KernelError e) {
                    session.toolError("touch: cannot touch '" + path + "': " + e.errno.message());
                }
            }
        };
    }

    /** bash's brace expansion of one {A..B} range (ascending or descending), or the word itself. */
    private static void expandRange(String word, List<String> out) {
        java.util.regex.Matcher m = RANGE.matcher(word);
        if (!m.find()) {
            out.add(word);
            return;
        }
        long from;
        long to;
        try {
            from = Long.parseLong(m.group(1));
            to = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            throw new ScenarioError("touch: range too large: " + m.group());
        }
        if (Math.abs(to - from) + 1 + out.size() > TOUCH_MAX_FILES) {
            throw new ScenarioError("touch: more than " + TOUCH_MAX_FILES + " files");
        }
        String head = word.substring(0, m.start());
        String tail = word.substring(m.end());
        long step = from <= to ? 1 : -1;
        for (long n = from; ; n += step) {
            out.add(head + n + tail);
            if (n == to) {
                break;
            }
        }
    }

    private static Step sync(List<Tokenizer.Token> tokens, ParseContext context) {
        new Args("sync", SYNC_USAGE, tokens, 0, 0);
        return session -> session.kernel.vfs.sync();
    }



    private static String quote(String path) {
        return "\"" + path.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static FileTable files(ScenarioProcess p) {
        return p.task.files;
    }

    /** Runs a call in the line's task and prints it as strace would; a refusal sets the task's errno. */
    private static Step step(ParseContext context, Call call) {
        String task = context.task();
        String name = context.bindName();
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
                shown = Long.toString(value);
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
