package org.mmsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * `mmsim shell` on a real pseudo-terminal, typed at as a person would: Tab completes a /proc path,
 * a sysctl name, a GFP flag after `|` and a bound name, Up recalls the last line, an error prints
 * and the shell goes on, `exit` ends it. Python's pty module drives it (pty_session.py) and keeps
 * the screen; this test reads the screen.
 */
class PtySessionTest {
    @TempDir
    Path home;

    @Test
    void tabCompletionHistoryAnErrorAndExitOnAPseudoTerminal() throws IOException, InterruptedException,
            URISyntaxException {
        assumeTrue(python3(), "python3 is needed to drive a pseudo-terminal");
        Path driver = Path.of(PtySessionTest.class.getResource("pty_session.py").toURI());
        List<String> command = new ArrayList<>(List.of("python3", driver.toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED"); // what the jar's manifest says
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "shell"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("TERM", "xterm");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("MMSIM_HISTFILE", ""); // history in memory only: a test never writes ~/.mmsim_history
        Process p = pb.start();
        String screen = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the driver ends by itself");
        assertEquals(0, p.exitValue(), screen);

        List<String> typed = List.of("cat /proc/buddyinfo", "cat /proc/buddyinfo", "sysctl vm.min_free_kbytes",
                "buf = kmalloc 64 gfp=GFP_KERNEL|__GFP_NOWARN", "kfree buf", "free_pages nothing");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < typed.size(); i++) {
            expected.add("root@mmsim:~# " + typed.get(i));
            List<String> before = nonInteractive(typed.subList(0, i));
            List<String> after = nonInteractive(typed.subList(0, i + 1));
            expected.addAll(after.subList(before.size(), after.size()));
        }
        expected.add("root@mmsim:~# exit");
        expected.add("exit status: 0");
        List<String> shown = new ArrayList<>();
        for (String line : screen.split("\n")) {
            if (!line.isBlank()) {
                shown.add(line);
            }
        }
        assertEquals(expected, shown, screen);
    }

    /** What the shell prints for these lines read from a pipe, blank lines dropped and trailing spaces trimmed as on the screen. */
    private static List<String> nonInteractive(List<String> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        String stdin = lines.stream().map(l -> l + "\n").collect(Collectors.joining());
        assertEquals(0, Main.run(new String[] {"shell"}, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                ps, ps));
        List<String> result = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                result.add(line.stripTrailing());
            }
        }
        return result;
    }

    private static boolean python3() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import pty").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
