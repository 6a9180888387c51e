package org.mmsim.shell;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * vmstat byte for byte against procps-ng 4.0.2's vmstat on the reference host, both reading the same
 * /proc/stat, /proc/vmstat, /proc/meminfo and /proc/slabinfo: a freshly booted mmsim machine (no ticks yet), one
 * after simulated work and time (system and idle ticks on 4 CPUs), and the busy host's own files.
 * The files do not change between samples, on the host or here.
 */
class VmstatHostGoldenTest {
    static List<HostGolden.Run> runs() {
        return HostGolden.runs("vmstat.golden");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void sameBytesAsTheHostVmstat(HostGolden.Run run) {
        VmstatCommand.Options o = VmstatCommand.options(run.args());
        StringBuilder out = new StringBuilder();
        VmstatCommand.run(o, new VmstatCommand.Machine() {
            @Override
            public String read(String path) {
                return HostGolden.resource(run.input() + "." + path.substring("/proc/".length()));
            }

            @Override
            public void sleep(long seconds) {
            }
        }, out::append);
        assertEquals(run.output(), out.toString());
    }
}
