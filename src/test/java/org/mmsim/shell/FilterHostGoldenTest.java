package org.mmsim.shell;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each filter against GNU grep 3.8 and coreutils 9.1 on the reference host: the expected outputs
 * were captured by running the same command there with the same text on a pipe (LANG=C.UTF-8).
 */
class FilterHostGoldenTest {
    private static final String IN0 = "b 10 x\na 2 y\nc  1 z\nB 10 w\n  d -3.5 v\na 2 y\n";
    private static final String IN1 = "a\nb\nc\nd\ne\n";
    private static final String IN2 = "MemTotal:       24683656 kB\nMemFree:        21375580 kB\nDirty:               120 kB\nWriteback:             0 kB\nWritebackTmp:          0 kB\nActive(anon):      12 kB\nHugePages_Total:       0\nnr_dirty 30\n";

    static Stream<Arguments> hostRuns() {
        return Stream.of(
                Arguments.of(IN0, List.of("sort"), "  d -3.5 v\nB 10 w\na 2 y\na 2 y\nb 10 x\nc  1 z\n"),
                Arguments.of(IN0, List.of("sort", "-r"), "c  1 z\nb 10 x\na 2 y\na 2 y\nB 10 w\n  d -3.5 v\n"),
                Arguments.of(IN0, List.of("sort", "-n", "-k2"), "  d -3.5 v\nc  1 z\na 2 y\na 2 y\nB 10 w\nb 10 x\n"),
                Arguments.of(IN0, List.of("sort", "-k2"), "c  1 z\n  d -3.5 v\nB 10 w\nb 10 x\na 2 y\na 2 y\n"),
                Arguments.of(IN0, List.of("sort", "-k2n", "-k1"), "  d -3.5 v\nc  1 z\na 2 y\na 2 y\nB 10 w\nb 10 x\n"),
                Arguments.of(IN0, List.of("sort", "-u"), "  d -3.5 v\nB 10 w\na 2 y\nb 10 x\nc  1 z\n"),
                Arguments.of(IN0, List.of("sort", "-t", " ", "-k2,2", "-n"), "  d -3.5 v\nc  1 z\na 2 y\na 2 y\nB 10 w\nb 10 x\n"),
                Arguments.of(IN0, List.of("sort", "-k2", "-s", "-n"), "  d -3.5 v\nc  1 z\na 2 y\na 2 y\nb 10 x\nB 10 w\n"),
                Arguments.of(IN0, List.of("sort", "-r", "-n", "-k", "2"), "b 10 x\nB 10 w\na 2 y\na 2 y\nc  1 z\n  d -3.5 v\n"),
                Arguments.of(IN0, List.of("sort", "-k1.2"), "c  1 z\nB 10 w\nb 10 x\na 2 y\na 2 y\n  d -3.5 v\n"),
                Arguments.of(IN0, List.of("sort", "-b", "-k2"), "  d -3.5 v\nc  1 z\nB 10 w\nb 10 x\na 2 y\na 2 y\n"),
                Arguments.of(IN0, List.of("sort", "-k2,2", "-u"), "c  1 z\n  d -3.5 v\nb 10 x\na 2 y\n"),
                Arguments.of(IN0, List.of("sort", "-k3r"), "c  1 z\na 2 y\na 2 y\nb 10 x\nB 10 w\n  d -3.5 v\n"),
                Arguments.of(IN0, List.of("sort", "-nr"), "c  1 z\nb 10 x\na 2 y\na 2 y\nB 10 w\n  d -3.5 v\n"),
                Arguments.of(IN1, List.of("head", "-n", "2"), "a\nb\n"),
                Arguments.of(IN1, List.of("head", "-2"), "a\nb\n"),
                Arguments.of(IN1, List.of("head", "-n", "-2"), "a\nb\nc\n"),
                Arguments.of(IN1, List.of("head", "-c", "3"), "a\nb"),
                Arguments.of(IN1, List.of("head", "-c", "-3"), "a\nb\nc\nd"),
                Arguments.of(IN1, List.of("head"), "a\nb\nc\nd\ne\n"),
                Arguments.of(IN1, List.of("head", "--lines=1"), "a\n"),
                Arguments.of(IN1, List.of("tail", "-n", "2"), "d\ne\n"),
                Arguments.of(IN1, List.of("tail", "-2"), "d\ne\n"),
                Arguments.of(IN1, List.of("tail", "-n", "+4"), "d\ne\n"),
                Arguments.of(IN1, List.of("tail", "-c", "4"), "d\ne\n"),
                Arguments.of(IN1, List.of("tail", "-c", "+8"), "\ne\n"),
                Arguments.of(IN1, List.of("tail", "-n", "0"), ""),
                Arguments.of(IN1, List.of("wc"), "      5       5      10\n"),
                Arguments.of(IN1, List.of("wc", "-l"), "5\n"),
                Arguments.of(IN1, List.of("wc", "-c"), "10\n"),
                Arguments.of(IN1, List.of("wc", "-w", "-l"), "      5       5\n"),
                Arguments.of(IN1, List.of("wc", "-m"), "10\n"),
                Arguments.of(IN2, List.of("wc"), "      8      22     202\n"),
                Arguments.of(IN2, List.of("wc", "-lc"), "      8     202\n"),
                Arguments.of(IN2, List.of("grep", "-E", "Dirty|Writeback"), "Dirty:               120 kB\nWriteback:             0 kB\nWritebackTmp:          0 kB\n"),
                Arguments.of(IN2, List.of("grep", "Dirty\\|Writeback"), "Dirty:               120 kB\nWriteback:             0 kB\nWritebackTmp:          0 kB\n"),
                Arguments.of(IN2, List.of("grep", "Dirty|Writeback"), ""),
                Arguments.of(IN2, List.of("grep", "-c", "kB"), "6\n"),
                Arguments.of(IN2, List.of("grep", "-v", "kB"), "HugePages_Total:       0\nnr_dirty 30\n"),
                Arguments.of(IN2, List.of("grep", "-i", "dirty"), "Dirty:               120 kB\nnr_dirty 30\n"),
                Arguments.of(IN2, List.of("grep", "-w", "Writeback"), "Writeback:             0 kB\n"),
                Arguments.of(IN2, List.of("grep", "-F", "(anon)"), "Active(anon):      12 kB\n"),
                Arguments.of(IN2, List.of("grep", "-e", "Free", "-e", "Total"), "MemTotal:       24683656 kB\nMemFree:        21375580 kB\nHugePages_Total:       0\n"),
                Arguments.of(IN2, List.of("grep", "[[:digit:]]\\{8\\}"), "MemTotal:       24683656 kB\nMemFree:        21375580 kB\n"),
                Arguments.of(IN2, List.of("grep", "-E", "^[A-Z][a-z]+:"), "Dirty:               120 kB\nWriteback:             0 kB\n"),
                Arguments.of(IN2, List.of("grep", "-x", "nr_dirty [0-9]*"), "nr_dirty 30\n"),
                Arguments.of(IN2, List.of("grep", "-n", "0 kB$"), "2:MemFree:        21375580 kB\n3:Dirty:               120 kB\n4:Writeback:             0 kB\n5:WritebackTmp:          0 kB\n"),
                Arguments.of(IN2, List.of("grep", "-E", "(Mem|Swap)(Total|Free)"), "MemTotal:       24683656 kB\nMemFree:        21375580 kB\n"),
                Arguments.of(IN2, List.of("grep", "\\<Writeback"), "Writeback:             0 kB\nWritebackTmp:          0 kB\n"),
                Arguments.of(IN2, List.of("grep", "-ciw", "writeback"), "1\n"),
                Arguments.of(IN2, List.of("grep", "-E", "[0-9]{3,}"), "MemTotal:       24683656 kB\nMemFree:        21375580 kB\nDirty:               120 kB\n"),
                Arguments.of(IN2, List.of("grep", "a*b"), "Writeback:             0 kB\nWritebackTmp:          0 kB\n"),
                Arguments.of(IN2, List.of("grep", "*Total"), ""),
                Arguments.of(IN2, List.of("grep", "-E", "a{,1}c"), "Writeback:             0 kB\nWritebackTmp:          0 kB\nActive(anon):      12 kB\n"),
                Arguments.of(IN2, List.of("grep", "(anon)"), "Active(anon):      12 kB\n"),
                Arguments.of(IN2, List.of("grep", "-E", "\\(anon\\)"), "Active(anon):      12 kB\n"),
                Arguments.of(IN2, List.of("grep", "-vc", "-e", "kB", "-e", "nr_"), "1\n"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("hostRuns")
    void sameOutputAsTheHostTool(String stdin, List<String> argv, String expected) {
        Pipeline.Filter f = Pipeline.parseFilter(argv.get(0), argv.subList(1, argv.size()));
        assertEquals(expected, f.apply(stdin));
    }
}
