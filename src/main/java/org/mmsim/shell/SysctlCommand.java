/*
 * procps-ng 4.0.2 `sysctl` (sysctl.c) over the simulated /proc/sys: `sysctl NAME...` shows
 * "NAME = value" (a/b/c names are accepted and shown dotted), `NAME=VALUE` (with or without -w)
 * writes and echoes, `-a` (-A -X) lists every key, `-r REGEX` keeps the names matching it, `-n`
 * values only, `-N` names only, `-b` a value without its newline, `-e` hides unknown keys, `-q` no
 * echo of writes, `--dry-run` echoes without writing, `-p[FILE]` (-f, --load) loads NAME = VALUE lines
 * from a file of the host (relative paths are taken from the scenario's directory; the default,
 * /etc/sysctl.conf, is the simulated machine's, which has no /etc; '#' and ';' start comments; the
 * file is parsed whole, a line without '=' reported with its number and skipped, then applied). Refusals
 * print sysctl's messages to stderr and the run goes on; bad options give sysctl's usage. --system
 * applies the files of /etc/sysctl.d and the like, which the simulated machine has none of.
 * Left out: globs in names, --deprecated (no key is deprecated here).
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Sysctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

final class SysctlCommand {
    static final String USAGE = "sysctl [-n] [-N] [-b] [-e] [-q] [-r REGEX] NAME... | [-w] NAME=VALUE... | -a | "
            + "-p [FILE]";
    static final String HELP = "\n"
            + "Usage:\n"
            + " sysctl [options] [variable[=value] ...]\n"
            + "\n"
            + "Options:\n"
            + "  -a, --all            display all variables\n"
            + "  -A                   alias of -a\n"
            + "  -X                   alias of -a\n"
            + "      --deprecated     include deprecated parameters to listing\n"
            + "      --dry-run        Print the key and values but do not write\n"
            + "  -b, --binary         print value without new line\n"
            + "  -e, --ignore         ignore unknown variables errors\n"
            + "  -N, --names          print variable names without values\n"
            + "  -n, --values         print only values of the given variable(s)\n"
            + "  -p, --load[=<file>]  read values from file\n"
            + "  -f                   alias of -p\n"
            + "      --system         read values from all system directories\n"
            + "  -r, --pattern <expression>\n"
            + "                       select setting that match expression\n"
            + "  -q, --quiet          do not echo variable set\n"
            + "  -w, --write          enable writing a value to variable\n"
            + "  -o                   does nothing\n"
            + "  -x                   does nothing\n"
            + "  -d                   alias of -h\n"
            + "\n"
            + " -h, --help     display this help and exit\n"
            + " -V, --version  output version information and exit\n"
            + "\n"
            + "For more details see sysctl(8).\n";
    private static final String DEFAULT_FILE = "/etc/sysctl.conf";
    private static final char DEPRECATED = 1, DRY_RUN = 2, SYSTEM = 3, HELP_OPT = 4;

    /** What one command line asks for. */
    record Options(boolean all, boolean binary, boolean ignore, boolean names, boolean values, boolean quiet,
                   boolean write, boolean dryRun, Pattern pattern, List<String> files, boolean system,
                   List<String> keys) {
    }

    private SysctlCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        List<String> words = Getopt.words("sysctl", tokens);
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            // The tokenizer splits "NAME = VALUE"; sysctl gets NAME=VALUE as one argument.
            if (words.get(i).equals("=") && !joined.isEmpty() && i + 1 < words.size()) {
                joined.set(joined.size() - 1, joined.get(joined.size() - 1) + "=" + words.get(++i));
            } else {
                joined.add(words.get(i));
            }
        }
        Getopt g = new Getopt("sysctl", "abdef:hnNp:qr:oxwAXV", List.of(
                new Getopt.Long("all", 'a', false), new Getopt.Long("deprecated", DEPRECATED, false),
                new Getopt.Long("dry-run", DRY_RUN, false), new Getopt.Long("binary", 'b', false),
                new Getopt.Long("ignore", 'e', false), new Getopt.Long("names", 'N', false),
                new Getopt.Long("values", 'n', false), new Getopt.Long("load", 'p', true),
                new Getopt.Long("quiet", 'q', false), new Getopt.Long("write", 'w', false),
                new Getopt.Long("system", SYSTEM, false), new Getopt.Long("pattern", 'r', true),
                new Getopt.Long("help", HELP_OPT, false), new Getopt.Long("version", 'V', false)),
                optionalLoad(joined), "");
        boolean all = false, binary = false, ignore = false, names = false, values = false, quiet = false;
        boolean write = false, dryRun = false, system = false;
        Pattern pattern = null;
        List<String> files = new ArrayList<>();
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'a': case 'A': case 'X': all = true; break;
                case 'b': binary = true; break;
                case 'e': ignore = true; break;
                case 'N': names = true; break;
                case 'n': values = true; break;
                case 'q': quiet = true; break;
                case 'w': write = true; break;
                case 'p': case 'f': files.add(o.arg() == null || o.arg().isEmpty() ? DEFAULT_FILE : o.arg()); break;
                case 'r':
                    try {
                        pattern = Pattern.compile(o.arg());
                    } catch (PatternSyntaxException e) {
                        throw new ScenarioError("sysctl: unable to compile regex: " + o.arg());
                    }
                    break;
                case DRY_RUN: dryRun = true; break;
                case SYSTEM: system = true; break;
                case DEPRECATED: case 'o': case 'x': break;
                case 'V': return session -> session.print("sysctl from procps-ng 4.0.2\n");
                default: return session -> session.print(HELP);
            }
        }
        if (!all && !system && files.isEmpty() && g.operands.isEmpty()) {
            throw new ScenarioError(g.options.isEmpty() ? HELP.strip()
                    : "sysctl: no variables specified\nTry `sysctl --help' for more information.");
        }
        Options o = new Options(all, binary, ignore, names, values, quiet, write, dryRun, pattern, files, system,
                g.operands);
        return session -> run(session, o, context);
    }

    /**
     * -p and --load take an optional file: attached (-pFILE, --load=FILE), or the next word when it is
     * not an option or a NAME=VALUE, else /etc/sysctl.conf.
     */
    private static List<String> optionalLoad(List<String> words) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            boolean bareLoad = w.equals("--load") || w.matches("-[abdehnNqoxwAXV]*[pf]");
            if (bareLoad) {
                boolean file = i + 1 < words.size() && !words.get(i + 1).startsWith("-")
                        && !words.get(i + 1).contains("=");
                String arg = file ? words.get(++i) : DEFAULT_FILE;
                out.add(w.startsWith("--") ? w + "=" + arg : w + arg);
            } else {
                out.add(w);
            }
        }
        return out;
    }

    private static void run(Session session, Options o, ParseContext context) {
        if (o.all()) {
            for (Sysctl.Entry e : session.kernel.sysctl.all()) {
                if (o.pattern() == null || o.pattern().matcher(e.name()).find()) {
                    read(session, o, e.name(), true);
                }
            }
            return;
        }
        if (o.system()) {
            return;
        }
        if (!o.files().isEmpty()) {
            for (String f : o.files()) {
                load(session, o, f);
            }
            return;
        }
        for (String k : o.keys()) {
            int eq = k.indexOf('=');
            if (eq > 0) {
                write(session, o, k.substring(0, eq), k.substring(eq + 1));
            } else if (o.write()) {
                session.toolError("sysctl: command line(0): invalid syntax, continuing...");
            } else {
                read(session, o, k, false);
            }
        }
    }

    /** Preload(): the whole file is parsed first (syntax errors reported), then its settings are written. */
    private static void load(Session session, Options o, String file) {
        List<String> lines;
        try {
            if (file.equals(DEFAULT_FILE)) {
                throw new IOException("the simulated machine has no /etc");
            }
            lines = Files.readAllLines(session.scenarioDir().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            session.toolError("sysctl: cannot open \"" + file + "\": " + Errno.ENOENT.message());
            return;
        }
        List<String[]> settings = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("-")) {
                line = line.substring(1);
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                session.toolError("sysctl: " + file + "(" + (n + 1) + "): invalid syntax, continuing...");
                continue;
            }
            String name = line.substring(0, eq).strip();
            if (o.pattern() == null || o.pattern().matcher(name).find()) {
                settings.add(new String[] {name, line.substring(eq + 1).strip()});
            }
        }
        for (String[] s : settings) {
            write(session, o, s[0], s[1]);
        }
    }

    private static String dotted(String key) {
        return key.replace('/', '.');
    }

    private static Sysctl.Entry lookup(Session session, Options o, String key) {
        Sysctl.Entry e = session.kernel.sysctl.get(dotted(key));
        if (e == null && !o.ignore()) {
            session.toolError("sysctl: cannot stat /proc/sys/" + key.replace('.', '/') + ": " + Errno.ENOENT.message());
        }
        return e;
    }

    private static void read(Session session, Options o, String key, boolean listing) {
        Sysctl.Entry e = lookup(session, o, key);
        if (e == null) {
            return;
        }
        if (o.names()) {
            session.println(e.name());
            return;
        }
        if (!e.readable()) {
            // procps sysctl skips write-only keys (vm.drop_caches) silently, listed or named
            return;
        }
        String value;
        try {
            value = e.read();
        } catch (KernelError err) {
            if (!listing) {
                session.toolError("sysctl: permission denied on key '" + e.name() + "'");
            }
            return;
        }
        if (o.binary()) {
            session.print(value.endsWith("\n") ? value.substring(0, value.length() - 1) : value);
            return;
        }
        value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        session.println(o.values() ? value : e.name() + " = " + value);
    }

    private static void write(Session session, Options o, String key, String value) {
        Sysctl.Entry e = lookup(session, o, key);
        if (e == null) {
            return;
        }
        if (!o.dryRun()) {
            try {
                e.write(value);
            } catch (KernelError err) {
                if (err.errno == Errno.EACCES || err.errno == Errno.EPERM) {
                    session.toolError("sysctl: permission denied on key \"" + e.name() + "\"");
                } else {
                    session.toolError("sysctl: setting key \"" + e.name() + "\": " + err.errno.message());
                }
                return;
            }
        }
        if (!o.quiet()) {
            session.println(o.values() ? value : e.name() + " = " + value);
        }
    }
}
