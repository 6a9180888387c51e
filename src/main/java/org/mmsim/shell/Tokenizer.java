/*
 * Splits one scenario line into tokens, the way a small shell would: words, quoted strings ('...' and
 * "..." with \" and \\ escapes) glued to adjacent word characters, the operators | > >= < <= and the
 * stand-alone words = == != as operators, and a # comment from the start of a word to the end of the
 * line. A | between two word characters belongs to the word, so GFP flags read as C writes them
 * (GFP_KERNEL|__GFP_ZERO); a pipe has a space on at least one side.
 * Left out: variables, globbing, command substitution, line continuation.
 */
package org.mmsim.shell;

import java.util.ArrayList;
import java.util.List;

public final class Tokenizer {
    private Tokenizer() {
    }

    /** A word (possibly quoted) or an operator; `quoted` words are never operators or bindings. */
    public record Token(String text, boolean operator, boolean quoted) {
        public boolean is(String op) {
            return operator && text.equals(op);
        }
    }

    public static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                break;
            } else if (c == '|') {
                tokens.add(new Token("|", true, false));
                i++;
            } else if (c == '>' || c == '<') {
                boolean withEquals = i + 1 < n && line.charAt(i + 1) == '=';
                tokens.add(new Token(withEquals ? c + "=" : String.valueOf(c), true, false));
                i += withEquals ? 2 : 1;
            } else {
                i = word(line, i, tokens);
            }
        }
        return tokens;
    }

    private static boolean isBreak(char c) {
        return Character.isWhitespace(c) || c == '|' || c == '>' || c == '<' || c == '#';
    }

    private static int word(String line, int start, List<Token> tokens) {
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        int i = start;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '|' && (sb.length() == 0 || i + 1 >= n || isBreak(line.charAt(i + 1)))) {
                break;
            }
            if (Character.isWhitespace(c) || c == '>' || c == '<') {
                break;
            }
            if (c == '\'' || c == '"') {
                quoted = true;
                int close = i + 1;
                while (close < n && line.charAt(close) != c) {
                    if (c == '"' && line.charAt(close) == '\\' && close + 1 < n) {
                        char next = line.charAt(close + 1);
                        if (next == '"' || next == '\\') {
                            sb.append(next);
                            close += 2;
                            continue;
                        }
                    }
                    sb.append(line.charAt(close));
                    close++;
                }
                if (close >= n) {
                    throw new ScenarioError("unterminated " + c + " quote");
                }
                i = close + 1;
            } else {
                sb.append(c);
                i++;
            }
        }
        String text = sb.toString();
        boolean operator = !quoted && (text.equals("=") || text.equals("==") || text.equals("!="));
        tokens.add(new Token(text, operator, quoted));
        return i;
    }
}
