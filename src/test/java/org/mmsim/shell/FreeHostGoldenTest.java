package org.mmsim.shell;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * free byte for byte against procps-ng 4.0.2's free on the reference host, both reading the same
 * /proc/meminfo: two files mmsim rendered (1G; 3G on two nodes after kmalloc and vmalloc), the
 * host's own, and a synthetic one with swap in use, exact .5 ties for -h and Committed_AS above
 * CommitLimit.
 */
class FreeHostGoldenTest {
    static List<HostGolden.Run> runs() {
        return HostGolden.runs("free.golden");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void sameBytesAsTheHostFree(HostGolden.Run run) {
        FreeCommand.Options o = FreeCommand.options(run.args());
        String meminfo = HostGolden.resource(run.input() + ".meminfo");
        assertEquals(run.output(), FreeCommand.sample(new ProcpsMeminfo(meminfo), o.flags(), o.exponent()));
    }
}
