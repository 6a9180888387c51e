/*
 * util-linux `dmesg`: the whole kernel log, one "[seconds.micros] text" line per record, boot
 * messages included; `-T` (--ctime) prints each record's time as a date, "[Thu Jan  1 00:00:05
 * 1970]", from the simulated boot wall time (/proc/stat's btime, the epoch) plus the record's
 * timestamp, in UTC; so it is deterministic. Bad options give dmesg's messages. Left out: the other
 * filters and formats (-l, -x, --follow) and clearing (-c).
 */
package org.mmsim.shell;

import org.mmsim.sim.Printk;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

final class DmesgCommand {
    static final String USAGE = "dmesg [-T]";
    /** The simulated machine's wall clock at boot, as /proc/stat's btime gives it. */
    static final long BOOT_TIME = 0;
    private static final DateTimeFormatter CTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

    private DmesgCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("dmesg", "T", List.of(new Getopt.Long("ctime", 'T', false)),
                Getopt.words("dmesg", tokens), "Try 'dmesg --help' for more information.");
        if (!g.operands.isEmpty()) {
            throw new ScenarioError("dmesg: bad usage\nTry 'dmesg --help' for more information.");
        }
        boolean ctime = !g.options.isEmpty();
        return session -> {
            if (!ctime) {
                session.print(session.kernel.printk.dmesg());
                return;
            }
            StringBuilder sb = new StringBuilder();
            for (Printk.Record r : session.kernel.printk.records()) {
                sb.append('[').append(ctime(BOOT_TIME + r.timeNs() / 1_000_000_000L)).append("] ").append(r.text())
                        .append('\n');
            }
            session.print(sb.toString());
        };
    }

    static String ctime(long epochSeconds) {
        return Instant.ofEpochSecond(epochSeconds).atZone(ZoneOffset.UTC).format(CTIME);
    }
}
