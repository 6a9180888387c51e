/*
 * Pipes in the scenario language: `COMMAND ARGS | FILTER ARGS | ...`. The first stage is any command
 * that prints text; its output, captured by the Session instead of printed, is the stdin of the next
 * stage, and so on; the last stage's output is printed. Filters are text-to-text tools (grep, head,
 * tail, wc, sort), each parsed and checked, like every command, before anything runs. Console
 * messages and stderr are not piped, as on Linux. Left out: stderr redirection (2>&1), pipes into
 * commands that are not filters, and binding a pipeline's output to a name.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

final class Pipeline {
    /** A stage after a `|`: reads the previous stage's output and returns its own. */
    @FunctionalInterface
    interface Filter {
        String apply(String stdin);
    }

    @FunctionalInterface
    interface FilterParser {
        Filter parse(List<String> words);
    }

    private static final Map<String, FilterParser> FILTERS = new TreeMap<>(Map.of(
            "grep", GrepFilter::parse,
            "head", HeadFilter::parse,
            "tail", TailFilter::parse,
            "wc", WcFilter::parse,
            "sort", SortFilter::parse));

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

    static boolean isFilter(String name) {
        return FILTERS.containsKey(name);
    }

    /** Builds the step of a pipeline whose first stage is already parsed. */
    static Step build(String firstName, Step first, List<List<Tokenizer.Token>> rest) {
        List<Filter> filters = new ArrayList<>();
        for (List<Tokenizer.Token> stage : rest) {
            Tokenizer.Token name = stage.get(0);
            FilterParser parser = name.operator() ? null : FILTERS.get(name.text());
            if (parser == null) {
                throw new ScenarioError("\"" + name.text() + "\" cannot read a pipe: after | comes one of "
                        + String.join(", ", FILTERS.keySet()) + " (the command before is " + firstName + ")");
            }
            filters.add(parseFilter(name.text(), Getopt.words(name.text(), stage.subList(1, stage.size()))));
        }
        return session -> {
            String text = session.capture(first);
            for (Filter f : filters) {
                text = f.apply(text);
            }
            session.print(text);
        };
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
