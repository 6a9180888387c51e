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
    private static final String IN3 = "zeta 3\nalpha 10\nbeta 2";
    private static final String IN4 = "x:3:b\ny:10:a\nz:3:a\nw::c\n";
    private static final String IN5 = "foo_bar foo\nfoobar\nfoo-bar\n(foo)\nFOO\n";
    private static final String IN6 = "b\na\nb\n10\n9\n010\n a\n";
    private static final String IN7 = "";

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
                Arguments.of(IN2, List.of("grep", "-vc", "-e", "kB", "-e", "nr_"), "1\n"),
                Arguments.of(IN3, List.of("sort"), "alpha 10\nbeta 2\nzeta 3\n"),
                Arguments.of(IN3, List.of("sort", "-k2n"), "beta 2\nzeta 3\nalpha 10\n"),
                Arguments.of(IN3, List.of("head", "-n", "2"), "zeta 3\nalpha 10\n"),
                Arguments.of(IN3, List.of("tail", "-n", "1"), "beta 2"),
                Arguments.of(IN3, List.of("wc"), "      2       6      22\n"),
                Arguments.of(IN3, List.of("grep", "a$"), ""),
                Arguments.of(IN3, List.of("tail", "-c", "3"), "a 2"),
                Arguments.of(IN3, List.of("head", "-n", "-1"), "zeta 3\nalpha 10\n"),
                Arguments.of(IN4, List.of("sort", "-t", ":", "-k2,2n"), "w::c\nx:3:b\nz:3:a\ny:10:a\n"),
                Arguments.of(IN4, List.of("sort", "-t", ":", "-k3,3", "-k1,1r"), "z:3:a\ny:10:a\nx:3:b\nw::c\n"),
                Arguments.of(IN4, List.of("sort", "-t:", "-k2n", "-u"), "w::c\nx:3:b\ny:10:a\n"),
                Arguments.of(IN4, List.of("sort", "-t", ":", "-k1.1,1.1"), "w::c\nx:3:b\ny:10:a\nz:3:a\n"),
                Arguments.of(IN4, List.of("sort", "-t", ":", "-k2.2"), "y:10:a\nz:3:a\nx:3:b\nw::c\n"),
                Arguments.of(IN5, List.of("grep", "-w", "foo"), "foo_bar foo\nfoo-bar\n(foo)\n"),
                Arguments.of(IN5, List.of("grep", "-wc", "foo"), "3\n"),
                Arguments.of(IN5, List.of("grep", "-x", "foobar"), "foobar\n"),
                Arguments.of(IN5, List.of("grep", "-iw", "foo"), "foo_bar foo\nfoo-bar\n(foo)\nFOO\n"),
                Arguments.of(IN5, List.of("grep", "-F", "-w", "foo"), "foo_bar foo\nfoo-bar\n(foo)\n"),
                Arguments.of(IN5, List.of("grep", "-F", "-x", "-i", "foo"), "FOO\n"),
                Arguments.of(IN5, List.of("grep", "foo\\>"), "foo_bar foo\nfoo-bar\n(foo)\n"),
                Arguments.of(IN5, List.of("grep", "-E", "^(foo|FOO)$"), "FOO\n"),
                Arguments.of(IN5, List.of("grep", "[^a-z_]"), "foo_bar foo\nfoo-bar\n(foo)\nFOO\n"),
                Arguments.of(IN5, List.of("grep", "-v", "-e", "bar", "-e", "FOO"), "(foo)\n"),
                Arguments.of(IN5, List.of("grep", "-n", "-v", "foo"), "5:FOO\n"),
                Arguments.of(IN5, List.of("grep", "\\w\\W\\w"), "foo_bar foo\nfoo-bar\n"),
                Arguments.of(IN5, List.of("grep", "-E", "o{2}b"), "foobar\n"),
                Arguments.of(IN5, List.of("grep", "o\\{2\\}b"), "foobar\n"),
                Arguments.of(IN5, List.of("grep", "-e", "foo\nFOO"), "foo_bar foo\nfoobar\nfoo-bar\n(foo)\nFOO\n"),
                Arguments.of(IN6, List.of("sort", "-u"), " a\n010\n10\n9\na\nb\n"),
                Arguments.of(IN6, List.of("sort", "-n"), " a\na\nb\nb\n9\n010\n10\n"),
                Arguments.of(IN6, List.of("sort", "-n", "-u"), "b\n9\n10\n"),
                Arguments.of(IN6, List.of("sort", "-r", "-u"), "b\na\n9\n10\n010\n a\n"),
                Arguments.of(IN6, List.of("sort", "-b"), "010\n10\n9\n a\na\nb\nb\n"),
                Arguments.of(IN6, List.of("sort", "-bu"), "010\n10\n9\na\nb\n"),
                Arguments.of(IN6, List.of("sort", "-s", "-n"), "b\na\nb\n a\n9\n10\n010\n"),
                Arguments.of(IN6, List.of("sort", "-n", "-r", "-s"), "10\n010\n9\nb\na\nb\n a\n"),
                Arguments.of(IN6, List.of("head", "-c", "1K"), "b\na\nb\n10\n9\n010\n a\n"),
                Arguments.of(IN6, List.of("tail", "-n", "+0"), "b\na\nb\n10\n9\n010\n a\n"),
                Arguments.of(IN6, List.of("wc", "-m", "-l"), "      7      18\n"),
                Arguments.of(IN6, List.of("wc", "--lines"), "7\n"),
                Arguments.of(IN7, List.of("wc"), "      0       0       0\n"),
                Arguments.of(IN7, List.of("grep", "-c", "x"), "0\n"),
                Arguments.of(IN7, List.of("sort"), ""),
                Arguments.of(IN7, List.of("head"), ""));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("hostRuns")
    void sameOutputAsTheHostTool(String stdin, List<String> argv, String expected) {
        Pipeline.Filter f = Pipeline.parseFilter(argv.get(0), argv.subList(1, argv.size()));
        assertEquals(expected, f.apply(stdin));
    }
}
