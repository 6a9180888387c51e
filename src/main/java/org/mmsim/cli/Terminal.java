/*
 * The shell's line editor on a real terminal (JLine 3): the prompt `root@mmsim:~# `, Emacs-style
 * editing, history recalled with Up/Down and Ctrl-R (kept in ~/.mmsim_history, or MMSIM_HISTFILE;
 * empty keeps it in memory only), and Tab completion from Completion. Ctrl-C abandons the line being
 * typed, Ctrl-D on an empty line ends the shell. History expansion (!) is off: `!=` is an operator.
 * Left out: job control and a multi-line editor.
 */
package org.mmsim.cli;

import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Size;
import org.jline.terminal.TerminalBuilder;
import org.mmsim.shell.Completion;
import org.mmsim.shell.Shell;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

final class Terminal {
    /** Held so JUL keeps the level set on it: JLine's warnings are not for mmsim's users. */
    private static final Logger JLINE_LOG = Logger.getLogger("org.jline");

    private Terminal() {
    }

    /**
     * Whether stdin and stdout are both a terminal
     * (Console.isTerminal() on Java 22+, where a Console always exists).
     */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true; // before Java 22 a Console exists only on a terminal
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    static void run(Shell shell) throws IOException {
        JLINE_LOG.setLevel(Level.OFF);
        Completion completion = new Completion(shell);
        try (org.jline.terminal.Terminal terminal = TerminalBuilder.builder().system(true)
                // JNI first: the FFM provider spins up java.lang.foreign and costs ~0.3 s of start-up
                .providers("jni,ffm,exec").build()) {
            if (terminal.getWidth() <= 0 || terminal.getHeight() <= 0) {
                terminal.setSize(new Size(80, 24)); // a pty nobody sized (script, some CI runners) reads as 0x0
            }
            LineReaderBuilder builder = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("mmsim")
                    .completer((reader, line, candidates) -> {
                        String word = line.word().substring(0, line.wordCursor());
                        try {
                            for (Completion.Candidate c : completion.complete(
                                    line.words().subList(0, line.wordIndex()), word)) {
                                candidates.add(new Candidate(c.value(), c.display(), null, null, null, null,
                                        c.complete()));
                            }
                        } catch (IllegalArgumentException e) {
                            // the machine cannot boot (too little heap): nothing to complete from
                        }
                    })
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
            String histfile = System.getenv("MMSIM_HISTFILE");
            if (histfile == null) {
                String home = System.getenv("HOME"); // as bash finds ~ (user.home comes from /etc/passwd)
                histfile = Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home,
                        ".mmsim_history").toString();
            }
            if (!histfile.isEmpty()) {
                builder.variable(LineReader.HISTORY_FILE, Path.of(histfile));
            }
            LineReader reader = builder.build();
            while (true) {
                String line;
                try {
                    line = reader.readLine(Shell.PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    terminal.writer().println("exit");
                    terminal.flush();
                    break;
                }
                if (!shell.runLine(line)) {
                    break;
                }
                System.out.flush();
            }
            reader.getHistory().save();
        }
    }
}
