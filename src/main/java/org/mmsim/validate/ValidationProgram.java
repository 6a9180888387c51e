/*
 * A validation program (docs/validate.md): one operation per line of a .vp file, run natively by
 * vprun and, later, by the simulator. Models the syntax and the static rules (who runs which line,
 * which names are bound); leaves the meaning of each operation to the runners.
 */
package org.mmsim.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public final class ValidationProgram {
    public enum Process { PARENT, CHILD }

    /** One operation line: {@code [child:|parent:] [expect_errno E] [NAME =] op args...}. */
    public record Op(int index, int line, Process process, Optional<String> expectedErrno,
                     Optional<String> binds, String name, List<String> args) {
    }

    public static final Set<String> OPERATIONS = Set.of("mmap", "munmap", "mprotect", "mremap", "madvise",
            "read", "write", "brk", "mlock", "mlock2", "munlock", "mlockall", "munlockall", "msync", "mincore",
            "file", "fork", "exit", "maps", "create", "close", "pread", "pwrite", "fadvise", "fsync", "fdatasync");

    public final String name;
    public final List<Op> ops;

    private ValidationProgram(String name, List<Op> ops) {
        this.name = name;
        this.ops = List.copyOf(ops);
    }

    public static ValidationProgram read(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        return parse(fileName.replaceFirst("\\.vp$", ""), Files.readString(file, StandardCharsets.UTF_8));
    }

    public static ValidationProgram parse(String name, String text) {
        List<Op> ops = new ArrayList<>();
        Set<String> bound = new HashSet<>(Set.of("heap"));
        boolean childLinesAllowed = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            List<String> tokens = new ArrayList<>(List.of(line.trim().split("[ \t\r]+")));
            tokens.removeIf(String::isEmpty);
            if (tokens.isEmpty()) {
                continue;
            }
            Process process = Process.PARENT;
            if (tokens.get(0).equals("child:") || tokens.get(0).equals("parent:")) {
                process = tokens.remove(0).equals("child:") ? Process.CHILD : Process.PARENT;
            }
            Optional<String> expected = Optional.empty();
            if (!tokens.isEmpty() && tokens.get(0).equals("expect_errno")) {
                if (tokens.size() < 2) {
                    throw error(name, lineNo, "expect_errno needs an errno name");
                }
                tokens.remove(0);
                expected = Optional.of(tokens.remove(0));
            }
            Optional<String> binds = Optional.empty();
            if (tokens.size() >= 2 && tokens.get(1).equals("=")) {
                binds = Optional.of(tokens.remove(0));
                tokens.remove(0);
            }
            if (tokens.isEmpty()) {
                throw error(name, lineNo, "missing operation");
            }
            String op = tokens.remove(0);
            if (!OPERATIONS.contains(op)) {
                throw error(name, lineNo, "unknown operation " + op);
            }
            if (process == Process.CHILD && !childLinesAllowed) {
                throw error(name, lineNo, "child: line without a live child");
            }
            if (op.equals("fork")) {
                if (process == Process.CHILD) {
                    throw error(name, lineNo, "only the parent forks");
                }
                childLinesAllowed = true;
            } else if (op.equals("exit")) {
                if (process != Process.CHILD) {
                    throw error(name, lineNo, "exit is only for the child");
                }
                childLinesAllowed = false;
            }
            if (binds.isPresent()) {
                if (!Set.of("mmap", "mremap", "brk").contains(op)) {
                    throw error(name, lineNo, "only mmap, mremap and brk results can be named");
                }
                bound.add(binds.get());
            }
            for (String expression : addressExpressions(op, tokens)) {
                for (String term : expression.split("[+-]")) {
                    if (term.matches("[A-Za-z_][A-Za-z0-9_]*") && !bound.contains(term)) {
                        throw error(name, lineNo, "unknown name " + term);
                    }
                }
            }
            ops.add(new Op(ops.size(), lineNo, process, expected, binds, op, List.copyOf(tokens)));
        }
        return new ValidationProgram(name, ops);
    }

    /** The arguments of an operation that are address expressions and may name mappings. */
    private static List<String> addressExpressions(String op, List<String> args) {
        List<String> expressions = new ArrayList<>();
        boolean rangeOp = !Set.of("mmap", "file", "brk", "fork", "exit", "maps", "mlockall", "munlockall",
                "create", "close", "pread", "pwrite", "fadvise", "fsync", "fdatasync")
                .contains(op);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (rangeOp && i < 2 || op.equals("mremap") && i == 2) {
                expressions.add(arg);
            } else if (arg.startsWith("addr=") || arg.startsWith("fixed=")) {
                expressions.add(arg.substring(arg.indexOf('=') + 1));
            }
        }
        return expressions;
    }

    private static IllegalArgumentException error(String program, int line, String message) {
        return new IllegalArgumentException(program + ":" + line + ": " + message);
    }
}
