package org.mmsim.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays the validation corpus's programs and compares, line by line, what the page-table layer
 * and page contents model (ret, errno, minflt, majflt, data read, mincore vectors, signals, the per-VMA smaps figures PTEs and
 * pages determine, and VMA counts) with the host's golden outputs. A program using something not
 * modelled is reported as skipped.
 */
class CorpusReplayTest {
    @Test
    void programsMatchTheHost() throws IOException {
        TreeMap<String, String> outcome = new TreeMap<>();
        List<String> mismatched = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("validate/programs"))) {
            for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                ValidationProgram prog = ValidationProgram.read(p);
                Path golden = Path.of("validate/expected", prog.name + ".out");
                List<String> got;
                try {
                    got = new SimReplay().run(prog);
                } catch (UnsupportedOperationException e) {
                    outcome.put(prog.name, "skipped: " + e.getMessage());
                    continue;
                }
                List<String> want = SimReplay.reduce(Files.readAllLines(golden));
                if (want.equals(got)) {
                    outcome.put(prog.name, "match");
                } else {
                    mismatched.add(prog.name);
                    StringBuilder sb = new StringBuilder("MISMATCH");
                    for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
                        String w = i < want.size() ? want.get(i) : "<none>";
                        String g = i < got.size() ? got.get(i) : "<none>";
                        if (!w.equals(g)) {
                            sb.append("\n    host: ").append(w).append("\n    sim:  ").append(g);
                        }
                    }
                    outcome.put(prog.name, sb.toString());
                }
            }
        }
        long matched = outcome.values().stream().filter("match"::equals).count();
        StringBuilder report = new StringBuilder();
        outcome.forEach((k, v) -> report.append(k).append(": ").append(v).append('\n'));
        System.out.println(report + "matched " + matched + " of " + outcome.size());
        assertEquals(List.of(), mismatched, report.toString());
    }
}
