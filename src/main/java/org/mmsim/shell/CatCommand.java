/*
 * coreutils `cat FILE...`: prints simulated /proc and /sys files, each rendered from kernel state at
 * the moment it is read. A file that cannot be read prints cat's message (`cat: FILE: No such file or
 * directory`) and the run goes on. Left out: cat's options (-n, -A, ...) and reading stdin.
 */
package org.mmsim.shell;

import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.List;

final class CatCommand {
    static final String USAGE = "cat FILE...";

    private CatCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("cat", USAGE, tokens, 1, Integer.MAX_VALUE);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.positionalCount(); i++) {
            files.add(args.positional(i));
        }
        return session -> {
            for (String f : files) {
                try {
                    session.print(session.procfs.read(session.resolvePath(f)));
                } catch (KernelError e) {
                    session.toolError("cat: " + f + ": " + e.errno.message());
                }
            }
        };
    }
}
