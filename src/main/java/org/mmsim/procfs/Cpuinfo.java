/*
 * /proc/cpuinfo (arch/x86/kernel/cpu/proc.c show_cpuinfo): one stanza per CPU, ended by a blank
 * line, with the topology lines show_cpuinfo_core prints. Every CPU is its own core in one package.
 * Left out: the vendor, model, frequency, cache, flags, bugs and address-size lines (mmsim models
 * memory, not a processor); tools that read this file need only the stanzas and their topology.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;

final class Cpuinfo {
    private Cpuinfo() {
    }

    static String render(Kernel k) {
        int cpus = k.zones.nrCpus();
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < cpus; c++) {
            sb.append("processor\t: ").append(c).append('\n');
            sb.append("physical id\t: 0\n");
            sb.append("siblings\t: ").append(cpus).append('\n');
            sb.append("core id\t\t: ").append(c).append('\n');
            sb.append("cpu cores\t: ").append(cpus).append('\n');
            sb.append("apicid\t\t: ").append(c).append('\n');
            sb.append('\n');
        }
        return sb.toString();
    }
}
