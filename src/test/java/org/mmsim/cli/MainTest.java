package org.mmsim.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void version() {
        Result r = run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("mmsim "), r.out());
    }

    @Test
    void helpNamesTheRunCommand() {
        Result r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("run"), r.out());
        Result runHelp = run("run", "--help");
        assertTrue(runHelp.out().contains("--seed"), runHelp.out());
    }

    @Test
    void commandsListsEveryUsageLine() {
        Result r = run("commands");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("[NAME =] alloc_pages order=N [gfp=FLAGS] [node=N]\n"), r.out());
        assertTrue(r.out().contains("expect FIELD OP VALUE"), r.out());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run().exit());
        assertEquals(2, run("run").exit());
        assertEquals(2, run("run", "x.mms", "--seed", "abc").exit());
        Result unknown = run("frob");
        assertEquals(2, unknown.exit());
        assertTrue(unknown.err().contains("frob"), unknown.err());
    }
}
