/*
 * `mmsim shell [FILE] [--seed N]`: a shell on the simulated machine. With FILE, the scenario runs
 * first (reported as `mmsim run` reports it; an invalid one ends the shell with exit 2) and the shell
 * goes on from the machine it left. When stdin and stdout are a terminal the lines come from the
 * line editor (Terminal); otherwise they are read from stdin without prompts or editing, as
 * `bash < file` reads them. The exit status is 1 if an expect failed, else 0. No Linux counterpart
 * beyond the login shell it imitates.
 */
package org.mmsim.cli;

import org.mmsim.shell.Commands;
import org.mmsim.shell.Script;
import org.mmsim.shell.Shell;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"An interactive shell on the simulated machine: every scenario command, one line at a time, "
                + "with history and Tab completion. Reads stdin without prompts when it is not a terminal.",
                "Exit 0, or 1 if an expect failed; 2 if FILE is invalid.",
                "History is kept in ~/.mmsim_history; set MMSIM_HISTFILE to another file, or to nothing to keep "
                        + "it in memory only."})
final class ShellCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "a scenario (.mms) to run before the first prompt")
    Path file;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "seed for the simulation's random choices (default: ${DEFAULT-VALUE})")
    long seed;

    @CommandLine.ParentCommand
    Main parent;

    @Override
    public Integer call() throws IOException {
        Shell shell = new Shell(Commands.standard(), seed, parent.out, parent.err);
        if (file != null) {
            String text = Main.readScenario(file, parent.err);
            if (text == null || !shell.runScenario(file.toString(), text)) {
                return Script.INVALID;
            }
        }
        if (parent.in == System.in && Terminal.interactive()) {
            Terminal.run(shell);
        } else {
            BufferedReader lines = new BufferedReader(new InputStreamReader(parent.in, StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && shell.runLine(line)) {
                parent.out.flush();
            }
        }
        parent.out.flush();
        return shell.exitStatus();
    }
}
