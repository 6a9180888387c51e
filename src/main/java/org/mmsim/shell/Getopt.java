/*
 * glibc getopt_long() as the GNU and procps tools call it: clustered short options (-ic), an option's
 * argument glued or in the next word (-n3, -n 3), long options with = or the next word, unique
 * prefixes of long options, "--" ending the options, and GNU's permutation (options may follow the
 * operands). A bad option is refused with glibc's message and the tool's usage tail, as a scenario
 * error before anything runs. Left out: optional arguments (::), POSIXLY_CORRECT ordering, and
 * listing the candidates of an ambiguous prefix.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;

final class Getopt {
    /** One parsed option: its short letter (or the long option's code) and its argument, or null. */
    record Option(char code, String arg) {
    }

    /** A long option: its name, the code it returns, and whether it takes an argument. */
    record Long(String name, char code, boolean hasArg) {
    }

    final List<Option> options = new ArrayList<>();
    final List<String> operands = new ArrayList<>();

    /**
     * Parses words. `shortSpec` is getopt's string ("n:c:v"); `usageTail` is what the tool prints
     * after glibc's message (for coreutils: "Try 'head --help' for more information.").
     */
    Getopt(String prog, String shortSpec, List<Long> longs, List<String> words, String usageTail) {
        boolean optionsEnded = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (optionsEnded || w.length() < 2 || w.charAt(0) != '-') {
                operands.add(w);
            } else if (w.equals("--")) {
                optionsEnded = true;
            } else if (w.startsWith("--")) {
                i = longOption(prog, longs, words, i, usageTail);
            } else {
                for (int j = 1; j < w.length(); j++) {
                    char c = w.charAt(j);
                    int at = c == ':' ? -1 : shortSpec.indexOf(c);
                    if (at < 0) {
                        throw fail(prog + ": invalid option -- '" + c + "'", usageTail);
                    }
                    boolean hasArg = at + 1 < shortSpec.length() && shortSpec.charAt(at + 1) == ':';
                    if (!hasArg) {
                        options.add(new Option(c, null));
                        continue;
                    }
                    if (j + 1 < w.length()) {
                        options.add(new Option(c, w.substring(j + 1)));
                    } else if (i + 1 < words.size()) {
                        options.add(new Option(c, words.get(++i)));
                    } else {
                        throw fail(prog + ": option requires an argument -- '" + c + "'", usageTail);
                    }
                    break;
                }
            }
        }
    }

    private int longOption(String prog, List<Long> longs, List<String> words, int i, String usageTail) {
        String w = words.get(i);
        int eq = w.indexOf('=');
        String name = eq < 0 ? w.substring(2) : w.substring(2, eq);
        Long found = null;
        int matches = 0;
        for (Long l : longs) {
            if (l.name().equals(name)) {
                found = l;
                matches = 1;
                break;
            }
            if (l.name().startsWith(name)) {
                found = l;
                matches++;
            }
        }
        if (matches == 0) {
            throw fail(prog + ": unrecognized option '" + w + "'", usageTail);
        }
        if (matches > 1) {
            throw fail(prog + ": option '" + w + "' is ambiguous", usageTail);
        }
        if (!found.hasArg()) {
            if (eq >= 0) {
                throw fail(prog + ": option '--" + found.name() + "' doesn't allow an argument", usageTail);
            }
            options.add(new Option(found.code(), null));
            return i;
        }
        if (eq >= 0) {
            options.add(new Option(found.code(), w.substring(eq + 1)));
            return i;
        }
        if (i + 1 >= words.size()) {
            throw fail(prog + ": option '--" + found.name() + "' requires an argument", usageTail);
        }
        options.add(new Option(found.code(), words.get(i + 1)));
        return i + 1;
    }

    static ScenarioError fail(String message, String usageTail) {
        return new ScenarioError(usageTail.isEmpty() ? message : message + "\n" + usageTail);
    }

    /** The words of a pipeline stage or command, refusing operators (> < = ...) the tool cannot take. */
    static List<String> words(String prog, List<Tokenizer.Token> tokens) {
        List<String> out = new ArrayList<>();
        for (Tokenizer.Token t : tokens) {
            if (t.operator() && !t.text().equals("=")) {
                throw new ScenarioError(prog + ": unexpected \"" + t.text() + "\"");
            }
            out.add(t.text());
        }
        return out;
    }
}
