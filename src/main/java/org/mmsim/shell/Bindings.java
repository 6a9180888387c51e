/*
 * The names a scenario binds with `NAME = command`, tracked while parsing so that a name used before
 * it is bound, after it was freed (a double free), for the wrong kind of object, or re-bound while
 * still live is a FILE:LINE error before anything runs. Runtime values live in the Session.
 */
package org.mmsim.shell;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

public final class Bindings {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** A name's kind (what produced it), the line that bound it, and the line that released it (0 if live). */
    private static final class Binding {
        final String kind;
        final int boundAt;
        int releasedAt;

        Binding(String kind, int boundAt) {
            this.kind = kind;
            this.boundAt = boundAt;
        }
    }

    private final Map<String, Binding> names = new HashMap<>();

    /** The names bound now and not yet freed, sorted (the shell completes them). */
    public SortedSet<String> live() {
        SortedSet<String> out = new TreeSet<>();
        names.forEach((name, b) -> {
            if (b.releasedAt == 0) {
                out.add(name);
            }
        });
        return out;
    }

    /** An independent copy (a forked task's names start as its parent's). */
    Bindings copy() {
        Bindings c = new Bindings();
        names.forEach((name, b) -> {
            Binding nb = new Binding(b.kind, b.boundAt);
            nb.releasedAt = b.releasedAt;
            c.names.put(name, nb);
        });
        return c;
    }

    public static void checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ScenarioError("\"" + name + "\" is not a name (letters, digits and _, not starting with a digit)");
        }
    }

    public void bind(String name, String kind, int line) {
        checkName(name);
        Binding b = names.get(name);
        if (b != null && b.releasedAt == 0) {
            throw new ScenarioError(name + " is already bound (line " + b.boundAt + ") and not freed");
        }
        names.put(name, new Binding(kind, line));
    }

    /** Whether a command's parser already bound this name on this line, with a kind of its own. */
    public boolean boundOnLine(String name, int line) {
        Binding b = names.get(name);
        return b != null && b.releasedAt == 0 && b.boundAt == line;
    }

    /** The kind of a live name, or null if the name is not bound now. */
    public String kindOf(String name) {
        Binding b = names.get(name);
        return b == null || b.releasedAt != 0 ? null : b.kind;
    }

    /** A use that keeps the binding (kmem_cache_alloc C): C must be live and of that kind. */
    public void use(String command, String name, String kind) {
        live(command, name, kind);
    }

    /** A use that ends the binding (free_pages, kfree): a second release is a double free. */
    public void release(String command, String name, String kind, int line) {
        live(command, name, kind).releasedAt = line;
    }

    private Binding live(String command, String name, String kind) {
        checkName(name);
        Binding b = names.get(name);
        if (b == null) {
            throw new ScenarioError(command + ": " + name + " is not bound");
        }
        if (b.releasedAt != 0) {
            throw new ScenarioError(command + ": " + name + " was already freed (line " + b.releasedAt + ")");
        }
        if (!b.kind.equals(kind)) {
            throw new ScenarioError(command + ": " + name + " holds " + b.kind + " (line " + b.boundAt
                    + "), not " + kind);
        }
        return b;
    }
}
