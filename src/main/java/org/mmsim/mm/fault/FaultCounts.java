/*
 * The per-task fault counters mm_account_fault() bumps (task_struct min_flt/maj_flt), which
 * getrusage(2) and /proc/PID/stat report.
 */
package org.mmsim.mm.fault;

public final class FaultCounts {
    public long minflt;
    public long majflt;
}
