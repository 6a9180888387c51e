/*
 * The system console: kernel log records at KERN_WARNING or more severe, emitted after boot, are
 * printed as they happen, formatted as dmesg prints them. Linux prints a record when its level is
 * below console_loglevel, so this is a console at loglevel 5 (one step above `quiet`'s 4, which would
 * hide warnings such as page allocation failures). Left out: changing the console loglevel
 * (dmesg -n, /proc/sys/kernel/printk) and the console's own prefix options.
 */
package org.mmsim.shell;

import org.mmsim.sim.Printk;

import java.io.PrintStream;
import java.util.List;

final class Console {
    private static final int LOGLEVEL = Printk.KERN_WARNING;

    private final Printk printk;
    private int seen;

    /** Starts after everything already in the log (the boot messages). */
    Console(Printk printk) {
        this.printk = printk;
        this.seen = printk.records().size();
    }

    /** Prints the records logged since the last call that the console shows. */
    void flush(PrintStream out) {
        List<Printk.Record> records = printk.records();
        for (; seen < records.size(); seen++) {
            Printk.Record r = records.get(seen);
            if (r.level() <= LOGLEVEL) {
                out.println(r.dmesgLine());
            }
        }
    }
}
