/*
 * GNU coreutils `sort` in the C locale as a pipe filter: byte order, -n (numeric), -r, -u (first of
 * each run of equal keys), -s (stable: no last-resort comparison), -t SEP, -k POS1[,POS2] (fields and
 * .characters counted from 1, with per-key b, n and r), and GNU's last resort: lines whose keys
 * compare equal are ordered by their whole bytes (reversed with -r) unless -s or -u is given. Fields
 * without -t start at the blanks before them, as GNU counts them. FILE operands are read and sorted
 * together; one that cannot be read stops sort with its message and no output. Left out: -o, -m,
 * -c, -f, -g, -h, -M, -V, --parallel and locales.
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

final class SortFilter {
    static final String TRY = "Try 'sort --help' for more information.";

    /** A key: start field and character (1-based; char 0 = the field's start), end field (0 = line end). */
    private record Key(int sField, int sChar, int eField, int eChar, boolean skipBlanks, boolean numeric,
                       boolean reverse) {
    }

    private SortFilter() {
    }

    static Pipeline.Filter parse(List<String> words) {
        Getopt g = new Getopt("sort", "nrusbk:t:", List.of(
                new Getopt.Long("numeric-sort", 'n', false),
                new Getopt.Long("reverse", 'r', false),
                new Getopt.Long("unique", 'u', false),
                new Getopt.Long("stable", 's', false),
                new Getopt.Long("ignore-leading-blanks", 'b', false),
                new Getopt.Long("key", 'k', true),
                new Getopt.Long("field-separator", 't', true)), words, TRY);
        boolean numeric = false, reverse = false, unique = false, stable = false, blanks = false;
        List<String> keySpecs = new ArrayList<>();
        int tab = -1;
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'n': numeric = true; break;
                case 'r': reverse = true; break;
                case 'u': unique = true; break;
                case 's': stable = true; break;
                case 'b': blanks = true; break;
                case 'k': keySpecs.add(o.arg()); break;
                default:
                    if (o.arg().isEmpty()) {
                        throw new ScenarioError("sort: empty tab");
                    }
                    if (o.arg().length() > 1) {
                        throw new ScenarioError("sort: multi-character tab ‘" + o.arg() + "’");
                    }
                    tab = o.arg().charAt(0);
            }
        }
        List<Key> keys = new ArrayList<>();
        for (String spec : keySpecs) {
            keys.add(key(spec, blanks, numeric, reverse));
        }
        if (keys.isEmpty()) {
            keys.add(new Key(1, 0, 0, 0, blanks, numeric, reverse));
        }
        int sep = tab;
        Comparator<String> byKeys = (a, b) -> {
            for (Key k : keys) {
                int c = compare(k, extract(k, a, sep), extract(k, b, sep));
                if (c != 0) {
                    return k.reverse() ? -c : c;
                }
            }
            return 0;
        };
        boolean lastResort = !stable && !unique, rev = reverse, uniq = unique;
        Comparator<String> order = lastResort
                ? byKeys.thenComparing((a, b) -> rev ? -bytes(a, b) : bytes(a, b)) : byKeys;
        return new Pipeline.Filter(List.copyOf(g.operands), (inputs, stderr) -> {
            List<String> lines = new ArrayList<>();
            for (Pipeline.Input in : inputs) {
                if (in.error() != null) {
                    stderr.accept(in.error() == Errno.EISDIR ? "sort: read failed: " + in.name() + ": "
                            + in.error().message() : "sort: cannot read: " + in.name() + ": " + in.error().message());
                    return "";
                }
                lines.addAll(Pipeline.lines(in.text()));
            }
            lines.sort(order);
            if (uniq) {
                List<String> kept = new ArrayList<>();
                for (String l : lines) {
                    if (kept.isEmpty() || byKeys.compare(kept.get(kept.size() - 1), l) != 0) {
                        kept.add(l);
                    }
                }
                lines = kept;
            }
            return Pipeline.join(lines);
        });
    }

    /** -k POS1[,POS2]: F[.C][bnr]; a key with no options of its own takes the global ones. */
    private static Key key(String spec, boolean blanks, boolean numeric, boolean reverse) {
        int comma = spec.indexOf(',');
        String pos1 = comma < 0 ? spec : spec.substring(0, comma);
        int[] s = position(pos1, spec, true);
        int[] e = comma < 0 ? new int[] {0, 0, 0} : position(spec.substring(comma + 1), spec, false);
        int opts = s[2] | e[2];
        if (opts == 0) {
            return new Key(s[0], s[1], e[0], e[1], blanks, numeric, reverse);
        }
        return new Key(s[0], s[1], e[0], e[1], (opts & 1) != 0, (opts & 2) != 0, (opts & 4) != 0);
    }

    /** Field, character and option bits (1 b, 2 n, 4 r) of one position. */
    private static int[] position(String pos, String spec, boolean start) {
        int i = 0;
        while (i < pos.length() && Character.isDigit(pos.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new ScenarioError("sort: invalid number at field start: invalid count at start of ‘" + pos + "’");
        }
        int field = (int) Math.min(Integer.MAX_VALUE, Long.parseLong(pos.substring(0, i)));
        if (field == 0) {
            throw new ScenarioError("sort: field number is zero: invalid field specification ‘" + spec + "’");
        }
        int ch = 0;
        if (i < pos.length() && pos.charAt(i) == '.') {
            int j = ++i;
            while (i < pos.length() && Character.isDigit(pos.charAt(i))) {
                i++;
            }
            if (i == j) {
                throw new ScenarioError("sort: invalid number after ‘.’: invalid count at start of ‘"
                        + pos.substring(j) + "’");
            }
            ch = Integer.parseInt(pos.substring(j, i));
            if (ch == 0 && start) {
                throw new ScenarioError("sort: character offset is zero: invalid field specification ‘" + spec
                        + "’");
            }
        }
        int opts = 0;
        for (; i < pos.length(); i++) {
            int bit = "bnr".indexOf(pos.charAt(i));
            if (bit < 0) {
                throw new ScenarioError("sort: stray character in field spec: invalid field specification ‘"
                        + spec + "’");
            }
            opts |= 1 << bit;
        }
        return new int[] {field, ch, opts};
    }

    /** The key's text in a line, as GNU's begfield() and limfield() find it. */
    private static String extract(Key k, String line, int tab) {
        int lim = line.length();
        int ptr = skipFields(line, 0, k.sField() - 1, tab, true);
        if (k.skipBlanks()) {
            ptr = skipBlanks(line, ptr);
        }
        int start = (int) Math.min(lim, (long) ptr + Math.max(0, k.sChar() - 1));
        int end = lim;
        if (k.eField() > 0) {
            int eword = k.eChar() == 0 ? k.eField() : k.eField() - 1;
            int p = 0;
            if (tab >= 0) {
                for (int w = 0; p < lim && w < eword; w++) {
                    while (p < lim && line.charAt(p) != tab) {
                        p++;
                    }
                    if (p < lim && (w + 1 < eword || k.eChar() != 0)) {
                        p++;
                    }
                }
            } else {
                p = skipFields(line, 0, eword, -1, false);
            }
            if (k.eChar() != 0) {
                if (k.skipBlanks()) {
                    p = skipBlanks(line, p);
                }
                p = (int) Math.min(lim, (long) p + k.eChar());
            }
            end = p;
        }
        return end <= start ? "" : line.substring(start, end);
    }

    private static int skipFields(String line, int from, int fields, int tab, boolean pastTab) {
        int p = from;
        int lim = line.length();
        for (int w = 0; p < lim && w < fields; w++) {
            if (tab >= 0) {
                while (p < lim && line.charAt(p) != tab) {
                    p++;
                }
                if (p < lim && pastTab) {
                    p++;
                }
            } else {
                p = skipBlanks(line, p);
                while (p < lim && !blank(line.charAt(p))) {
                    p++;
                }
            }
        }
        return p;
    }

    private static int skipBlanks(String s, int from) {
        int p = from;
        while (p < s.length() && blank(s.charAt(p))) {
            p++;
        }
        return p;
    }

    private static boolean blank(char c) {
        return c == ' ' || c == '\t';
    }

    private static int compare(Key k, String a, String b) {
        if (!k.numeric()) {
            return bytes(k.skipBlanks() ? a.substring(skipBlanks(a, 0)) : a,
                    k.skipBlanks() ? b.substring(skipBlanks(b, 0)) : b);
        }
        return number(a).compareTo(number(b));
    }

    /** The number at the start of a field after blanks, as -n reads it in the C locale; 0 if none. */
    private static BigDecimal number(String s) {
        int p = skipBlanks(s, 0);
        int start = p;
        if (p < s.length() && s.charAt(p) == '-') {
            p++;
        }
        int digits = p;
        while (p < s.length() && Character.isDigit(s.charAt(p))) {
            p++;
        }
        int intEnd = p;
        if (p < s.length() && s.charAt(p) == '.') {
            p++;
            while (p < s.length() && Character.isDigit(s.charAt(p))) {
                p++;
            }
        }
        String num = s.substring(start, p);
        if (intEnd == digits && (p == intEnd || p == intEnd + 1)) {
            return BigDecimal.ZERO;
        }
        if (num.endsWith(".")) {
            num = num.substring(0, num.length() - 1);
        }
        if (num.startsWith("-.") || num.startsWith(".")) {
            num = num.replaceFirst("\\.", "0.");
        }
        return new BigDecimal(num);
    }

    private static int bytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
