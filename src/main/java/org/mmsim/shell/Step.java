/*
 * One validated scenario line, ready to run against a booted machine. Built by a command's parser
 * only after every argument has been checked, so running it never meets a syntax problem; what it
 * may meet is the simulated kernel refusing, which it reports as Linux's tools would.
 */
package org.mmsim.shell;

@FunctionalInterface
public interface Step {
    void run(Session session);
}
