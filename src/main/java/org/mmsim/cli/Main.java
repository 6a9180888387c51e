/*
 * The `mmsim` command line (picocli): `mmsim run FILE [--seed N] [--export DIR]` validates a whole
 * scenario, boots its machine and runs it (then writes its final /proc and /sys to DIR); `mmsim shell
 * [FILE]` is the interactive shell (ShellCommand); `mmsim validate PROGRAM...` compares validation
 * programs run in mmsim and natively (ValidateCommand); `mmsim commands` lists the scenario commands;
 * --help and --version. Exit codes: 0 ok, 1 an expect failed, 2 a bad scenario, bad usage or a
 * refused export, 3 an internal error (a bug in mmsim: reported in one line, never a stack trace).
 * No Linux counterpart.
 */
package org.mmsim.cli;

import org.mmsim.procfs.Export;
import org.mmsim.shell.CommandSpec;
import org.mmsim.shell.Commands;
import org.mmsim.shell.Parser;
import org.mmsim.shell.Script;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "mmsim", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "The Linux 6.18 memory-management subsystem as a deterministic simulator.",
        subcommands = {Main.Run.class, ShellCommand.class, ValidateCommand.class, Main.ListCommands.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    public static final int INTERNAL_ERROR = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Script.INVALID;
    }

    /** `mmsim run FILE [--seed N]`. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a scenario file. Exit 0 if it ran and every expect held, 1 if an expect failed, "
                    + "2 if the scenario is invalid.")
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "the scenario (.mms) to run")
        Path file;

        @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
                description = "seed for the simulation's random choices (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--export", paramLabel = "DIR",
                description = "after the run, write the final /proc and /sys to DIR (which must not exist or be empty)")
        Path export;

        @CommandLine.ParentCommand
        Main parent;

        @Override
        public Integer call() {
            if (export != null) {
                try {
                    Export.check(export);
                } catch (Export.Failed e) {
                    parent.err.println("mmsim: export: " + e.getMessage());
                    return Script.INVALID;
                }
            }
            String text = readScenario(file, parent.err);
            if (text == null) {
                return Script.INVALID;
            }
            Script script;
            try {
                script = new Parser(Commands.standard()).parseScript(file.toString(), text);
            } catch (Parser.Invalid e) {
                parent.err.println(e.getMessage());
                return Script.INVALID;
            }
            String[] exportError = {null};
            int code = script.run(seed, parent.out, parent.err, session -> {
                if (export != null) {
                    try {
                        Export.write(session.procfs, export);
                    } catch (Export.Failed e) {
                        exportError[0] = e.getMessage();
                    }
                }
            });
            if (exportError[0] != null) {
                parent.out.flush();
                parent.err.println("mmsim: export: " + exportError[0]);
                return Script.INVALID;
            }
            parent.out.flush();
            return code;
        }
    }

    /** A scenario file's text, or null after printing why it cannot be read. */
    static String readScenario(Path file, PrintStream err) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            err.println("mmsim: " + file + ": No such file or directory");
        } catch (IOException e) {
            err.println("mmsim: " + file + ": " + e.getMessage());
        }
        return null;
    }

    /** `mmsim commands`: the scenario language's commands and their usage, from the registry. */
    @Command(name = "commands", mixinStandardHelpOptions = true,
            description = "List the commands a scenario can use, with their arguments.")
    static final class ListCommands implements Callable<Integer> {
        @CommandLine.ParentCommand
        Main parent;

        @Override
        public Integer call() {
            for (CommandSpec c : Commands.standard().all()) {
                parent.out.println(c.usage());
            }
            return Script.OK;
        }
    }

    /** The version from the jar's manifest, or the source tree's when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mmsim " + (v == null ? "0.1.0-SNAPSHOT" : v) + " (models Linux 6.18 mm)"};
        }
    }

    InputStream in;
    PrintStream out;
    PrintStream err;

    /** Runs the command line with the process's stdin and the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests in-process). */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        Main main = new Main();
        main.in = in;
        main.out = out;
        main.err = err;
        CommandLine cl = new CommandLine(main);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? Script.INVALID : INTERNAL_ERROR);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            out.flush();
            err.println("mmsim: internal error: " + e);
            return INTERNAL_ERROR;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args, System.out, System.err);
        } catch (RuntimeException | Error e) {
            System.out.flush();
            System.err.println("mmsim: internal error: " + e);
            code = INTERNAL_ERROR;
        }
        System.exit(code);
    }
}
