/*
 * GNU getopt_long as the reimplemented tools (slabtop, numactl, numastat) parse their command lines:
 * short options from an optstring ("d:s:oh": ':' takes an argument, '::' an optional one attached to
 * the option), clustered short options (-os c), long options (--sort c, --sort=c, unambiguous
 * prefixes), "--" ending options, and non-options kept in order (GNU permutes them to the end).
 * A bad option is a scenario error naming it as getopt would, followed by the tool's own usage
 * text as the tool prints it to stderr. Left out: POSIXLY_CORRECT ordering.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class GetOpt {
    /** One option as getopt returns it: its short name and its argument (null when none). */
    record Opt(char name, String arg) {
    }

    final List<Opt> options = new ArrayList<>();
    final List<String> operands = new ArrayList<>();

    /**
     * longOptions maps a long name to the short option it stands for (and whose argument spec it
     * shares); usageText is what the tool prints after getopt's message.
     */
    GetOpt(String command, String usageText, String optstring, Map<String, Character> longOptions,
           List<Tokenizer.Token> tokens) {
        boolean onlyOperands = false;
        for (int i = 0; i < tokens.size(); i++) {
            Tokenizer.Token t = tokens.get(i);
            String s = t.text();
            if (t.operator()) {
                throw fail(command + ": unexpected \"" + s + "\"", usageText);
            }
            if (onlyOperands || t.quoted() || !s.startsWith("-") || s.equals("-")) {
                operands.add(s);
            } else if (s.equals("--")) {
                onlyOperands = true;
            } else if (s.startsWith("--")) {
                i = longOption(command, usageText, optstring, longOptions, tokens, i);
            } else {
                for (int j = 1; j < s.length(); j++) {
                    char c = s.charAt(j);
                    int at = c == ':' ? -1 : optstring.indexOf(c);
                    if (at < 0) {
                        throw fail(command + ": invalid option -- '" + c + "'", usageText);
                    }
                    boolean takesArg = at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
                    boolean optional = takesArg && at + 2 < optstring.length() && optstring.charAt(at + 2) == ':';
                    if (!takesArg) {
                        options.add(new Opt(c, null));
                        continue;
                    }
                    String rest = s.substring(j + 1);
                    if (!rest.isEmpty() || optional) {
                        options.add(new Opt(c, rest.isEmpty() ? null : rest));
                    } else if (i + 1 < tokens.size()) {
                        options.add(new Opt(c, tokens.get(++i).text()));
                    } else {
                        throw fail(command + ": option requires an argument -- '" + c + "'", usageText);
                    }
                    break;
                }
            }
        }
    }

    private int longOption(String command, String usageText, String optstring, Map<String, Character> longOptions,
                           List<Tokenizer.Token> tokens, int i) {
        String s = tokens.get(i).text().substring(2);
        int eq = s.indexOf('=');
        String name = eq < 0 ? s : s.substring(0, eq);
        Character match = longOptions.get(name);
        if (match == null) {
            for (Map.Entry<String, Character> e : longOptions.entrySet()) {
                if (e.getKey().startsWith(name) && !name.isEmpty()) {
                    if (match != null && !match.equals(e.getValue())) {
                        throw fail(command + ": option '--" + name + "' is ambiguous", usageText);
                    }
                    match = e.getValue();
                }
            }
        }
        if (match == null) {
            throw fail(command + ": unrecognized option '--" + name + "'", usageText);
        }
        int at = optstring.indexOf(match);
        boolean takesArg = at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
        if (!takesArg) {
            if (eq >= 0) {
                throw fail(command + ": option '--" + name + "' doesn't allow an argument", usageText);
            }
            options.add(new Opt(match, null));
        } else if (eq >= 0) {
            options.add(new Opt(match, s.substring(eq + 1)));
        } else if (i + 1 < tokens.size()) {
            options.add(new Opt(match, tokens.get(++i).text()));
        } else {
            throw fail(command + ": option '--" + name + "' requires an argument", usageText);
        }
        return i;
    }

    private static ScenarioError fail(String message, String usageText) {
        return new ScenarioError(message + "\n" + usageText);
    }
}
