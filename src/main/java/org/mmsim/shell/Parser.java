/*
 * The scenario grammar, one line at a time:
 *     line    := [TASK ':'] [NAME '='] command [args...] {'|' filter [args...]} ['#' comment]
 * A whole file is validated before any of it runs; the first problem is reported as FILE:LINE.
 * A TASK: prefix runs a system call or memory access in that task (Commands.taskCommand); the
 * task must have been spawned or forked and not have exited.
 * The interactive shell (Shell) feeds lines to parseLine with one long-lived ParseContext.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;

public final class Parser {
    private final Commands commands;

    public Parser(Commands commands) {
        this.commands = commands;
    }

    /** A scenario that failed validation: the FILE:LINE: message to print. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public Script parseScript(String file, String text) throws Invalid {
        ParseContext context = new ParseContext();
        List<Script.Line> lines = new ArrayList<>();
        String[] raw = text.split("\r?\n", -1);
        for (int i = 0; i < raw.length; i++) {
            try {
                Step step = parseLine(context, raw[i], i + 1);
                if (step != null) {
                    lines.add(new Script.Line(i + 1, step));
                }
            } catch (ScenarioError e) {
                throw new Invalid(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return new Script(file, context.machine(), context.machineLine(), lines);
    }

    /** Validates one line; null for a blank or comment-only line. Throws ScenarioError. */
    public Step parseLine(ParseContext context, String line, int lineNo) {
        List<Tokenizer.Token> tokens = Tokenizer.tokenize(line);
        if (tokens.isEmpty()) {
            return null;
        }
        String task = null;
        Tokenizer.Token head = tokens.get(0);
        if (!head.quoted() && !head.operator() && head.text().length() > 1 && head.text().endsWith(":")) {
            task = head.text().substring(0, head.text().length() - 1);
            Bindings.checkName(task);
            if (tokens.size() == 1) {
                throw new ScenarioError("nothing for " + task + " to run (write " + task + ": COMMAND ...)");
            }
            tokens = tokens.subList(1, tokens.size());
        }
        Tokenizer.Token first = tokens.get(0);
        String bindName = null;
        int at = 0;
        if (tokens.size() >= 2 && tokens.get(1).is("=") && !first.operator()) {
            bindName = first.text();
            Bindings.checkName(bindName);
            at = 2;
            if (tokens.size() == 2) {
                throw new ScenarioError("nothing to bind to " + bindName + " (write " + bindName + " = COMMAND ...)");
            }
        }
        List<List<Tokenizer.Token>> stages = Pipeline.stages(tokens.subList(at, tokens.size()));
        List<Tokenizer.Token> firstStage = stages.get(0);
        Tokenizer.Token name = firstStage.get(0);
        if (name.operator()) {
            throw new ScenarioError("expected a command, not \"" + name.text() + "\"");
        }
        CommandSpec spec = commands.get(name.text());
        if (spec == null) {
            throw new ScenarioError("unknown command \"" + name.text() + "\"");
        }
        if (bindName != null && stages.size() > 1) {
            throw new ScenarioError("a pipeline yields nothing to bind to " + bindName);
        }
        if (bindName != null && spec.yields() == null) {
            throw new ScenarioError(spec.name() + " yields nothing to bind to " + bindName);
        }
        if (stages.size() > 1 && !commands.printsText(spec.name())) {
            throw new ScenarioError(spec.name() + " prints nothing to pipe");
        }
        if (task != null && !commands.taskCommand(spec.name())) {
            throw new ScenarioError(spec.name() + " does not run in a task; drop \"" + task + ":\"");
        }
        if (task == null && commands.taskCommand(spec.name())) {
            throw new ScenarioError(spec.name() + " runs in a task: write TASK: " + spec.name() + " ... (after spawn TASK)");
        }
        if (task != null) {
            context.tasks.checkRunnable(task);
        }
        context.startLine(lineNo, bindName, task);
        if (!spec.name().equals(Commands.MACHINE)) {
            context.commandSeen();
        }
        Step step = spec.parser().parse(firstStage.subList(1, firstStage.size()), context);
        if (stages.size() > 1) {
            step = Pipeline.build(spec.name(), step, stages.subList(1, stages.size()));
        }
        if (bindName != null && !context.lineBindings().boundOnLine(bindName, lineNo)) {
            context.lineBindings().bind(bindName, spec.yields(), lineNo);
        }
        return step;
    }
}
