/*
 * The numbers `expect` can test: every field of /proc/meminfo and every counter of /proc/vmstat,
 * read from the same rendered text `cat` shows, so the two can never disagree. Which names exist is
 * learned once from the renderers themselves (on a smallest machine), so a new field in either file
 * is testable without a change here. meminfo fields shown in kB compare in bytes; the rest as counts.
 */
package org.mmsim.shell;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.procfs.ProcFs;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

final class KernelFields {
    static final String MEMINFO = "/proc/meminfo";
    static final String VMSTAT = "/proc/vmstat";

    /** One field: its name, the file that shows it, and whether it is shown in kB. */
    record Field(String name, String file, boolean kilobytes) {
        /** The value in the unit expect compares: bytes for kB fields, the count otherwise. */
        long compared(ProcFs procfs) {
            long v = value(procfs);
            return kilobytes ? v << 10 : v;
        }

        /** The value as its /proc file shows it. */
        String shown(ProcFs procfs) {
            return value(procfs) + (kilobytes ? " kB" : "");
        }

        private long value(ProcFs procfs) {
            Long v = parse(procfs.read(file)).get(name);
            if (v == null) {
                throw new IllegalStateException(file + " has no " + name);
            }
            return v;
        }
    }

    private static Map<String, Field> fields;

    private KernelFields() {
    }

    /** The field of that name, or null. */
    static Field get(String name) {
        return known().get(name);
    }

    private static synchronized Map<String, Field> known() {
        if (fields == null) {
            ProcFs procfs = new ProcFs(Kernel.boot(MachineSpec.uniform(MachineSpec.MIN_MEMORY, 1, 1), 0));
            TreeMap<String, Field> f = new TreeMap<>();
            for (String file : new String[] {VMSTAT, MEMINFO}) {
                for (String line : procfs.read(file).split("\n")) {
                    String name = fieldName(line);
                    f.put(name, new Field(name, file, line.endsWith(" kB")));
                }
            }
            fields = Collections.unmodifiableMap(f);
        }
        return fields;
    }

    /** "MemFree:        123 kB" → MemFree; "pgfree 12" → pgfree. */
    private static String fieldName(String line) {
        String first = line.trim().split("\\s+")[0];
        return first.endsWith(":") ? first.substring(0, first.length() - 1) : first;
    }

    private static Map<String, Long> parse(String text) {
        Map<String, Long> values = new TreeMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            values.put(fieldName(line), Long.parseLong(parts[1]));
        }
        return values;
    }
}
