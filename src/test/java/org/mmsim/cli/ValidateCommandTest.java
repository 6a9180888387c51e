package org.mmsim.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `mmsim validate`: corpus programs match their goldens, natively too; an altered golden is reported field by field. */
class ValidateCommandTest {
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
    void corpusProgramsMatchTheirGoldens() {
        Result r = run("validate", "--golden", "validate/programs/anon_touch_sequential.vp",
                "validate/programs/fork_cow.vp", "validate/programs/mremap_grow_move.vp");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("anon_touch_sequential: match\nfork_cow: match\nmremap_grow_move: match\n", r.out());
    }

    @Test
    void nativeRunOrGoldenFallback() {
        Result r = run("validate", "validate/programs/anon_touch_sequential.vp");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().endsWith("anon_touch_sequential: match\n"), r.out());
    }

    @Test
    void alteredGoldenIsReportedSideBySide(@TempDir Path dir) throws Exception {
        Path programs = Files.createDirectories(dir.resolve("programs"));
        Path expected = Files.createDirectories(dir.resolve("expected"));
        Path vp = Files.copy(Path.of("validate/programs/anon_touch_sequential.vp"),
                programs.resolve("anon_touch_sequential.vp"));
        String golden = Files.readString(Path.of("validate/expected/anon_touch_sequential.out"));
        String altered = golden.replaceFirst("(op \\d+ \\d+ P write ret=0 errno=0 minflt=)(\\d+)", "$1" + "999999")
                .replaceFirst("(vma [^\\n]* Rss=)(\\d+)", "$1" + "1");
        Files.writeString(expected.resolve("anon_touch_sequential.out"), altered);
        Result r = run("validate", "--golden", vp.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("anon_touch_sequential: 2 differences (golden vs mmsim)\n"), r.out());
        assertTrue(r.out().matches("(?s).*op \\d+ \\(line \\d+, P\\) write minflt +host 999999 +mmsim \\d+\n.*"), r.out());
        assertTrue(r.out().matches("(?s).*vma \\S+ Rss +host 1 +mmsim \\d+\n.*"), r.out());
    }

    @Test
    void aMalformedProgramIsInvalid(@TempDir Path dir) throws Exception {
        Path vp = Files.writeString(dir.resolve("bad.vp"), "mmapp 4K rw private anon\n");
        Result r = run("validate", "--golden", vp.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("mmsim validate: " + vp + ": bad:1: unknown operation mmapp"), r.err());
    }

    @Test
    void unreadableProgramIsInvalid() {
        Result r = run("validate", "no/such.vp");
        assertEquals(2, r.exit());
        assertEquals("mmsim validate: no/such.vp: No such file or directory\n", r.err());
    }
}
