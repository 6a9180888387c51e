/*
 * The output of one native run of a validation program (format in docs/validate.md): per-operation
 * results and the program's VMAs with their smaps counters, as printed by vprun. Parses only; it does
 * not judge whether the results are right.
 */
package org.mmsim.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class RunResult {
    /** {@code op INDEX LINE P|C NAME ret=.. errno=.. minflt=.. majflt=.. [data=..|vec=..|signal=.. at=..]}. */
    public record OpResult(int index, int line, char process, String name, String ret, String errno,
                           long minorFaults, long majorFaults, Map<String, String> extra) {
    }

    /** {@code vma START END PERMS OFFSET NAME Key=kB... VmFlags=a,b,..}; addresses are relative. */
    public record Vma(String start, String end, String perms, String offset, String name,
                      Map<String, Long> kb, List<String> vmFlags) {
        public long kb(String key) {
            Long v = kb.get(key);
            if (v == null) {
                throw new IllegalArgumentException("no smaps counter " + key);
            }
            return v;
        }
    }

    /** The VMAs one process had when it ran a {@code maps} operation or, for the parent, at the end. */
    public record Maps(char process, List<Vma> vmas) {
    }

    public final String header;
    public final List<OpResult> ops;
    public final List<Maps> maps;
    public final String text;

    private RunResult(String text, String header, List<OpResult> ops, List<Maps> maps) {
        this.text = text;
        this.header = header;
        this.ops = List.copyOf(ops);
        this.maps = List.copyOf(maps);
    }

    /** The parent's VMAs at the end of the program. */
    public Maps finalMaps() {
        return maps.get(maps.size() - 1);
    }

    public OpResult op(int index) {
        for (OpResult r : ops) {
            if (r.index == index) {
                return r;
            }
        }
        throw new IllegalArgumentException("no result for op " + index);
    }

    public static RunResult parse(String text) {
        String header = null;
        List<OpResult> ops = new ArrayList<>();
        List<Maps> maps = new ArrayList<>();
        List<Vma> pending = new ArrayList<>();
        boolean ended = false;
        for (String line : text.split("\n")) {
            String[] t = line.split(" ");
            switch (t[0]) {
                case "vprun":
                    header = line;
                    break;
                case "op": {
                    Map<String, String> kv = keyValues(t, 5);
                    Map<String, String> extra = new LinkedHashMap<>(kv);
                    for (String k : List.of("ret", "errno", "minflt", "majflt")) {
                        if (extra.remove(k) == null) {
                            throw new IllegalArgumentException("op line without " + k + ": " + line);
                        }
                    }
                    ops.add(new OpResult(Integer.parseInt(t[1]), Integer.parseInt(t[2]), t[3].charAt(0), t[4],
                            kv.get("ret"), kv.get("errno"), Long.parseLong(kv.get("minflt")),
                            Long.parseLong(kv.get("majflt")), Map.copyOf(extra)));
                    break;
                }
                case "vma": {
                    Map<String, String> kv = keyValues(t, 6);
                    String flags = kv.remove("VmFlags");
                    Map<String, Long> kb = new LinkedHashMap<>();
                    kv.forEach((k, v) -> kb.put(k, Long.parseLong(v)));
                    pending.add(new Vma(t[1], t[2], t[3], t[4], t[5], kb,
                            flags == null || flags.isEmpty() ? List.of() : Arrays.asList(flags.split(","))));
                    break;
                }
                case "maps":
                    if (Integer.parseInt(t[2]) != pending.size()) {
                        throw new IllegalArgumentException("maps count mismatch: " + line);
                    }
                    maps.add(new Maps(t[1].charAt(0), List.copyOf(pending)));
                    pending.clear();
                    break;
                case "end":
                    ended = true;
                    break;
                case "error":
                    throw new IllegalStateException("vprun: " + line);
                default:
                    throw new IllegalArgumentException("unexpected line: " + line);
            }
        }
        if (header == null || !ended || maps.isEmpty()) {
            throw new IllegalArgumentException("incomplete vprun output");
        }
        return new RunResult(text, header, ops, maps);
    }

    private static Map<String, String> keyValues(String[] tokens, int from) {
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = from; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected key=value: " + tokens[i]);
            }
            kv.put(tokens[i].substring(0, eq), tokens[i].substring(eq + 1));
        }
        return kv;
    }
}
