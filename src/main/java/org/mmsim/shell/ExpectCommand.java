/*
 * `expect FIELD OP VALUE`: a check a scenario makes on the running machine, against a /proc/meminfo
 * field (VALUE in bytes, with K/M/G/T or kB suffixes) or a /proc/vmstat counter (a plain number).
 * A TASK.FIELD is a task's own number (TaskFields: TASK.minflt, TASK.rss, TASK.errno, ...).
 * OP is one of == != < <= > >=. A failed check prints `FILE:LINE: expect failed: MemFree = 123 kB,
 * wanted > 7G`, the run goes on, and `mmsim run` exits 1. No Linux counterpart: this is the
 * scenario's own assertion.
 */
package org.mmsim.shell;

import java.util.List;

final class ExpectCommand {
    static final String USAGE = "expect FIELD OP VALUE   (OP: == != < <= > >=)";
    private static final List<String> OPERATORS = List.of("==", "!=", "<", "<=", ">", ">=");

    private ExpectCommand() {
    }

    static Step parse(List<Tokenizer.Token> tokens, ParseContext context) {
        if (tokens.size() < 3) {
            throw new ScenarioError("expect: missing argument (usage: " + USAGE + ")");
        }
        String fieldName = tokens.get(0).text();
        int dot = fieldName.indexOf('.');
        if (dot > 0) {
            return taskField(tokens, fieldName.substring(0, dot), fieldName.substring(dot + 1), context);
        }
        KernelFields.Field field = KernelFields.get(fieldName);
        if (field == null || tokens.get(0).operator()) {
            throw new ScenarioError("expect: unknown field \"" + fieldName
                    + "\" (a /proc/meminfo field or a /proc/vmstat counter)");
        }
        String operator = operator(tokens);
        String valueText = tokens.get(2).text();
        long wanted = field.kilobytes() ? Sizes.parse(valueText) : count(fieldName, valueText);
        return session -> {
            long actual = field.compared(session.procfs);
            if (!holds(actual, operator, wanted)) {
                session.expectFailed(fieldName + " = " + field.shown(session.procfs) + ", wanted " + operator + " "
                        + valueText);
            }
        };
    }

    private static Step taskField(List<Tokenizer.Token> tokens, String task, String name, ParseContext context) {
        TaskFields.Field field = TaskFields.parse(task, name, context);
        String operator = operator(tokens);
        String valueText = tokens.get(2).text();
        long wanted = name.equals("errno") ? TaskFields.errno(valueText)
                : field.bytes() ? Sizes.parse(valueText) : count(task + "." + name, valueText);
        return session -> {
            Long actual = field.value(session);
            if (actual == null) {
                session.expectFailed(task + "." + name + ": " + task + " is gone ("
                        + session.processes.get(task).gone + "), wanted " + operator + " " + valueText);
            } else if (!holds(actual, operator, wanted)) {
                session.expectFailed(task + "." + name + " = " + field.shown(actual) + ", wanted " + operator + " "
                        + valueText);
            }
        };
    }

    /** The operator of FIELD OP VALUE, checking the line has exactly those three parts. */
    private static String operator(List<Tokenizer.Token> tokens) {
        Tokenizer.Token opToken = tokens.get(1);
        String op = opToken.text();
        if (tokens.size() > 3 && tokens.get(2).operator()) {
            op += tokens.get(2).text();
        }
        if (!opToken.operator() || !OPERATORS.contains(op) || tokens.size() > 3) {
            if (tokens.size() > 3 && OPERATORS.contains(op)) {
                throw new ScenarioError("expect: unexpected \"" + tokens.get(3).text() + "\" (usage: " + USAGE + ")");
            }
            throw new ScenarioError("expect: bad operator \"" + op + "\" (use ==, !=, <, <=, > or >=)");
        }
        return op;
    }

    private static long count(String field, String text) {
        try {
            return Sizes.number(text, text);
        } catch (ScenarioError e) {
            throw new ScenarioError("expect: " + field + " is a count; \"" + text + "\" is not a plain number");
        }
    }

    private static boolean holds(long actual, String op, long wanted) {
        switch (op) {
            case "==": return actual == wanted;
            case "!=": return actual != wanted;
            case "<": return actual < wanted;
            case "<=": return actual <= wanted;
            case ">": return actual > wanted;
            case ">=": return actual >= wanted;
            default: throw new IllegalStateException(op);
        }
    }
}
