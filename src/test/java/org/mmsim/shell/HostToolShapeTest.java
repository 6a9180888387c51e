package org.mmsim.shell;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * free and vmstat against the host's own tools on the host's live /proc: the numbers move between
 * the two reads, so only the shape is compared — the same lines, the same labels and words, and
 * every value ending in the same column. Skipped where the host has no procps-ng 4.0.2.
 */
class HostToolShapeTest {
    private static String host(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Assumptions.assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "host tool failed");
            return out;
        } catch (IOException e) {
            Assumptions.abort("no host " + command[0]);
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assumeProcps402(String tool) {
        Assumptions.assumeTrue(host(tool, "-V").contains("procps-ng 4.0.2"), "host " + tool + " is not 4.0.2");
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            Assumptions.abort("cannot read " + path);
            return "";
        }
    }

    /** Per line: the words that are not numbers, and the column where every word ends. */
    private static List<String> shape(String text) {
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            StringBuilder sb = new StringBuilder();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\S+").matcher(line);
            while (m.find()) {
                boolean number = m.group().matches("-?[0-9.]+[BKMGTP]?i?|[0-9]+[-:][0-9:-]+");
                sb.append(number ? "#" : m.group()).append('@').append(m.end()).append(' ');
            }
            out.add(sb.toString());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-w", "-h", "-h -w", "-l", "-t -v", "--si -h", "-b", "-m", "-g", "--mega"})
    void freeHasTheHostFreesShape(String args) {
        assumeProcps402("free");
        List<String> argv = args.isEmpty() ? List.of() : List.of(args.split(" "));
        FreeCommand.Options o = FreeCommand.options(argv);
        String ours = FreeCommand.sample(new ProcpsMeminfo(read("/proc/meminfo")), o.flags(), o.exponent());
        List<String> command = new ArrayList<>(List.of("free"));
        command.addAll(argv);
        assertEquals(shape(host(command.toArray(new String[0]))), shape(ours));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-w", "-a", "-a -w", "-s", "-S m", "-w -S M", "-t", "-t -w"})
    void vmstatHasTheHostVmstatsShape(String args) {
        assumeProcps402("vmstat");
        List<String> argv = args.isEmpty() ? List.of() : List.of(args.split(" "));
        StringBuilder ours = new StringBuilder();
        VmstatCommand.run(VmstatCommand.options(argv), new VmstatCommand.Machine() {
            @Override
            public String read(String path) {
                return HostToolShapeTest.read(path);
            }

            @Override
            public void sleep(long seconds) {
            }
        }, ours::append);
        List<String> command = new ArrayList<>(List.of("vmstat"));
        command.addAll(argv);
        String theirs = host(command.toArray(new String[0]));
        Assumptions.assumeTrue(!args.contains("-t") || theirs.contains(" UTC\n"), "the host's time zone is not UTC");
        assertEquals(shape(theirs), shape(ours.toString()));
    }
}
