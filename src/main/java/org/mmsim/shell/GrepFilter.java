/*
 * GNU grep as a pipe filter: PATTERNS (one argument, newline-separated, or several -e), basic regular
 * expressions by default, -E extended, -F fixed strings, -i, -v, -c (the count of selected lines),
 * -w (whole words), -x (whole lines), -n (line numbers), and their long forms. Patterns are checked
 * before anything runs, with grep's messages (see PosixRegex). With FILE operands it reads those
 * simulated files, prefixing each line with its file's name when there are several. Left out: -o,
 * -h/-H, context (-A/-B/-C), -P, -f, -r, colour, exit status (a scenario does not branch on it).
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

final class GrepFilter {
    static final String USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\n"
            + "Try 'grep --help' for more information.";
    private static final String WORD = "[A-Za-z0-9_]";

    private GrepFilter() {
    }

    static Pipeline.Filter parse(List<String> words) {
        Getopt g = new Getopt("grep", "e:EFGivcwxn", List.of(
                new Getopt.Long("regexp", 'e', true),
                new Getopt.Long("extended-regexp", 'E', false),
                new Getopt.Long("fixed-strings", 'F', false),
                new Getopt.Long("basic-regexp", 'G', false),
                new Getopt.Long("ignore-case", 'i', false),
                new Getopt.Long("invert-match", 'v', false),
                new Getopt.Long("count", 'c', false),
                new Getopt.Long("word-regexp", 'w', false),
                new Getopt.Long("line-regexp", 'x', false),
                new Getopt.Long("line-number", 'n', false)), words, USAGE);
        List<String> patterns = new ArrayList<>();
        char syntax = 'G';
        boolean ignoreCase = false, invert = false, count = false, word = false, line = false, number = false;
        for (Getopt.Option o : g.options) {
            switch (o.code()) {
                case 'e': patterns.add(o.arg()); break;
                case 'E': case 'F': case 'G': syntax = o.code(); break;
                case 'i': ignoreCase = true; break;
                case 'v': invert = true; break;
                case 'c': count = true; break;
                case 'w': word = true; break;
                case 'x': line = true; break;
                default: number = true; break;
            }
        }
        List<String> operands = g.operands;
        if (patterns.isEmpty()) {
            if (operands.isEmpty()) {
                throw new ScenarioError(USAGE);
            }
            patterns.add(operands.get(0));
            operands = operands.subList(1, operands.size());
        }
        List<Pattern> compiled = new ArrayList<>();
        for (String p : patterns) {
            for (String one : p.split("\n", -1)) {
                compiled.add(compile(one, syntax, ignoreCase, word, line));
            }
        }
        boolean v = invert, c = count, n = number;
        return new Pipeline.Filter(List.copyOf(operands), (inputs, stderr) -> {
            StringBuilder out = new StringBuilder();
            for (Pipeline.Input in : inputs) {
                if (in.error() != null) {
                    stderr.accept("grep: " + in.name() + ": " + in.error().message());
                    continue;
                }
                String label = inputs.size() > 1 ? in.name() + ":" : "";
                int selected = 0;
                List<String> lines = Pipeline.lines(in.text());
                for (int i = 0; i < lines.size(); i++) {
                    String l = lines.get(i);
                    boolean match = false;
                    for (Pattern p : compiled) {
                        if (p.matcher(l).find()) {
                            match = true;
                            break;
                        }
                    }
                    if (match != v) {
                        selected++;
                        if (!c) {
                            out.append(label).append(n ? (i + 1) + ":" : "").append(l).append('\n');
                        }
                    }
                }
                if (c) {
                    out.append(label).append(selected).append('\n');
                }
            }
            return out.toString();
        });
    }

    private static Pattern compile(String pattern, char syntax, boolean ignoreCase, boolean word, boolean line) {
        Pattern p = syntax == 'F' ? Pattern.compile(Pattern.quote(pattern), ignoreCase ? Pattern.CASE_INSENSITIVE : 0)
                : PosixRegex.compile(pattern, syntax == 'E', ignoreCase);
        if (!word && !line) {
            return p;
        }
        String core = "(?:" + p.pattern() + ")";
        String wrapped = line ? "^" + core + "$" : "(?<!" + WORD + ")" + core + "(?!" + WORD + ")";
        return Pattern.compile(wrapped, p.flags());
    }
}
