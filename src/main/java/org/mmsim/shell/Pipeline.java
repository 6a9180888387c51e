/*
 * Pipes in the scenario language: `COMMAND ARGS | FILTER ARGS | ...`. The first stage is any command
 * that prints text; its output, captured by the Session instead of printed, is the stdin of the next
 * stage, and so on; the last stage's output is printed. Filters are text tools (grep, head, tail, wc,
 * sort), each parsed and checked, like every command, before anything runs; given FILE operands
 * they read those simulated files instead of stdin, as the GNU tools do, and then also work as
 * commands of their own (`grep Dirty /proc/meminfo`). Console messages and stderr are not piped, as
 * on Linux. Left out: stderr redirection (2>&1), pipes into commands that are not filters, and
 * binding a pipeline's output to a name.
 */
package org.mmsim.shell;

import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

final class Pipeline {
    /** One input of a filter: a file's name (null for stdin) and its text, or the errno reading it failed with. */
    record Input(String name, String text, Errno error) {
    }

    /** A filter: the files it names (none: it reads stdin) and what it does with its inputs. */
    record Filter(List<String> files, Body body) {
        /** Returns the filter's output; reports unreadable inputs to stderr as the tool does. */
        @FunctionalInterface
        interface Body {
            String apply(List<Input> inputs, Consumer<String> stderr);
        }

        /** The filter reading `stdin` only (no files). */
        String apply(String stdin) {
            return body.apply(List.of(new Input(null, stdin, null)), e -> {
                throw new IllegalStateException(e);
            });
        }

        /** Runs it in a session: on its files if it names any, else on `stdin`. */
        String run(Session session, String stdin) {
            List<Input> inputs = new ArrayList<>();
            if (files.isEmpty()) {
                inputs.add(new Input(null, stdin, null));
            }
            for (String f : files) {
                try {
                    inputs.add(new Input(f, session.procfs.read(session.resolvePath(f)), null));
                } catch (KernelError e) {
                    inputs.add(new Input(f, null, e.errno));
                }
            }
            return body.apply(inputs, session::toolError);
        }
    }

    @FunctionalInterface
    interface FilterParser {
        Filter parse(List<String> words);
    }

    private static final Map<String, FilterParser> FILTERS = Collections.unmodifiableMap(new TreeMap<>(Map.of(
            "grep", GrepFilter::parse,
            "head", HeadFilter::parse,
            "tail", TailFilter::parse,
            "wc", WcFilter::parse,
            "sort", SortFilter::parse)));

    private Pipeline() {
    }

    /** Splits a line's tokens at each pipe `|`; a line without pipes is one stage. */
    static List<List<Tokenizer.Token>> stages(List<Tokenizer.Token> tokens) {
        List<List<Tokenizer.Token>> stages = new ArrayList<>();
        List<Tokenizer.Token> current = new ArrayList<>();
        for (Tokenizer.Token t : tokens) {
            if (t.is("|")) {
                if (current.isEmpty()) {
                    throw new ScenarioError(stages.isEmpty() ? "a pipe (|) needs a command before it"
                            : "two pipes (| |) with no command between them");
                }
                stages.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        if (current.isEmpty()) {
            throw new ScenarioError("a pipe (|) needs a command after it");
        }
        stages.add(current);
        return stages;
    }

    /** Builds the step of a pipeline whose first stage is already parsed. */
    static Step build(String firstName, Step first, List<List<Tokenizer.Token>> rest) {
        List<Filter> filters = new ArrayList<>();
        for (List<Tokenizer.Token> stage : rest) {
            Tokenizer.Token name = stage.get(0);
            if (name.operator() || !FILTERS.containsKey(name.text())) {
                throw new ScenarioError("\"" + name.text() + "\" cannot read a pipe: after | comes one of "
                        + String.join(", ", FILTERS.keySet()) + " (the command before is " + firstName + ")");
            }
            filters.add(parseFilter(name.text(), Getopt.words(name.text(), stage.subList(1, stage.size()))));
        }
        return session -> {
            String text = session.capture(first);
            for (Filter f : filters) {
                text = f.run(session, text);
            }
            session.print(text);
        };
    }

    /** A filter used as a command of its own: it must name its files. */
    static Step command(String name, List<Tokenizer.Token> args) {
        Filter f = parseFilter(name, Getopt.words(name, args));
        if (f.files().isEmpty()) {
            throw new ScenarioError(name + " needs a FILE here, or a pipe: write COMMAND | " + name + " ...");
        }
        return session -> session.print(f.run(session, null));
    }

    /** Every filter, for the command registry. */
    static Map<String, FilterParser> filters() {
        return FILTERS;
    }

    /** One filter from its name and its words. */
    static Filter parseFilter(String name, List<String> words) {
        return FILTERS.get(name).parse(words);
    }

    /** Input split into lines without their newlines; a last line without one still counts. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) {
                out.add(text.substring(start));
                break;
            }
            out.add(text.substring(start, nl));
            start = nl + 1;
        }
        return out;
    }

    /** Lines joined back, each ending in a newline. */
    static String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append('\n');
        }
        return sb.toString();
    }
}
