package org.mmsim.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** pmap in a scenario: a missing pid prints nothing; bad arguments are refused before running. */
class PmapCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingPidPrintsNothing() {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, "machine memory=1G cpus=2\npmap 4242\npmap -x 4242\n");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out());
    }

    @Test
    void badArgumentsAreRefused() {
        for (String line : new String[] {"pmap", "pmap -x -X 1", "pmap web", "pmap -q 1"}) {
            ScenarioRunner.Result r = ScenarioRunner.runText(dir, "machine memory=1G cpus=2\n" + line + "\n");
            assertTrue(r.exit() != 0, line);
            assertTrue(r.err().contains("pmap"), line + ": " + r.err());
        }
    }
}
