/*
 * GNU grep's regular expressions (POSIX BRE by default, ERE with -E, with GNU's extensions) compiled
 * to java.util.regex: BRE's \( \) \{ \} \| \+ \? operators and literal ( ) { } | + ?, `*` literal at
 * the start of an expression, `^`/`$` anchors only at the ends of a BRE (literal elsewhere), bracket
 * expressions with POSIX classes ([[:digit:]]) and a leading `]`, ERE intervals {,m}, an ERE `{` or
 * `)` that starts nothing is literal, \< \> \w \W \s \S \b \B, and back references. Errors carry
 * grep's messages ("Unmatched ( or \(", "Trailing backslash", ...). Left out: equivalence classes
 * [=a=] and collating symbols [.a.] (refused), locales other than C.
 */
package org.mmsim.shell;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

final class PosixRegex {
    private static final String JAVA_SPECIAL = "\\^$.|?*+()[]{}";

    private final String re;
    private final boolean extended;
    private final StringBuilder out = new StringBuilder();
    private int pos;
    private int groups;
    private int depth;

    private PosixRegex(String re, boolean extended) {
        this.re = re;
        this.extended = extended;
    }

    /** Compiles a grep pattern; throws ScenarioError with grep's message when it is malformed. */
    static Pattern compile(String re, boolean extended, boolean ignoreCase) {
        String java = new PosixRegex(re, extended).translate();
        try {
            return Pattern.compile(java, ignoreCase ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw new ScenarioError("grep: Invalid regular expression");
        }
    }

    private String translate() {
        boolean atStart = true;
        while (pos < re.length()) {
            char c = re.charAt(pos++);
            boolean wasStart = atStart;
            atStart = false;
            if (c == '\\') {
                atStart = escape();
            } else if (c == '[') {
                bracket();
            } else if (c == '*' && wasStart) {
                out.append("\\*");
                atStart = !extended;
            } else if (c == '^') {
                if (extended || wasStart) {
                    out.append('^');
                    atStart = true;
                } else {
                    out.append("\\^");
                }
            } else if (c == '$') {
                out.append(extended || atEndOfBre() ? "$" : "\\$");
            } else if (extended && (c == '+' || c == '?') && wasStart) {
                out.append('\\').append(c);
            } else if (extended && c == '(') {
                open();
                atStart = true;
            } else if (extended && c == ')' && depth > 0) {
                depth--;
                out.append(')');
            } else if (extended && c == '|') {
                out.append('|');
                atStart = true;
            } else if (extended && c == '{' && !wasStart && interval('}')) {
                continue;
            } else if (c == '*' || (extended && (c == '+' || c == '?'))) {
                quantifier(c);
            } else if (c == '.') {
                out.append(c);
            } else {
                literal(c);
            }
        }
        if (depth > 0) {
            throw new ScenarioError("grep: Unmatched ( or \\(");
        }
        return out.toString();
    }

    /** The character after a backslash; returns whether an expression starts after it. */
    private boolean escape() {
        if (pos >= re.length()) {
            throw new ScenarioError("grep: Trailing backslash");
        }
        char c = re.charAt(pos++);
        if (!extended) {
            switch (c) {
                case '(': open(); return true;
                case ')':
                    if (depth == 0) {
                        throw new ScenarioError("grep: Unmatched ) or \\)");
                    }
                    depth--;
                    out.append(')');
                    return false;
                case '|': out.append('|'); return true;
                case '+': case '?': quantifier(c); return false;
                case '{':
                    if (!interval('\\')) {
                        throw new ScenarioError("grep: Unmatched \\{");
                    }
                    return false;
                default: break;
            }
        }
        if (c >= '1' && c <= '9') {
            if (c - '0' > groups) {
                throw new ScenarioError("grep: Invalid back reference");
            }
            out.append('\\').append(c);
        } else if (c == '<') {
            out.append("\\b(?=\\w)");
        } else if (c == '>') {
            out.append("\\b(?<=\\w)");
        } else if ("wWsSbB".indexOf(c) >= 0) {
            out.append('\\').append(c);
        } else {
            literal(c);
        }
        return false;
    }

    /**
     * A repetition operator. POSIX stacks them (a** is a*); Java would read a second one as lazy or
     * possessive, so a stacked pair is folded into the single operator it means.
     */
    private void quantifier(char q) {
        int last = out.length() - 1;
        char prev = last >= 0 ? out.charAt(last) : 0;
        boolean stacked = (prev == '*' || prev == '+' || prev == '?') && (last == 0 || out.charAt(last - 1) != '\\');
        if (!stacked) {
            out.append(q);
            return;
        }
        out.setCharAt(last, prev == q && q != '*' ? q : '*');
    }

    private void open() {
        groups++;
        depth++;
        out.append('(');
    }

    /** BRE: `$` is an anchor only at the end of the pattern or before \) or \|. */
    private boolean atEndOfBre() {
        return pos >= re.length() || re.startsWith("\\)", pos) || re.startsWith("\\|", pos);
    }

    /**
     * An interval after `{` (ERE) or `\{` (BRE, closed by `\}`): {n}, {n,}, {,m}, {n,m}. Emits it and
     * returns true, or returns false leaving the input where it was when it is not one.
     */
    private boolean interval(char closer) {
        int p = pos;
        StringBuilder min = new StringBuilder();
        StringBuilder max = new StringBuilder();
        while (p < re.length() && Character.isDigit(re.charAt(p))) {
            min.append(re.charAt(p++));
        }
        boolean comma = p < re.length() && re.charAt(p) == ',';
        if (comma) {
            p++;
            while (p < re.length() && Character.isDigit(re.charAt(p))) {
                max.append(re.charAt(p++));
            }
        }
        String close = closer == '\\' ? "\\}" : "}";
        if (!re.startsWith(close, p) || (min.length() == 0 && !comma)) {
            return false;
        }
        out.append('{').append(min.length() == 0 ? "0" : min);
        if (comma) {
            out.append(',').append(max);
        }
        out.append('}');
        pos = p + close.length();
        return true;
    }

    /** A bracket expression, after its `[`. */
    private void bracket() {
        StringBuilder cls = new StringBuilder("[");
        if (pos < re.length() && re.charAt(pos) == '^') {
            cls.append('^');
            pos++;
        }
        if (pos >= re.length()) {
            throw new ScenarioError("grep: Invalid regular expression");
        }
        int start = pos;
        boolean first = true;
        while (true) {
            if (pos >= re.length()) {
                throw new ScenarioError("grep: Unmatched [, [^, [:, [., or [=");
            }
            char c = re.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            first = false;
            if (c == '[' && pos + 1 < re.length() && ":=.".indexOf(re.charAt(pos + 1)) >= 0) {
                char kind = re.charAt(pos + 1);
                int end = re.indexOf(kind + "]", pos + 2);
                if (end < 0) {
                    throw new ScenarioError("grep: Unmatched [, [^, [:, [., or [=");
                }
                if (kind != ':') {
                    throw new ScenarioError("grep: [" + kind + " " + kind + "] (equivalence classes and collating "
                            + "symbols) are not supported");
                }
                cls.append(posixClass(re.substring(pos + 2, end)));
                pos = end + 2;
                continue;
            }
            boolean range = pos + 2 < re.length() && re.charAt(pos + 1) == '-' && re.charAt(pos + 2) != ']';
            if (range) {
                if (c > re.charAt(pos + 2)) {
                    throw new ScenarioError("grep: Invalid range end");
                }
                cls.append(classChar(c)).append('-').append(classChar(re.charAt(pos + 2)));
                pos += 3;
            } else {
                cls.append(classChar(c));
                pos++;
            }
        }
        if (re.substring(start, pos - 1).matches(":[a-z]+:")) {
            throw new ScenarioError("grep: character class syntax is [[:space:]], not [:space:]");
        }
        out.append(cls).append(']');
    }

    private static String classChar(char c) {
        return Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c;
    }

    private static String posixClass(String name) {
        switch (name) {
            case "digit": return "0-9";
            case "alpha": return "A-Za-z";
            case "alnum": return "A-Za-z0-9";
            case "upper": return "A-Z";
            case "lower": return "a-z";
            case "space": return " \\t\\n\\r\\f\\x0B";
            case "blank": return " \\t";
            case "punct": return "\\p{Punct}";
            case "xdigit": return "0-9A-Fa-f";
            case "print": return "\\x20-\\x7E";
            case "graph": return "\\x21-\\x7E";
            case "cntrl": return "\\x00-\\x1F\\x7F";
            default: throw new ScenarioError("grep: Invalid character class name");
        }
    }

    private void literal(char c) {
        if (c == '[' || JAVA_SPECIAL.indexOf(c) >= 0) {
            out.append('\\');
        }
        out.append(c);
    }
}
