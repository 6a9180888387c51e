/*
 * procps-ng 4.0.2 `kill [-SIGNAL | -s SIGNAL | -n N] PID|NAME...` and `kill -l [SIGNAL]`: a signal
 * whose default action ends the process (SIGTERM, SIGKILL, SIGSEGV, SIGINT, ...) makes the task exit
 * as exit_group does, its address space torn down and its memory freed, reported as strace reports
 * a killed tracee ("+++ killed by SIGKILL +++"). Linux logs nothing to the kernel log for a signal
 * sent with kill(2) (a segfault's "segfault at" line comes only from a real fault), so neither does
 * mmsim. Signals whose default is to be ignored (SIGCHLD, SIGCONT, SIGURG, SIGWINCH) and signal 0
 * change nothing; init (pid 1) ignores every signal it has no handler for, so it is never killed.
 * A task may be named by its scenario name. Left out: stopping (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU are
 * refused), signal handlers, process groups (negative pids), -q.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

final class KillCommand {
    static final String USAGE = "kill [-SIGNAL | -s SIGNAL] PID|TASK...   or   kill -l [SIGNAL]";
    static final String HELP = "\n"
            + "Usage:\n"
            + " kill [options] <pid> [...]\n"
            + "\n"
            + "Options:\n"
            + " <pid> [...]            send signal to every <pid> listed\n"
            + " -<signal>, -s, --signal <signal>\n"
            + "                        specify the <signal> to be sent\n"
            + " -q, --queue <value>    integer value to be sent with the signal\n"
            + " -l, --list=[<signal>]  list all signal names, or convert one to a name\n"
            + " -L, --table            list all signal names in a nice table\n"
            + "\n"
            + " -h, --help     display this help and exit\n"
            + " -V, --version  output version information and exit\n"
            + "\n"
            + "For more details see kill(1).";
    /** Signal names by number (x86-64), index 0 unused. */
    static final String[] NAMES = {null, "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL", "USR1",
        "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG",
        "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS"};
    private static final List<String> IGNORED = List.of("CHLD", "CONT", "URG", "WINCH");
    private static final List<String> STOPPING = List.of("STOP", "TSTP", "TTIN", "TTOU");
    private static final Map<String, Integer> ALIASES = Map.of("IO", 29, "IOT", 6, "CLD", 17, "POLL", 29);

    private KillCommand() {
    }

    /** A signal by name (with or without SIG) or number; -1 when unknown. */
    static int signal(String s) {
        if (s.matches("[0-9]+")) {
            int n = s.length() > 3 ? -1 : Integer.parseInt(s);
            return n < NAMES.length ? n : -1;
        }
        String name = s.toUpperCase(java.util.Locale.ROOT);
        name = name.startsWith("SIG") ? name.substring(3) : name;
        for (int i = 1; i < NAMES.length; i++) {
            if (NAMES[i].equals(name)) {
                return i;
            }
        }
        return ALIASES.getOrDefault(name, -1);
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        List<String> words = Getopt.words("kill", tokens);
        int sig = 15;
        boolean list = false;
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!targets.isEmpty() || !w.startsWith("-") || w.equals("-")) {
                targets.add(w);
            } else if (w.equals("--")) {
                targets.addAll(words.subList(i + 1, words.size()));
                break;
            } else if (w.equals("-l") || w.equals("--list") || w.equals("-L") || w.equals("--table")) {
                list = true;
            } else if (w.equals("-s") || w.equals("--signal") || w.equals("-n")) {
                if (i + 1 >= words.size()) {
                    // kill's getopt runs with opterr = 0: its own message names the option letter
                    throw new ScenarioError("kill: invalid argument " + (w.equals("-n") ? 'n' : 's') + "\n" + HELP);
                }
                sig = signal(words.get(++i));
            } else if (w.equals("-V") || w.equals("--version")) {
                return session -> session.print("kill from procps-ng 4.0.2\n");
            } else if (w.equals("-h") || w.equals("--help")) {
                return session -> session.print(HELP.substring(1) + "\n");
            } else {
                sig = signal(w.substring(1));
                if (sig < 0) {
                    throw new ScenarioError("kill: invalid argument " + w.charAt(1) + "\n" + HELP);
                }
            }
        }
        if (list) {
            return listStep(targets);
        }
        if (targets.isEmpty()) {
            throw new ScenarioError(HELP.strip());
        }
        if (sig > 0 && STOPPING.contains(NAMES[sig])) {
            throw new ScenarioError("kill: SIG" + NAMES[sig] + " stops a process, which is not simulated");
        }
        boolean terminates = sig > 0 && !IGNORED.contains(NAMES[sig]);
        for (String t : targets) {
            if (!t.matches("[0-9]+") && !context.tasks.live().contains(t)) {
                throw new ScenarioError("kill: failed to parse argument: '" + t + "'");
            }
            if (!t.matches("[0-9]+") && terminates) {
                context.tasks.exit(t, context.line());
            }
        }
        int signal = sig;
        return session -> {
            for (String t : targets) {
                send(session, t, signal);
            }
        };
    }

    private static Step listStep(List<String> targets) {
        return session -> {
            if (targets.isEmpty()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i < NAMES.length; i++) {
                    sb.append(NAMES[i]).append(i % 16 == 0 || i == NAMES.length - 1 ? "\n" : " ");
                }
                session.print(sb.toString());
                return;
            }
            for (String t : targets) {
                int s = signal(t);
                if (s <= 0) {
                    session.toolError("kill: unknown signal: " + t);
                } else {
                    session.println(t.matches("[0-9]+") ? NAMES[s] : Integer.toString(s));
                }
            }
        };
    }

    private static void send(Session session, String target, int sig) {
        ScenarioProcess p = null;
        int pid;
        if (target.matches("[0-9]+")) {
            pid = target.length() > 9 ? -1 : Integer.parseInt(target);
            for (ScenarioProcess candidate : session.processes.values()) {
                if (candidate.task != null && candidate.gone == null && candidate.task.pid == pid) {
                    p = candidate;
                }
            }
            if (p == null && pid != 1) {
                session.toolError("kill: (" + target + "): No such process");
                return;
            }
        } else {
            p = session.processes.get(target);
            if (p == null || p.gone != null || p.task == null) {
                session.toolError("kill: failed to parse argument: '" + target + "'");
                return;
            }
        }
        if (sig < 0) {
            session.toolError("kill: (" + (p == null ? target : p.task.pid) + "): Invalid argument");
            return;
        }
        if (p == null || sig == 0 || IGNORED.contains(NAMES[sig])) {
            return;
        }
        p.end(session, "killed by SIG" + NAMES[sig]);
        session.println(p.name + ": +++ killed by SIG" + NAMES[sig] + " +++");
    }
}
