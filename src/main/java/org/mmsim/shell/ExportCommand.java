/*
 * `export DIR`: writes the simulated /proc and /sys, as they are at this line, to DIR as a directory
 * tree (DIR/proc, DIR/sys) that real tools can read. No Linux counterpart. A DIR that exists and is
 * not empty is refused with a message and the run goes on; nothing is overwritten.
 */
package org.mmsim.shell;

import org.mmsim.procfs.Export;

import java.nio.file.Path;
import java.util.List;

final class ExportCommand {
    static final String USAGE = "export DIR";

    private ExportCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("export", USAGE, tokens, 1, 1);
        Path dir = Path.of(args.positional(0));
        return session -> {
            try {
                Export.write(session.procfs, dir);
            } catch (Export.Failed e) {
                session.toolError("export: " + e.getMessage());
            }
        };
    }
}
