/*
 * util-linux `dmesg`: the whole kernel log, one "[seconds.micros] text" line per record, boot
 * messages included. Left out: dmesg's filters and formats (-l, -T, -x, --follow) and clearing (-c).
 */
package org.mmsim.shell;

import java.util.List;

final class DmesgCommand {
    static final String USAGE = "dmesg";

    private DmesgCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        new Args("dmesg", USAGE, tokens, 0, 0);
        return session -> session.print(session.kernel.printk.dmesg());
    }
}
