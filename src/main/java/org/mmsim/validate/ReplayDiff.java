/*
 * The differences between a program's host output and its simulated replay, both reduced to what
 * the replay produces (SimReplay.reduce): op by op (ret, errno, minflt, majflt and any vec/signal/at),
 * then each maps listing's VMAs (range), then their smaps counters, one line per differing field,
 * host value beside mmsim's. No Linux counterpart.
 */
package org.mmsim.validate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class ReplayDiff {
    private ReplayDiff() {
    }

    /** One line per difference; empty when the two outputs agree. */
    public static List<String> diff(List<String> host, List<String> sim) {
        List<String> out = new ArrayList<>();
        List<String> hostOps = select(host, "op ");
        List<String> simOps = select(sim, "op ");
        for (int i = 0; i < Math.max(hostOps.size(), simOps.size()); i++) {
            String h = i < hostOps.size() ? hostOps.get(i) : null;
            String s = i < simOps.size() ? simOps.get(i) : null;
            if (h == null || s == null) {
                out.add(row("op #" + i, h == null ? "<none>" : h, s == null ? "<none>" : s));
                continue;
            }
            String[] ht = h.split(" ");
            String label = "op " + ht[1] + " (line " + ht[2] + ", " + ht[3] + ") " + ht[4];
            fields(out, label, values(h, 5), values(s, 5));
        }
        List<List<String>> hostMaps = listings(host);
        List<List<String>> simMaps = listings(sim);
        for (int m = 0; m < Math.max(hostMaps.size(), simMaps.size()); m++) {
            List<String> h = m < hostMaps.size() ? hostMaps.get(m) : List.of();
            List<String> s = m < simMaps.size() ? simMaps.get(m) : List.of();
            String maps = "maps #" + (m + 1);
            for (int i = 0; i < Math.max(h.size(), s.size()); i++) {
                String hv = i < h.size() ? range(h.get(i)) : "<none>";
                String sv = i < s.size() ? range(s.get(i)) : "<none>";
                if (!hv.equals(sv)) {
                    out.add(row(maps + " vma " + (i + 1), hv, sv));
                }
            }
            for (int i = 0; i < Math.min(h.size(), s.size()); i++) {
                if (range(h.get(i)).equals(range(s.get(i)))) {
                    fields(out, maps + " vma " + range(h.get(i)), values(h.get(i), 3), values(s.get(i), 3));
                }
            }
        }
        return out;
    }

    private static List<String> select(List<String> lines, String prefix) {
        List<String> r = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                r.add(l);
            }
        }
        return r;
    }

    /** The vma lines of each maps listing, in order. */
    private static List<List<String>> listings(List<String> lines) {
        List<List<String>> r = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (String l : lines) {
            if (l.startsWith("vma ")) {
                pending.add(l);
            } else if (l.startsWith("maps ")) {
                r.add(pending);
                pending = new ArrayList<>();
            }
        }
        return r;
    }

    private static String range(String vmaLine) {
        String[] t = vmaLine.split(" ");
        return t[1] + "-" + t[2];
    }

    private static Map<String, String> values(String line, int from) {
        Map<String, String> kv = new LinkedHashMap<>();
        String[] t = line.split(" ");
        for (int i = from; i < t.length; i++) {
            int eq = t[i].indexOf('=');
            kv.put(eq < 0 ? t[i] : t[i].substring(0, eq), eq < 0 ? "" : t[i].substring(eq + 1));
        }
        return kv;
    }

    private static void fields(List<String> out, String label, Map<String, String> h, Map<String, String> s) {
        Map<String, String> all = new LinkedHashMap<>(h);
        s.forEach(all::putIfAbsent);
        for (String k : all.keySet()) {
            String hv = h.getOrDefault(k, "<none>");
            String sv = s.getOrDefault(k, "<none>");
            if (!hv.equals(sv)) {
                out.add(row(label + " " + k, hv, sv));
            }
        }
    }

    private static String row(String what, String host, String sim) {
        return String.format("  %-48s host %-20s mmsim %s", what, host, sim);
    }
}
