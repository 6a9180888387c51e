/*
 * A scenario the shell refuses before running any of it: bad syntax, a bad argument, a name used
 * wrongly. Carries only the message; the parser adds FILE:LINE. Never a kernel refusal (that is a
 * KernelError, reported as Linux's tools report it).
 */
package org.mmsim.shell;

public final class ScenarioError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioError(String message) {
        super(message, null, false, false);
    }
}
