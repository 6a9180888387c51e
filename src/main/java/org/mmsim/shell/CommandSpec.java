/*
 * What the registry knows about one command: its name, its usage line (shown in errors and the user
 * guide), what it yields when bound with `NAME = command` (null when it yields nothing), and the
 * parser that validates a line's arguments and returns the Step that runs it.
 */
package org.mmsim.shell;

import java.util.List;

public record CommandSpec(String name, String usage, String yields, Parser parser) {
    /** Validates one line's arguments (the tokens after the command name) and builds its Step. */
    @FunctionalInterface
    public interface Parser {
        Step parse(List<Tokenizer.Token> args, ParseContext context);
    }
}
