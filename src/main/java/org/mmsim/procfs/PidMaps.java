/*
 * /proc/PID/maps, smaps and smaps_rollup (fs/proc/task_mmu.c show_map_vma, show_smap,
 * show_smaps_rollup): one header line per VMA (start-end, rwxp/s, file offset, dev:inode, the
 * name padded to column 74), and for smaps the mem_size_stats of each VMA in 6.18's field order.
 * The x86-64 gate area ([vsyscall], vsyscall=xonly: execute-only, never resident) follows the VMAs
 * in maps and smaps (get_gate_vma), not in smaps_rollup. Leaves out device numbers (file mappings
 * print 00:00 and their inode; shared anonymous and SysV objects 00:01, the internal shm mount's), THP eligibility (THPeligible 0) and protection keys (ProtectionKey 0).
 */
package org.mmsim.procfs;

import org.mmsim.mm.memory.UserMemory;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.task.Task;

final class PidMaps {
    /** seq_setwidth(m, 25 + sizeof(void *) * 6 - 1): where the name column starts, less one. */
    private static final int NAME_PAD = 25 + 8 * 6 - 1;
    /** VSYSCALL_ADDR and the end of its page. */
    private static final long GATE_START = 0xffffffffff600000L;
    private static final long GATE_END = GATE_START + 4096;

    private PidMaps() {
    }

    static String maps(Task t) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : t.mm().vmas()) {
            header(sb, t.mm(), v);
        }
        gateHeader(sb);
        return sb.toString();
    }

    static String smaps(UserMemory um, Task t) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : t.mm().vmas()) {
            header(sb, t.mm(), v);
            MemSize mss = new MemSize();
            mss.gather(um, t.pageTable(), v);
            kb(sb, "Size:           ", v.end() - v.start());
            kb(sb, "KernelPageSize: ", 4096);
            kb(sb, "MMUPageSize:    ", 4096);
            common(sb, mss, false);
            sb.append("THPeligible:    0\n");
            sb.append("ProtectionKey:         0\n");
            sb.append("VmFlags: ").append(VmFlags.mnemonics(v.flags())).append('\n');
        }
        gateHeader(sb);
        kb(sb, "Size:           ", GATE_END - GATE_START);
        kb(sb, "KernelPageSize: ", 4096);
        kb(sb, "MMUPageSize:    ", 4096);
        common(sb, new MemSize(), false);
        sb.append("THPeligible:    0\n");
        sb.append("ProtectionKey:  ").append(String.format("%8d", 0)).append('\n');
        sb.append("VmFlags: ").append(VmFlags.mnemonics(VmFlags.VM_EXEC)).append('\n');
        return sb.toString();
    }

    /** The gate area's line: VSYSCALL_ADDR, one page, VM_EXEC only. */
    private static void gateHeader(StringBuilder sb) {
        int from = sb.length();
        sb.append(String.format("%08x-%08x --xp %08x 00:00 0 ", GATE_START, GATE_END, 0));
        pad(sb, from);
        sb.append("[vsyscall]\n");
    }

    static String smapsRollup(UserMemory um, Task t) {
        MemSize mss = new MemSize();
        long start = 0;
        long end = 0;
        for (Vma v : t.mm().vmas()) {
            if (end == 0) {
                start = v.start();
            }
            end = v.end();
            mss.gather(um, t.pageTable(), v);
        }
        StringBuilder sb = new StringBuilder();
        int from = sb.length();
        sb.append(String.format("%08x-%08x ---p %08x 00:00 0 ", start, end, 0));
        pad(sb, from);
        sb.append("[rollup]\n");
        common(sb, mss, true);
        return sb.toString();
    }

    /** __show_smap(): Rss through Locked. */
    private static void common(StringBuilder sb, MemSize mss, boolean rollup) {
        kb(sb, "Rss:            ", mss.resident);
        kb(sb, "Pss:            ", mss.pss >> MemSize.PSS_SHIFT);
        kb(sb, "Pss_Dirty:      ", mss.pssDirty >> MemSize.PSS_SHIFT);
        if (rollup) {
            kb(sb, "Pss_Anon:       ", mss.pssAnon >> MemSize.PSS_SHIFT);
            kb(sb, "Pss_File:       ", mss.pssFile >> MemSize.PSS_SHIFT);
            kb(sb, "Pss_Shmem:      ", mss.pssShmem >> MemSize.PSS_SHIFT);
        }
        kb(sb, "Shared_Clean:   ", mss.sharedClean);
        kb(sb, "Shared_Dirty:   ", mss.sharedDirty);
        kb(sb, "Private_Clean:  ", mss.privateClean);
        kb(sb, "Private_Dirty:  ", mss.privateDirty);
        kb(sb, "Referenced:     ", mss.referenced);
        kb(sb, "Anonymous:      ", mss.anonymous);
        kb(sb, "KSM:            ", 0);
        kb(sb, "LazyFree:       ", mss.lazyfree);
        kb(sb, "AnonHugePages:  ", 0);
        kb(sb, "ShmemPmdMapped: ", 0);
        kb(sb, "FilePmdMapped:  ", 0);
        kb(sb, "Shared_Hugetlb: ", 0);
        kb(sb, "Private_Hugetlb:", 0);
        kb(sb, "Swap:           ", mss.swap);
        kb(sb, "SwapPss:        ", mss.swapPss >> MemSize.PSS_SHIFT);
        kb(sb, "Locked:         ", mss.pssLocked >> MemSize.PSS_SHIFT);
    }

    /** SEQ_PUT_DEC: the label, the value in kB right-aligned in 8 columns, " kB". */
    private static void kb(StringBuilder sb, String label, long bytes) {
        sb.append(label);
        String v = Long.toString(bytes >> 10);
        for (int i = v.length(); i < 8; i++) {
            sb.append(' ');
        }
        sb.append(v).append(" kB\n");
    }

    /** %08x without String.format (smaps of thousands of VMAs renders one per field). */
    private static void hex8(StringBuilder sb, long v) {
        String h = Long.toHexString(v);
        for (int i = h.length(); i < 8; i++) {
            sb.append('0');
        }
        sb.append(h);
    }

    /** show_vma_header_prefix() plus the padded name, one line. */
    private static void header(StringBuilder sb, MmStruct mm, Vma v) {
        int from = sb.length();
        long ino = v.file() == null ? 0 : v.file().inode;
        long pgoff = v.file() == null ? 0 : v.pgoff() << 12;
        hex8(sb, v.start());
        sb.append('-');
        hex8(sb, v.end());
        sb.append(' ').append(VmFlags.permString(v.flags())).append(' ');
        hex8(sb, pgoff);
        // shmem objects no filesystem names (shared anonymous, SysV) live on the kernel's shm_mnt: 00:01
        sb.append(v.file() != null && v.file().anonShmem ? " 00:01 " : " 00:00 ").append(ino).append(' ');
        String name = mm.mapsName(v);
        if (!name.isEmpty()) {
            pad(sb, from);
            sb.append(name);
        }
        sb.append('\n');
    }

    /** seq_pad(m, ' '): spaces up to the name column, then one more. */
    private static void pad(StringBuilder sb, int lineStart) {
        while (sb.length() - lineStart < NAME_PAD) {
            sb.append(' ');
        }
        sb.append(' ');
    }
}
