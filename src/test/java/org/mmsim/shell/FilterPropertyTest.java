package org.mmsim.shell;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Laws the filters obey on any text: they agree with each other as the GNU tools do. */
class FilterPropertyTest {
    @Provide
    Arbitrary<List<String>> lines() {
        return Arbitraries.strings().withChars("ab1 :-_\t").ofMaxLength(8).list().ofMaxSize(30);
    }

    private static String text(List<String> lines) {
        return Pipeline.join(lines);
    }

    private static String run(String text, String... argv) {
        return Pipeline.parseFilter(argv[0], List.of(argv).subList(1, argv.length)).apply(text);
    }

    @Property(tries = 200)
    void sortIsAByteOrderedPermutation(@ForAll("lines") List<String> lines) {
        List<String> sorted = Pipeline.lines(run(text(lines), "sort"));
        List<String> expected = new ArrayList<>(lines);
        expected.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, sorted);
        assertEquals(new ArrayList<>(new TreeSet<>(lines)), Pipeline.lines(run(text(lines), "sort", "-u")));
    }

    @Property(tries = 200)
    void reverseSortIsTheSortReversed(@ForAll("lines") List<String> lines) {
        List<String> forward = Pipeline.lines(run(text(lines), "sort", "-k2", "-n"));
        List<String> backward = new ArrayList<>(Pipeline.lines(run(text(lines), "sort", "-k2", "-n", "-r")));
        java.util.Collections.reverse(backward);
        assertEquals(forward, backward);
    }

    @Property(tries = 200)
    void headAndTailSplitTheInput(@ForAll("lines") List<String> lines, @ForAll @IntRange(max = 40) int n) {
        String t = text(lines);
        assertEquals(t, run(t, "head", "-n", String.valueOf(n)) + run(t, "tail", "-n", "+" + (n + 1)));
        assertEquals(t, run(t, "head", "-n", "-" + n) + run(t, "tail", "-n", String.valueOf(n)));
        assertEquals(t, run(t, "head", "-c", String.valueOf(n)) + run(t, "tail", "-c", "+" + (n + 1)));
    }

    @Property(tries = 200)
    void grepAndGrepVPartitionTheLines(@ForAll("lines") List<String> lines) {
        String t = text(lines);
        long selected = Long.parseLong(run(t, "grep", "-c", "-E", "a+b|:").trim());
        long rest = Long.parseLong(run(t, "grep", "-vc", "-E", "a+b|:").trim());
        assertEquals(Long.parseLong(run(t, "wc", "-l").trim()), selected + rest);
        assertEquals(selected, Pipeline.lines(run(t, "grep", "-E", "a+b|:")).size());
        assertTrue(run(t, "grep", "-E", "a+b|:").lines().allMatch(l -> l.matches(".*(a+b|:).*")));
    }
}
