/*
 * bash's `echo WORDS... [> FILE]`: prints its words joined by spaces, or writes them with a newline
 * to a simulated /proc or /sys file. A refused write prints what bash prints (`bash: echo: write
 * error: Invalid argument`; for a file that cannot be opened, `bash: FILE: No such file or
 * directory`) and the run goes on. Left out: -e escapes, >> (same as > for these files), other fds.
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.List;

final class EchoCommand {
    static final String USAGE = "echo [-n] WORDS... [> FILE]";

    private EchoCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        List<String> words = new ArrayList<>();
        String target = null;
        boolean newline = true;
        for (int i = 0; i < tokens.size(); i++) {
            Tokenizer.Token t = tokens.get(i);
            if (t.is(">")) {
                if (i + 1 >= tokens.size() || tokens.get(i + 1).operator()) {
                    throw new ScenarioError("echo: > needs a file name (usage: " + USAGE + ")");
                }
                if (i + 2 < tokens.size()) {
                    throw new ScenarioError("echo: unexpected \"" + tokens.get(i + 2).text()
                            + "\" after the file name (usage: " + USAGE + ")");
                }
                target = tokens.get(i + 1).text();
                break;
            }
            if (t.operator()) {
                throw new ScenarioError("echo: unexpected \"" + t.text() + "\" (usage: " + USAGE + ")");
            }
            if (i == 0 && !t.quoted() && t.text().equals("-n")) {
                newline = false;
            } else {
                words.add(t.text());
            }
        }
        String text = String.join(" ", words) + (newline ? "\n" : "");
        String file = target;
        return session -> {
            if (file == null) {
                session.print(text);
                return;
            }
            try {
                session.procfs.write(session.resolvePath(file), text);
            } catch (KernelError e) {
                if (e.errno == Errno.ENOENT || e.errno == Errno.EISDIR || e.errno == Errno.EACCES) {
                    session.toolError("bash: " + file + ": " + e.errno.message());
                } else {
                    session.toolError("bash: echo: write error: " + e.errno.message());
                }
            }
        };
    }
}
