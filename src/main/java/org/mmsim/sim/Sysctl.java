/*
 * The sysctl registry behind /proc/sys (kernel/sysctl.c, fs/proc/proc_sysctl.c). Mechanisms register
 * their tunables here; reads and writes go through proc_dointvec_minmax-style handlers with Linux's
 * errors. Entries are kept sorted by name, as proc_sysctl's rbtree returns them.
 */
package org.mmsim.sim;

import java.util.Collection;
import java.util.Collections;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

public final class Sysctl {
    /** One tunable: a dotted name (vm.swappiness), how to read it and how to write it. */
    public interface Entry {
        String name();

        /** The file's content as /proc/sys shows it, with the trailing newline. */
        String read();

        /** Applies a value written to the file; throws KernelError with Linux's errno, changing nothing. */
        void write(String value);

        default boolean writable() {
            return true;
        }

        /** False for a write-only file (mode 0200, as vm.drop_caches): reading it fails with EACCES. */
        default boolean readable() {
            return true;
        }
    }

    /** An entry that knows its name; subclasses say how it reads and writes. */
    private abstract static class Named implements Entry {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }

    /** Called after a successful write, with the new value, to recompute what depends on it. */
    public interface IntHandler {
        void apply(int value);
    }

    /** Called after a successful write of an integer vector. */
    public interface VectorHandler {
        void apply(long[] values);
    }

    private final TreeMap<String, Entry> entries = new TreeMap<>();

    public void register(Entry e) {
        if (entries.putIfAbsent(e.name(), e) != null) {
            throw new IllegalStateException("sysctl registered twice: " + e.name());
        }
    }

    /** Looks up by dotted (vm.swappiness) or slashed (vm/swappiness) name; null when absent. */
    public Entry get(String name) {
        return entries.get(name.replace('/', '.'));
    }

    public Collection<Entry> all() {
        return Collections.unmodifiableCollection(entries.values());
    }

    /** An int tunable with an inclusive range, as proc_dointvec_minmax. */
    public Entry registerInt(String name, IntSupplier value, long min, long max, IntHandler onWrite) {
        Entry e = new Named(name) {
            @Override
            public String read() {
                return value.getAsInt() + "\n";
            }

            @Override
            public void write(String text) {
                long v = parseSingle(text);
                if (v < min || v > max) {
                    throw new KernelError(Errno.EINVAL);
                }
                onWrite.apply((int) v);
            }
        };
        register(e);
        return e;
    }

    /** A vector of integers shown tab-separated, each element within [min, max] (proc_dointvec_minmax). */
    public Entry registerVector(String name, java.util.function.Supplier<long[]> value, long min, long max,
                                VectorHandler onWrite) {
        Entry e = new Named(name) {
            @Override
            public String read() {
                long[] v = value.get();
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < v.length; i++) {
                    if (i > 0) {
                        sb.append('\t');
                    }
                    sb.append(v[i]);
                }
                return sb.append('\n').toString();
            }

            @Override
            public void write(String text) {
                long[] current = value.get().clone();
                String[] parts = text.trim().split("\\s+");
                if (parts.length == 0 || parts[0].isEmpty()) {
                    throw new KernelError(Errno.EINVAL);
                }
                // Like proc_dointvec: values beyond the vector's length are ignored, missing ones unchanged.
                for (int i = 0; i < parts.length && i < current.length; i++) {
                    long v = parseLong(parts[i]);
                    if (v < min || v > max) {
                        throw new KernelError(Errno.EINVAL);
                    }
                    current[i] = v;
                }
                onWrite.apply(current);
            }
        };
        register(e);
        return e;
    }

    /**
     * An unsigned long tunable without bounds (proc_doulongvec_minmax with no extra1/extra2): a
     * sign or a value past ULONG_MAX is EINVAL.
     */
    public Entry registerUlong(String name, LongSupplier value, LongConsumer onWrite) {
        Entry e = new Named(name) {
            @Override
            public String read() {
                return Long.toUnsignedString(value.getAsLong()) + "\n";
            }

            @Override
            public void write(String text) {
                String t = text.trim();
                if (t.isEmpty() || t.startsWith("-") || t.split("\\s+").length != 1) {
                    throw new KernelError(Errno.EINVAL);
                }
                try {
                    onWrite.accept(Long.parseUnsignedLong(t.startsWith("+") ? t.substring(1) : t));
                } catch (NumberFormatException ex) {
                    throw new KernelError(Errno.EINVAL);
                }
            }
        };
        register(e);
        return e;
    }

    /** A mode 0444 file (fs.dentry-state and the like): its text as the supplier gives it; writes fail with EACCES. */
    public Entry registerReadOnly(String name, java.util.function.Supplier<String> text) {
        Entry e = new Named(name) {
            @Override
            public String read() {
                return text.get();
            }

            @Override
            public void write(String value) {
                throw new KernelError(Errno.EACCES);
            }
        };
        register(e);
        return e;
    }

    /** Parses one integer as proc_dointvec does: optional sign, decimal, surrounding whitespace. */
    public static long parseSingle(String text) {
        String t = text.trim();
        if (t.isEmpty() || t.split("\\s+").length != 1) {
            throw new KernelError(Errno.EINVAL);
        }
        return parseLong(t);
    }

    private static long parseLong(String t) {
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException ex) {
            throw new KernelError(Errno.EINVAL);
        }
    }
}
