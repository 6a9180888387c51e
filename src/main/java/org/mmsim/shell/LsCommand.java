/*
 * coreutils `ls [-1] [-a] [-d] [PATH...]` over the simulated /proc and /sys, as ls writes to a pipe
 * (one name per line, LC_ALL=C order): operands that are files first, then each directory's
 * entries, under a "DIR:" heading when there are several operands. A path that does not exist
 * prints ls's "cannot access" message and the run goes on. With no operand, ls lists the current
 * directory, root's home, which is empty on the simulated machine. Left out: long listings (-l:
 * /proc's modes, sizes and times are not simulated) and every other option.
 */
package org.mmsim.shell;

import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

final class LsCommand {
    static final String USAGE = "ls [-1] [-a] [-d] [PATH...]";
    private static final String TRY = "Try 'ls --help' for more information.";

    private LsCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        Getopt g = new Getopt("ls", "1adl", List.of(new Getopt.Long("all", 'a', false),
                new Getopt.Long("directory", 'd', false)), Getopt.words("ls", tokens), TRY);
        boolean all = false, self = false;
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'a': all = true; break;
                case 'd': self = true; break;
                case 'l': throw new ScenarioError("ls: -l is not simulated (/proc's modes, sizes and times are not "
                        + "modelled): use ls or cat");
                default: break;
            }
        }
        List<String> paths = new ArrayList<>(new TreeSet<>(g.operands));
        boolean dotAll = all, dirItself = self;
        return session -> {
            if (paths.isEmpty()) {
                if (dotAll) {
                    session.print(".\n..\n");
                }
                return;
            }
            List<String> files = new ArrayList<>();
            List<String> dirs = new ArrayList<>();
            for (String p : paths) {
                String resolved = session.resolvePath(p);
                if (!session.procfs.exists(resolved)) {
                    session.toolError("ls: cannot access '" + p + "': No such file or directory");
                } else if (dirItself || !isDirectory(session, resolved)) {
                    files.add(p);
                } else {
                    dirs.add(p);
                }
            }
            StringBuilder sb = new StringBuilder();
            for (String f : files) {
                sb.append(f).append('\n');
            }
            boolean headings = paths.size() > 1;
            for (String d : dirs) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                if (headings) {
                    sb.append(d).append(":\n");
                }
                if (dotAll) {
                    sb.append(".\n..\n");
                }
                for (String name : session.procfs.list(session.resolvePath(d))) {
                    sb.append(name).append('\n');
                }
            }
            session.print(sb.toString());
        };
    }

    private static boolean isDirectory(Session session, String path) {
        try {
            session.procfs.list(path);
            return true;
        } catch (KernelError e) {
            return false;
        }
    }
}
