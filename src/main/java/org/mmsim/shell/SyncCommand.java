/*
 * coreutils `sync` (sync(2), fs/sync.c ksys_sync): writes back every dirty page and waits for it.
 * The simulated page cache has no dirty pages a sync could reach yet (file pages are written back by
 * the page-cache layer when it exists), so sync prints nothing and changes nothing; operands (files
 * to fsync) are refused, as sync's options are not simulated.
 */
package org.mmsim.shell;

import java.util.List;

final class SyncCommand {
    static final String USAGE = "sync";

    private SyncCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        new Args("sync", USAGE, tokens, 0, 0);
        return session -> { };
    }
}
