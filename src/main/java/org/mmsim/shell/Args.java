/*
 * The arguments of one command: positional words and key=value words, checked against what the
 * command declares it takes, so every command reports a missing, unknown or repeated argument with
 * the same wording. Commands with a syntax of their own (echo's redirect, expect's operator) read
 * the raw tokens instead.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

public final class Args {
    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private final String command;
    private final String usage;
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> keywords = new LinkedHashMap<>();

    /**
     * Splits tokens into positionals and key=value pairs. `keys` lists the keys the command takes; a
     * key ending in '#' stands for any key with that prefix followed by digits (node0=, node1=).
     */
    public Args(String command, String usage, List<Tokenizer.Token> tokens, int minPositional, int maxPositional,
                String... keys) {
        this.command = command;
        this.usage = usage;
        for (Tokenizer.Token t : tokens) {
            if (t.operator()) {
                throw new ScenarioError(command + ": unexpected \"" + t.text() + "\" (usage: " + usage + ")");
            }
            int eq = t.text().indexOf('=');
            if (!t.quoted() && eq > 0 && KEY.matcher(t.text().substring(0, eq)).matches()) {
                String key = t.text().substring(0, eq);
                if (!declared(key, keys)) {
                    throw new ScenarioError(command + ": unknown argument \"" + key + "=\" (usage: " + usage + ")");
                }
                if (keywords.put(key, t.text().substring(eq + 1)) != null) {
                    throw new ScenarioError(command + ": " + key + "= given twice");
                }
            } else {
                positional.add(t.text());
            }
        }
        if (positional.size() < minPositional) {
            throw new ScenarioError(command + ": missing argument (usage: " + usage + ")");
        }
        if (positional.size() > maxPositional) {
            throw new ScenarioError(command + ": unexpected argument \"" + positional.get(maxPositional)
                    + "\" (usage: " + usage + ")");
        }
    }

    private static boolean declared(String key, String[] keys) {
        for (String k : keys) {
            if (k.endsWith("#")) {
                String prefix = k.substring(0, k.length() - 1);
                if (key.length() > prefix.length() && key.startsWith(prefix)
                        && key.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                    return true;
                }
            } else if (k.equals(key)) {
                return true;
            }
        }
        return false;
    }

    public String positional(int i) {
        return positional.get(i);
    }

    public int positionalCount() {
        return positional.size();
    }

    /** The value of key=, or null when not given. */
    public String get(String key) {
        String v = keywords.get(key);
        if (v != null && v.isEmpty()) {
            throw new ScenarioError(command + ": " + key + "= needs a value (usage: " + usage + ")");
        }
        return v;
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public Map<String, String> keywords() {
        return keywords;
    }
}
