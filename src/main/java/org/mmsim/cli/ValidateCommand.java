/*
 * `mmsim validate [--golden] PROGRAM...`: runs each validation program (.vp) in the simulator
 * (SimReplay) and natively on this host (HostRunner compiles validate/runner/vprun.c with cc), then
 * prints `NAME: match` or the differences side by side (ReplayDiff). Without a C compiler, or with
 * --golden, the host side is the recorded golden output ../expected/NAME.out next to the program's
 * directory, and the report says so (vprun.c is looked for under the current directory). Exit 0 when every program matches, 1 otherwise, 2 on a program
 * that cannot be read or parsed. No Linux counterpart.
 */
package org.mmsim.cli;

import org.mmsim.shell.Script;
import org.mmsim.validate.HostRunner;
import org.mmsim.validate.ReplayDiff;
import org.mmsim.validate.SimReplay;
import org.mmsim.validate.ValidationProgram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Run validation programs in mmsim and natively (or against their golden outputs) and "
                + "print the differences. Exit 0 if all match, 1 otherwise.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROGRAM", arity = "1..*", description = "validation programs (.vp)")
    List<Path> programs;

    @Option(names = "--golden", description = "compare with validate/expected/NAME.out instead of running natively")
    boolean golden;

    @CommandLine.ParentCommand
    Main parent;

    @Override
    public Integer call() throws IOException, InterruptedException {
        boolean runner = Files.exists(Path.of("validate/runner/vprun.c"));
        Optional<HostRunner> host = golden || !runner ? Optional.empty()
                : HostRunner.forProject(Path.of("").toAbsolutePath());
        if (!golden && host.isEmpty()) {
            parent.out.println("mmsim validate: " + (runner ? "no C compiler (or not Linux x86-64)"
                    : "no validate/runner/vprun.c in this directory") + ": comparing with the golden outputs "
                    + "instead of a native run");
        }
        boolean allMatch = true;
        for (Path program : programs) {
            ValidationProgram p;
            try {
                p = ValidationProgram.read(program);
            } catch (NoSuchFileException e) {
                parent.err.println("mmsim validate: " + program + ": No such file or directory");
                return Script.INVALID;
            } catch (IOException | IllegalArgumentException e) {
                parent.err.println("mmsim validate: " + program + ": " + e.getMessage());
                return Script.INVALID;
            }
            List<String> sim;
            try {
                sim = new SimReplay().run(p);
            } catch (UnsupportedOperationException e) {
                parent.out.println(p.name + ": not modelled: " + e.getMessage());
                allMatch = false;
                continue;
            }
            String hostText;
            if (host.isPresent()) {
                hostText = host.get().runRaw(program);
            } else {
                Path expected = program.toAbsolutePath().getParent().resolveSibling("expected").resolve(p.name + ".out");
                if (!Files.exists(expected)) {
                    parent.err.println("mmsim validate: " + p.name + ": no golden output " + expected);
                    return Script.INVALID;
                }
                hostText = Files.readString(expected, StandardCharsets.UTF_8);
            }
            List<String> diff = ReplayDiff.diff(SimReplay.reduce(Arrays.asList(hostText.split("\n"))), sim);
            if (diff.isEmpty()) {
                parent.out.println(p.name + ": match");
            } else {
                allMatch = false;
                parent.out.println(p.name + ": " + diff.size() + " difference" + (diff.size() == 1 ? "" : "s")
                        + (host.isPresent() ? " (host run vs mmsim)" : " (golden vs mmsim)"));
                diff.forEach(parent.out::println);
            }
        }
        return allMatch ? Script.OK : Script.EXPECT_FAILED;
    }
}
