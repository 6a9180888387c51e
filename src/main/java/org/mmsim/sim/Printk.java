/*
 * The kernel log ring (kernel/printk/printk.c): records with a log level and the simulated time,
 * printed as dmesg prints them: "[    5.123456] message".
 */
package org.mmsim.sim;

import java.util.ArrayList;
import java.util.List;

public final class Printk {
    public static final int KERN_EMERG = 0, KERN_ALERT = 1, KERN_CRIT = 2, KERN_ERR = 3,
            KERN_WARNING = 4, KERN_NOTICE = 5, KERN_INFO = 6, KERN_DEBUG = 7;

    /** One log record. */
    public record Record(long timeNs, int level, String text) {
        /** The line as `dmesg` prints it by default. */
        public String dmesgLine() {
            long us = timeNs / 1000;
            return String.format("[%5d.%06d] %s", us / 1_000_000, us % 1_000_000, text);
        }
    }

    private final SimClock clock;
    private final List<Record> records = new ArrayList<>();

    public Printk(SimClock clock) {
        this.clock = clock;
    }

    /** Logs one line per text line, as printk does for a message containing newlines. */
    public void log(int level, String text) {
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                records.add(new Record(clock.nanos(), level, line));
            }
        }
    }

    public void info(String text) {
        log(KERN_INFO, text);
    }

    public void warn(String text) {
        log(KERN_WARNING, text);
    }

    public List<Record> records() {
        return records;
    }

    /** The whole log as `dmesg` prints it. */
    public String dmesg() {
        StringBuilder sb = new StringBuilder();
        for (Record r : records) {
            sb.append(r.dmesgLine()).append('\n');
        }
        return sb.toString();
    }
}
