/*
 * Runs validation programs natively on this host: compiles validate/runner/vprun.c with the system
 * C compiler (once per JVM, into target/vprun) and parses what it prints. Host side only; knows
 * nothing of the simulator. Also regenerates the golden outputs in validate/expected/.
 */
package org.mmsim.validate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public final class HostRunner {
    private static final long TIMEOUT_SECONDS = 60;
    private static Optional<HostRunner> compiled;

    private final Path binary;

    private HostRunner(Path binary) {
        this.binary = binary;
    }

    /**
     * The runner for the project at {@code projectDir}, or empty when there is no C compiler or the
     * host is not Linux x86-64 (vprun uses the x86-64 syscall instruction around fork).
     */
    public static synchronized Optional<HostRunner> forProject(Path projectDir) {
        if (compiled == null) {
            compiled = compile(projectDir);
        }
        return compiled;
    }

    private static Optional<HostRunner> compile(Path projectDir) {
        if (!System.getProperty("os.name").equals("Linux") || !System.getProperty("os.arch").equals("amd64")) {
            return Optional.empty();
        }
        Path source = projectDir.resolve("validate/runner/vprun.c");
        Path binary = projectDir.resolve("target/vprun");
        try {
            Files.createDirectories(binary.getParent());
            Process p = new ProcessBuilder("cc", "-std=c11", "-O2", "-Wl,-z,now", "-o", binary.toString(),
                    source.toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("cc failed on vprun.c:\n" + log);
            }
            return Optional.of(new HostRunner(binary));
        } catch (IOException noCompiler) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Runs one program and returns vprun's raw output; fails on a non-zero exit or a timeout. */
    public String runRaw(Path program) throws IOException, InterruptedException {
        Path out = Files.createTempFile("vprun", ".out");
        try {
            Process p = new ProcessBuilder(binary.toString(), program.toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("vprun timed out on " + program);
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("vprun exited " + p.exitValue() + " on " + program + ":\n" + text);
            }
            return text;
        } finally {
            Files.delete(out);
        }
    }

    public RunResult run(Path program) throws IOException, InterruptedException {
        return RunResult.parse(runRaw(program));
    }

    public static List<Path> programs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".vp")).sorted().collect(Collectors.toList());
        }
    }

    /**
     * Regenerates the golden outputs: {@code java -cp target/classes org.mmsim.validate.HostRunner}
     * from the project directory writes validate/expected/NAME.out for every validate/programs/NAME.vp.
     */
    public static void main(String[] args) throws Exception {
        Path project = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        HostRunner runner = forProject(project)
                .orElseThrow(() -> new IllegalStateException("no C compiler or not Linux x86-64"));
        Path expected = Files.createDirectories(project.resolve("validate/expected"));
        for (Path program : programs(project.resolve("validate/programs"))) {
            String name = program.getFileName().toString().replaceFirst("\\.vp$", ".out");
            Files.writeString(expected.resolve(name), runner.runRaw(program), StandardCharsets.UTF_8);
        }
    }
}
