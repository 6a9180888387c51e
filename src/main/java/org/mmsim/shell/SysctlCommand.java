/*
 * `sysctl` as procps-ng prints it: `sysctl NAME` shows "NAME = value", `sysctl NAME=V` and
 * `sysctl -w NAME=V` write and show the new value, `sysctl -a` shows every key, -n prints values
 * only, -q suppresses the echo of writes. Refusals print procps's messages to stderr and the run
 * goes on. Left out: -p (load from a file), --system, patterns (-r), -e.
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import org.mmsim.sim.Sysctl;

import java.util.ArrayList;
import java.util.List;

final class SysctlCommand {
    static final String USAGE = "sysctl [-n] [-q] NAME | [-w] NAME=VALUE ... | -a";

    private SysctlCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        boolean all = false, valuesOnly = false, quiet = false, write = false;
        List<String> keys = new ArrayList<>();
        for (Tokenizer.Token t : tokens) {
            String text = t.text();
            if (t.operator()) {
                throw new ScenarioError("sysctl: unexpected \"" + text + "\" (usage: " + USAGE + ")");
            }
            if (!t.quoted() && text.startsWith("-") && text.length() > 1) {
                for (char c : text.substring(1).toCharArray()) {
                    switch (c) {
                        case 'a': all = true; break;
                        case 'n': valuesOnly = true; break;
                        case 'q': quiet = true; break;
                        case 'w': write = true; break;
                        default: throw new ScenarioError("sysctl: unknown option -" + c + " (usage: " + USAGE + ")");
                    }
                }
            } else {
                keys.add(text);
            }
        }
        if (all && !keys.isEmpty()) {
            throw new ScenarioError("sysctl: -a takes no names (usage: " + USAGE + ")");
        }
        if (!all && keys.isEmpty()) {
            throw new ScenarioError("sysctl: missing argument (usage: " + USAGE + ")");
        }
        for (String k : keys) {
            if (write && k.indexOf('=') <= 0) {
                throw new ScenarioError("sysctl: \"" + k + "\" must be of the form name=value");
            }
        }
        final boolean showAll = all, bare = valuesOnly, silent = quiet;
        return session -> {
            if (showAll) {
                for (Sysctl.Entry e : session.kernel.sysctl.all()) {
                    show(session, e, bare);
                }
                return;
            }
            for (String k : keys) {
                int eq = k.indexOf('=');
                if (eq > 0) {
                    write(session, k.substring(0, eq), k.substring(eq + 1), bare, silent);
                } else {
                    Sysctl.Entry e = lookup(session, k);
                    if (e != null) {
                        show(session, e, bare);
                    }
                }
            }
        };
    }

    private static Sysctl.Entry lookup(Session session, String key) {
        Sysctl.Entry e = session.kernel.sysctl.get(key);
        if (e == null) {
            session.toolError("sysctl: cannot stat /proc/sys/" + key.replace('.', '/') + ": "
                    + Errno.ENOENT.message());
        }
        return e;
    }

    private static void show(Session session, Sysctl.Entry e, boolean valuesOnly) {
        if (!e.readable()) {
            // procps sysctl skips write-only keys (vm.drop_caches) silently
            return;
        }
        String value = e.read();
        value = value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        session.println(valuesOnly ? value : e.name() + " = " + value);
    }

    private static void write(Session session, String key, String value, boolean valuesOnly, boolean quiet) {
        Sysctl.Entry e = lookup(session, key);
        if (e == null) {
            return;
        }
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
        if (!quiet) {
            session.println(valuesOnly ? value : e.name() + " = " + value);
        }
    }
}
