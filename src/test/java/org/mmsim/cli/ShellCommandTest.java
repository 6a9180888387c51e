package org.mmsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `mmsim shell` reading stdin that is not a terminal: no prompts, each line run as it comes, as `bash < file`. */
class ShellCommandTest {
    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private static Result shell(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] argv = new String[args.length + 1];
        argv[0] = "shell";
        System.arraycopy(args, 0, argv, 1, args.length);
        int exit = Main.run(argv, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Result run(String scenario) throws IOException {
        Path file = dir.resolve("t.mms");
        Files.writeString(file, scenario, StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"run", file.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void linesFromStdinPrintWhatTheScenarioWouldWithoutPrompts() throws IOException {
        String lines = "machine memory=2G cpus=4\np = alloc_pages order=3\ncat /proc/buddyinfo\nfree_pages p\n"
                + "sysctl vm.min_free_kbytes\n";
        Result shell = shell(lines);
        Result scenario = run(lines);
        assertEquals(0, shell.exit(), shell.err());
        assertEquals("", shell.err());
        assertEquals(scenario.out(), shell.out(), "one language: the same lines print the same");
        assertFalse(shell.out().contains("root@mmsim"), "no prompt when stdin is not a terminal");
    }

    @Test
    void anErrorPrintsOneLineAndTheShellGoesOn() {
        Result r = shell("bogus\nfree_pages q\ncat /proc/nope\nalloc_pages order=x\necho 'open\necho still here\n");
        String[] err = r.err().split("\n");
        assertEquals(5, err.length, r.err());
        assertEquals("mmsim: unknown command \"bogus\"", err[0]);
        assertEquals("mmsim: free_pages: q is not bound", err[1]);
        assertEquals("cat: /proc/nope: No such file or directory", err[2]);
        assertTrue(err[3].startsWith("mmsim: alloc_pages: "), err[3]);
        assertEquals("mmsim: unterminated ' quote", err[4]);
        assertEquals("still here\n", r.out());
        assertEquals(0, r.exit());
        assertFalse(r.err().contains("\tat "), "never a stack trace");
    }

    @Test
    void machineIsAcceptedOnlyAsTheFirstCommand() {
        Result first = shell("machine memory=2G\nexpect MemTotal > 1G\n");
        assertEquals("", first.err());
        Result later = shell("cat /proc/buddyinfo\nmachine memory=2G\nexpect MemTotal < 1G\n");
        assertEquals("mmsim: machine must be the first command (a default 1G machine already booted)\n", later.err());
    }

    @Test
    void aMachineLineBeforeAnythingRanReplacesAMachineBootedOnlyForCompletion() {
        org.mmsim.shell.Shell shell = new org.mmsim.shell.Shell(org.mmsim.shell.Commands.standard(), 0,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1L << 30, shell.kernel().spec.totalMemory(), "Tab before the first line boots the default");
        shell.runLine("machine memory=2G");
        assertEquals(2L << 30, shell.kernel().spec.totalMemory());
    }

    @Test
    void exitStatusIsOneAfterAFailedExpectAndExitEndsTheShell() {
        Result r = shell("expect MemFree > 7G\nexit\necho not run\n");
        assertEquals(1, r.exit());
        assertTrue(r.err().matches("mmsim: expect failed: MemFree = \\d+ kB, wanted > 7G\n"), r.err());
        assertEquals("", r.out());
        assertEquals(0, shell("expect MemTotal > 512M\nlogout\n").exit());
        assertEquals(0, shell("").exit(), "end of input is Ctrl-D");
        Result args = shell("exit 3\necho on\n");
        assertEquals("mmsim: exit: takes no arguments (the exit status is 1 if an expect failed, else 0)\n", args.err());
        assertEquals("on\n", args.out());
    }

    @Test
    void helpListsEveryCommandWithItsUsage() {
        Result r = shell("help\nhelp kmalloc\nhelp nothing\n");
        assertTrue(r.out().contains("  [NAME =] alloc_pages order=N [gfp=FLAGS] [node=N]\n"), r.out());
        assertTrue(r.out().contains("  expect FIELD OP VALUE"), r.out());
        assertTrue(r.out().endsWith("[NAME =] kmalloc SIZE [gfp=FLAGS]\n"), r.out());
        assertEquals("mmsim: help: no command \"nothing\"\n", r.err());
    }

    @Test
    void aScenarioRunsFirstAndTheShellGoesOnFromItsMachine() throws IOException {
        Path file = dir.resolve("setup.mms");
        Files.writeString(file, "machine memory=2G\nbuf = kmalloc 128\nexpect MemFree > 7G\n", StandardCharsets.UTF_8);
        Result r = shell("kfree buf\nexpect MemTotal > 1G\nbuf = kmalloc 64\nkfree buf\nkfree buf\n", file.toString());
        String[] err = r.err().split("\n");
        assertTrue(err[0].matches(java.util.regex.Pattern.quote(file.toString())
                + ":3: expect failed: MemFree = \\d+ kB, wanted > 7G"), err[0]);
        assertEquals("mmsim: kfree: buf was already freed (line 7)", err[1]);
        assertEquals(2, err.length, r.err());
        assertEquals(1, r.exit());
    }

    @Test
    void anInvalidScenarioEndsTheShellBeforeAnythingRuns() throws IOException {
        Path file = dir.resolve("bad.mms");
        Files.writeString(file, "echo one\nbogus\n", StandardCharsets.UTF_8);
        Result r = shell("echo never\n", file.toString());
        assertEquals(file + ":2: unknown command \"bogus\"\n", r.err());
        assertEquals("", r.out());
        assertEquals(2, r.exit());
        Result missing = shell("", dir.resolve("none.mms").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().endsWith("none.mms: No such file or directory\n"), missing.err());
    }

    @Test
    void sameInputSameOutput() {
        String lines = "p = alloc_pages order=2 gfp=GFP_KERNEL|__GFP_ZERO\nkmem_cache_create c 100\nx = kmem_cache_alloc c\n"
                + "cat /proc/slabinfo\ndmesg\n";
        assertEquals(shell(lines, "--seed", "7"), shell(lines, "--seed", "7"));
    }
}
