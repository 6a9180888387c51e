/*
 * Runs the whole validation corpus natively (skipped without a C compiler): every program completes,
 * does what its expect_errno lines say, prints the same output twice, and a few well-known kernel
 * behaviours hold. Also checks the golden outputs in validate/expected/, which needs no compiler.
 */
package org.mmsim.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class HostRunnerTest {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final Path PROGRAMS = PROJECT.resolve("validate/programs");
    private static final Path EXPECTED = PROJECT.resolve("validate/expected");

    private static HostRunner runner() {
        Optional<HostRunner> r = HostRunner.forProject(PROJECT);
        assumeTrue(r.isPresent(), "no C compiler or not Linux x86-64");
        return r.get();
    }

    private static RunResult run(String program) throws Exception {
        return runner().run(PROGRAMS.resolve(program + ".vp"));
    }

    @TestFactory
    Stream<DynamicTest> everyProgramRunsDeterministicallyAndAsExpected() throws Exception {
        return HostRunner.programs(PROGRAMS).stream().map(file -> DynamicTest.dynamicTest(
                file.getFileName().toString(), () -> {
                    HostRunner runner = runner();
                    // The overcommit programs state what mode 0 refuses; another mode refuses otherwise.
                    assumeTrue(!file.getFileName().toString().startsWith("overcommit_")
                            || Files.readAllLines(Path.of("/proc/sys/vm/overcommit_memory")).get(0).trim().equals("0"),
                            "the host's vm.overcommit_memory is not 0");
                    ValidationProgram program = ValidationProgram.read(file);
                    String first = runner.runRaw(file);
                    String second = runner.runRaw(file);
                    assertEquals(first, second, "output differs between two runs");
                    RunResult result = RunResult.parse(first);
                    assertTrue(result.header.contains("thp_disabled=1"), result.header);
                    checkAgainstProgram(program, result);
                }));
    }

    /** The checks that hold for any output of a program, native or golden. */
    private static void checkAgainstProgram(ValidationProgram program, RunResult result) {
        for (ValidationProgram.Op op : program.ops) {
            if (op.name().equals("maps")) {
                continue;
            }
            RunResult.OpResult r = result.op(op.index());
            assertEquals(op.line(), r.line(), "line of op " + op.index());
            assertEquals(op.expectedErrno().orElse("0"), r.errno(), program.name + ":" + op.line());
        }
        for (RunResult.Maps maps : result.maps) {
            for (RunResult.Vma vma : maps.vmas()) {
                assertTrue(!vma.name().equals("other"), "a runner mapping leaked: " + vma);
                assertEquals(0, vma.kb("AnonHugePages"), vma.toString());
            }
        }
    }

    @Test
    void goldenOutputsExistAndMatchTheirPrograms() throws Exception {
        List<Path> programs = HostRunner.programs(PROGRAMS);
        assertTrue(programs.size() >= 40, "corpus has " + programs.size() + " programs");
        for (Path file : programs) {
            Path golden = EXPECTED.resolve(file.getFileName().toString().replaceFirst("\\.vp$", ".out"));
            assertTrue(Files.exists(golden), "missing golden " + golden);
            checkAgainstProgram(ValidationProgram.read(file), RunResult.parse(Files.readString(golden)));
        }
        try (Stream<Path> s = Files.list(EXPECTED)) {
            assertEquals(programs.size(), s.collect(Collectors.toList()).size(), "stale golden files");
        }
    }

    @Test
    void writingSixteenUntouchedAnonymousPagesTakesSixteenMinorFaults() throws Exception {
        RunResult r = run("anon_touch_sequential");
        assertEquals(16, r.op(1).minorFaults());
        assertEquals(0, r.op(1).majorFaults());
        assertEquals(0, r.op(2).minorFaults(), "reading back the written pages");
        assertEquals(64, r.finalMaps().vmas().get(0).kb("Rss"));
    }

    @Test
    void readingUntouchedAnonymousMemoryMapsTheZeroPageWhichRssDoesNotCount() throws Exception {
        RunResult r = run("anon_zero_page_read");
        assertEquals(16, r.op(1).minorFaults());
        assertEquals("00*16", r.op(1).extra().get("data"));
        assertEquals("1*16", r.op(2).extra().get("vec"), "mincore counts zero-page mappings as resident");
        RunResult.Vma afterRead = r.maps.get(0).vmas().get(0);
        assertEquals(0, afterRead.kb("Rss"));
        assertEquals(8, r.op(4).minorFaults(), "writing over the zero page faults again");
        assertEquals(32, r.finalMaps().vmas().get(0).kb("Rss"));
    }

    @Test
    void afterTheChildExitsTheParentReusesItsPagesButStillFaults() throws Exception {
        RunResult r = run("fork_child_exit_reuse");
        assertEquals(0, r.op(3).minorFaults(), "child reads shared pages through copied PTEs");
        assertEquals(16, r.op(5).minorFaults());
        RunResult.Vma vma = r.finalMaps().vmas().get(0);
        assertEquals(64, vma.kb("Pss"));
        assertEquals(64, vma.kb("Private_Dirty"));
    }

    @Test
    void forkedChildSharesPagesUntilItWrites() throws Exception {
        RunResult r = run("fork_cow");
        RunResult.Vma child = r.maps.get(0).vmas().get(0);
        assertEquals('C', r.maps.get(0).process());
        assertEquals(64, child.kb("Rss"));
        assertEquals(48, child.kb("Pss"), "16K copied + 48K shared with the parent, of which 16K copied there");
    }

    @Test
    void fileReadFaultsMapSixteenPagesAroundTheFault() throws Exception {
        RunResult r = run("file_read_faultaround");
        assertEquals(1, r.op(2).minorFaults());
        assertEquals(0, r.op(4).minorFaults(), "pages 1..15 were mapped by fault-around");
        assertEquals(1, r.op(7).minorFaults(), "only the window 32..47 was still unmapped");
        assertEquals(256, r.finalMaps().vmas().get(0).kb("Rss"));
    }

    @Test
    void mprotectSplitsAVmaAndRestoringTheProtectionMergesItBack() throws Exception {
        RunResult r = run("mprotect_split_merge");
        assertEquals(3, r.maps.get(0).vmas().size());
        assertEquals(1, r.finalMaps().vmas().size());
    }
}
