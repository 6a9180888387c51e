/*
 * The processes as procps's library (libproc2 pids.c) reads them: every /proc/PID directory's stat,
 * status and cmdline parsed from the simulated /proc, plus the system figures ps and top scale by
 * (MemTotal, uptime, pid_max, boot time). Reading the rendered files rather than the task structures
 * keeps ps and top byte-compatible with what the real tools see in an export. Left out: threads
 * (task/), environ, and user names other than root (every simulated process runs as uid 0).
 */
package org.mmsim.shell;

import org.mmsim.procfs.ProcFs;
import org.mmsim.sim.KernelError;

import java.util.ArrayList;
import java.util.List;

final class ProcTable {
    static final int HERTZ = 100;

    /** One process as ps and top see it; sizes in KiB as status gives them. */
    record Proc(int pid, String comm, char state, int ppid, int pgrp, int session, int ttyNr, int tpgid,
                long minflt, long majflt, long utime, long stime, int priority, int nice, int nlwp,
                long startTicks, long vmSizeKb, long vmRssKb, long vmLckKb, long rssAnonKb, long rssFileKb,
                long rssShmemKb, long vmSwapKb, long vmDataKb, long vmStkKb, int uid, String cmdline) {
        /** The command line with arguments; procps shows [comm] for a process without one. */
        String args() {
            return cmdline.isEmpty() ? "[" + comm + "]" : cmdline;
        }

        /** Seconds since the process started, as libproc2 computes TIME_ELAPSED. */
        long elapsedSeconds(long uptimeSeconds) {
            long t = startTicks / HERTZ;
            return uptimeSeconds >= t ? uptimeSeconds - t : 0;
        }
    }

    final List<Proc> procs = new ArrayList<>();
    final long memTotalKb;
    final long uptimeSeconds;
    final int pidMax;
    final long bootTime;

    ProcTable(ProcFs procfs) {
        for (int pid : procfs.pids()) {
            Proc p = read(procfs, pid);
            if (p != null) {
                procs.add(p);
            }
        }
        memTotalKb = meminfo(procfs.read("/proc/meminfo"), "MemTotal:");
        String up = procfs.read("/proc/uptime");
        uptimeSeconds = Long.parseLong(up.substring(0, up.indexOf('.')));
        pidMax = Integer.parseInt(procfs.read("/proc/sys/kernel/pid_max").trim());
        long boot = 0;
        for (String l : procfs.read("/proc/stat").split("\n")) {
            if (l.startsWith("btime ")) {
                boot = Long.parseLong(l.substring(6).trim());
            }
        }
        bootTime = boot;
    }

    /** ps itself: init, which every command runs as (/proc/self). */
    Proc self() {
        return procs.get(0);
    }

    /** The simulated wall clock: the boot time /proc/stat gives plus the simulated uptime. */
    long now() {
        return bootTime + uptimeSeconds;
    }

    private static Proc read(ProcFs procfs, int pid) {
        String stat, status, cmdline;
        try {
            stat = procfs.read("/proc/" + pid + "/stat");
            status = procfs.read("/proc/" + pid + "/status");
            cmdline = procfs.read("/proc/" + pid + "/cmdline");
        } catch (KernelError e) {
            return null;
        }
        int open = stat.indexOf('('), close = stat.lastIndexOf(')');
        String comm = stat.substring(open + 1, close);
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state) of proc(5)'s numbering.
        String args = cmdline.endsWith("\0") ? cmdline.substring(0, cmdline.length() - 1) : cmdline;
        return new Proc(pid, comm, f[0].charAt(0), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
                Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[7]),
                Long.parseLong(f[9]), Long.parseLong(f[11]), Long.parseLong(f[12]), Integer.parseInt(f[15]),
                Integer.parseInt(f[16]), Integer.parseInt(f[17]), Long.parseLong(f[19]),
                statusKb(status, "VmSize:"), statusKb(status, "VmRSS:"), statusKb(status, "VmLck:"),
                statusKb(status, "RssAnon:"), statusKb(status, "RssFile:"), statusKb(status, "RssShmem:"),
                statusKb(status, "VmSwap:"), statusKb(status, "VmData:"), statusKb(status, "VmStk:"),
                uid(status), args.replace('\0', ' '));
    }

    private static long statusKb(String status, String label) {
        int at = status.indexOf("\n" + label);
        if (at < 0) {
            return 0;
        }
        int end = status.indexOf(" kB", at);
        return Long.parseLong(status.substring(at + label.length() + 1, end).trim());
    }

    private static int uid(String status) {
        int at = status.indexOf("\nUid:\t");
        return at < 0 ? 0 : Integer.parseInt(status.substring(at + 6, status.indexOf('\t', at + 6)));
    }

    static long meminfo(String meminfo, String label) {
        for (String l : meminfo.split("\n")) {
            if (l.startsWith(label)) {
                return Long.parseLong(l.substring(label.length()).replace("kB", "").trim());
            }
        }
        return 0;
    }

    /** The user name of a uid: every simulated process runs as root. */
    static String user(int uid) {
        return uid == 0 ? "root" : Integer.toString(uid);
    }
}
