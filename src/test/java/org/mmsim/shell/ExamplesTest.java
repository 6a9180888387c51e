package org.mmsim.shell;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Every shipped example runs cleanly through the real CLI, and twice gives byte-identical output. */
class ExamplesTest {
    @TestFactory
    Stream<DynamicTest> everyExampleRunsAndIsDeterministic() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("examples"))) {
            examples = files.filter(p -> p.toString().endsWith(".mms")).sorted().collect(Collectors.toList());
        }
        assertFalse(examples.isEmpty());
        return examples.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            ScenarioRunner.Result first = ScenarioRunner.run(p);
            assertEquals(0, first.exit(), () -> first.err());
            ScenarioRunner.Result second = ScenarioRunner.run(p);
            assertEquals(first.out(), second.out());
            assertEquals(first.err(), second.err());
        }));
    }
}
