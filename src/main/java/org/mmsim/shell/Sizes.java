/*
 * Sizes and numbers as scenario arguments take them: decimal or 0x hex, with an optional binary
 * suffix K, M, G or T (either case, as the kernel's memparse() accepts), or kB as /proc/meminfo
 * prints it. Left out: memparse's P and E suffixes (beyond any machine mmsim boots).
 */
package org.mmsim.shell;

import java.util.Locale;

public final class Sizes {
    private Sizes() {
    }

    /** Bytes for "8G", "512M", "0x1000", "7340032kB", "4096"; throws ScenarioError otherwise. */
    public static long parse(String text) {
        String t = text;
        int shift = 0;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.endsWith("kb") && !lower.startsWith("0x")) {
            shift = 10;
            t = t.substring(0, t.length() - 2);
        } else if (!t.isEmpty() && !lower.startsWith("0x")) {
            int s = "kmgt".indexOf(lower.charAt(lower.length() - 1));
            if (s >= 0) {
                shift = 10 * (s + 1);
                t = t.substring(0, t.length() - 1);
            }
        }
        long value = number(t, text);
        if (value > (Long.MAX_VALUE >> shift)) {
            throw new ScenarioError("size \"" + text + "\" is too large");
        }
        return value << shift;
    }

    /** A plain non-negative number, decimal or 0x hex, with no suffix. */
    public static long number(String text, String shownAs) {
        try {
            long v = text.startsWith("0x") || text.startsWith("0X")
                    ? Long.parseUnsignedLong(text.substring(2), 16)
                    : Long.parseLong(text);
            if (v >= 0 && !text.startsWith("+") && !text.startsWith("-")) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ScenarioError("bad size \"" + shownAs
                + "\" (want a number with an optional K, M, G or T suffix, or 0x hex)");
    }

    /** A small integer argument (an order, a node, a count) with its allowed range. */
    public static int integer(String what, String text, int min, int max) {
        long v;
        try {
            v = text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ScenarioError(what + " must be a number, not \"" + text + "\"");
        }
        if (v < min || v > max) {
            throw new ScenarioError(what + " must be between " + min + " and " + max + ", not " + text);
        }
        return (int) v;
    }
}
