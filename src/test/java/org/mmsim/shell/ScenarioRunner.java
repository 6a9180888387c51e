package org.mmsim.shell;

import org.mmsim.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs scenarios through the real CLI entry point, in-process, capturing both streams. */
final class ScenarioRunner {
    record Result(int exit, String out, String err) {
    }

    private ScenarioRunner() {
    }

    static Result run(Path file, String... extraArgs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = new String[2 + extraArgs.length];
        args[0] = "run";
        args[1] = file.toString();
        System.arraycopy(extraArgs, 0, args, 2, extraArgs.length);
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes the scenario to dir/t.mms and runs it. */
    static Result runText(Path dir, String scenario) {
        Path file = dir.resolve("t.mms");
        try {
            Files.writeString(file, scenario, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return run(file);
    }
}
