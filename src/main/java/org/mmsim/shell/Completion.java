/*
 * What Tab offers at the shell, as bash-completion would on a real machine: command names (the
 * registry and the shell's built-ins) for the first word, or the word after `NAME =`, the commands
 * a task runs (mmap, write, fork, ...) only after a `TASK:` prefix, live tasks as `TASK:` prefixes; /proc and
 * /sys paths one directory at a time for any word starting with / and every argument of `cat`;
 * dotted sysctl names after `sysctl` (with a trailing = after -w); GFP flag names after `gfp=`,
 * each flag after a `|` too; otherwise the names bound now and the command's key= arguments (read
 * from its usage line), a task's own names on its lines. Each candidate is the whole word it would become.
 * Left out: quoted words, options (-a, -n) and values other than GFP flags.
 */
package org.mmsim.shell;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.sim.Sysctl;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Completion {
    /** The word a candidate completes to, what the menu shows, and whether a space follows it. */
    public record Candidate(String value, String display, boolean complete) {
    }

    private static final String GFP = "gfp=";
    private static final Pattern USAGE_KEY = Pattern.compile("(?<![A-Za-z0-9_])([a-z_]+)=");

    private final Shell shell;

    public Completion(Shell shell) {
        this.shell = shell;
    }

    /** Candidates for `word`, the word under the cursor, after the words `before` it on the line. */
    public List<Candidate> complete(List<String> before, String word) {
        int at = !before.isEmpty() && before.get(0).endsWith(":") ? 1 : 0;
        int commandAt = at + (before.size() >= at + 2 && before.get(at + 1).equals("=") ? 2 : 0);
        if (before.size() == commandAt) {
            return commandNames(word, at == 1);
        }
        if (before.size() < commandAt) {
            return List.of();
        }
        String command = before.get(commandAt);
        if (word.startsWith(GFP)) {
            return gfpFlags(word);
        }
        if (word.startsWith("/") || (command.equals("cat") && word.isEmpty())) {
            return paths(word);
        }
        if (command.equals("sysctl")) {
            return word.startsWith("-") ? List.of() : sysctlNames(word, before.contains("-w"));
        }
        return namesAndKeys(at == 1 ? before.get(0).substring(0, before.get(0).length() - 1) : null, command, word);
    }

    private List<Candidate> commandNames(String word, boolean inTask) {
        List<String> names = new ArrayList<>(inTask ? List.of() : Shell.BUILTINS);
        for (CommandSpec c : shell.commands().all()) {
            if (shell.commands().taskCommand(c.name()) == inTask) {
                names.add(c.name());
            }
        }
        if (!inTask) {
            for (String t : shell.taskNames()) {
                names.add(t + ":");
            }
        }
        names.sort(null);
        List<Candidate> out = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith(word)) {
                out.add(new Candidate(n, n, true));
            }
        }
        return out;
    }

    /** The entries of the directory the word is in, directories with a trailing / and no space. */
    private List<Candidate> paths(String word) {
        String dir = word.isEmpty() ? "/" : word.substring(0, word.lastIndexOf('/') + 1);
        TreeMap<String, Candidate> entries = new TreeMap<>();
        for (String f : shell.procfs().allFiles()) {
            if (!f.startsWith(word)) {
                continue;
            }
            int slash = f.indexOf('/', dir.length());
            if (slash < 0) {
                entries.put(f, new Candidate(f, f.substring(dir.length()), true));
            } else {
                String sub = f.substring(0, slash + 1);
                entries.put(sub, new Candidate(sub, sub.substring(dir.length()), false));
            }
        }
        return new ArrayList<>(entries.values());
    }

    private List<Candidate> sysctlNames(String word, boolean writing) {
        List<Candidate> out = new ArrayList<>();
        for (Sysctl.Entry e : shell.kernel().sysctl.all()) {
            if (e.name().startsWith(word)) {
                out.add(writing ? new Candidate(e.name() + "=", e.name(), false) : new Candidate(e.name(), e.name(), true));
            }
        }
        out.sort((a, b) -> a.value().compareTo(b.value()));
        return out;
    }

    private static List<Candidate> gfpFlags(String word) {
        int bar = word.lastIndexOf('|');
        String head = bar < 0 ? GFP : word.substring(0, bar + 1);
        String part = word.substring(head.length());
        List<Candidate> out = new ArrayList<>();
        for (String flag : Gfp.names()) {
            if (flag.startsWith(part)) {
                out.add(new Candidate(head + flag, flag, true));
            }
        }
        out.sort((a, b) -> a.value().compareTo(b.value()));
        return out;
    }

    private List<Candidate> namesAndKeys(String task, String command, String word) {
        List<Candidate> out = new ArrayList<>();
        for (String name : task == null ? shell.boundNames() : shell.boundNames(task)) {
            if (name.startsWith(word)) {
                out.add(new Candidate(name, name, true));
            }
        }
        CommandSpec spec = shell.commands().get(command);
        if (spec != null) {
            Matcher m = USAGE_KEY.matcher(spec.usage());
            while (m.find()) {
                String key = m.group(1) + "=";
                if (key.startsWith(word) && out.stream().noneMatch(c -> c.value().equals(key))) {
                    out.add(new Candidate(key, key, false));
                }
            }
        }
        return out;
    }
}
