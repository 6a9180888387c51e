/*
 * execve() of a static, non-PIE x86-64 ELF program, as the memory layers see it: fs/exec.c
 * (exec_mmap's teardown of the old mm, bprm_mm_init and copy_strings onto the new stack,
 * setup_new_exec -> arch_pick_mmap_layout, setup_arg_pages with its 128 KiB of stack_expand) and
 * fs/binfmt_elf.c load_elf_binary: randomize_stack_top (STACK_RND_MASK, 22 bits of pages),
 * elf_load of every PT_LOAD (a private file mapping, MAP_FIXED_NOREPLACE for the first; padzero of
 * the last file page, which copies it; vm_brk_flags for the bss), the start_code..end_data and
 * start_brk fields, the brk gap and arch_randomize_brk (randomize_page over 1 GiB) when
 * randomize_va_space is 2, map_vdso (Vdso), and create_elf_tables (arch_align_stack, the
 * "x86_64" platform string, 16 random bytes, 22 auxv entries plus AT_NULL, argc/argv/envp), which
 * sets start_stack and arg_start..env_end. Every random draw comes from the caller's seeded stream.
 * The stack is built at its final place rather than moved there (shift_arg_pages), which touches
 * the same pages; the strings are written byte by byte, the tables only touch their pages.
 * Faults exec takes (the strings' and tables' stack pages, padzero's copy) count as the task's
 * minor faults, as get_user_pages and clear_user faults do in Linux.
 * Leaves out interpreters (PT_INTERP, ld.so), PIE (ET_DYN), PT_GNU_STACK executable stacks, the
 * personality flags (ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC), E2BIG checks, credentials and the
 * auxv's values (only its size matters here).
 */
package org.mmsim.task;

import static org.mmsim.mm.page.MemMap.PAGE_SHIFT;
import static org.mmsim.mm.page.MemMap.PAGE_SIZE;

import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.vma.Brk;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;
import org.mmsim.mm.vma.CommitCharge;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.MmapLayout;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

public final class Exec {
    /**
     * STACK_TOP (TASK_SIZE_LOW, the 47-bit window with 5-level paging too), where the stack ends up;
     * the stack is built there directly (see above), so STACK_TOP_MAX does not appear.
     */
    public static final long STACK_TOP = MmStruct.TASK_SIZE;
    /** __STACK_RND_MASK for 64-bit tasks: the stack top moves down by up to this many pages. */
    public static final long STACK_RND_MASK = 0x3fffff;
    /** setup_arg_pages(): the stack VMA starts this much below the argument pages. */
    static final long STACK_EXPAND = 131072;
    /** arch_randomize_brk(): randomize_page(brk, SZ_1G) for 64-bit tasks. */
    public static final long BRK_RANDOM_RANGE = 1L << 30;
    /** arch_align_stack(): the stack pointer moves down by up to this many bytes. */
    static final int ALIGN_STACK_RANDOM = 8192;
    /** ELF_PLATFORM on x86-64. */
    private static final String PLATFORM = "x86_64";
    /** create_elf_tables()'s auxv on x86-64 (ARCH_DLINFO's two, the generic ones, rseq's two). */
    private static final int AUXV_ENTRIES = 22;
    /** TASK_COMM_LEN - 1. */
    private static final int COMM_MAX = 15;

    private Exec() {
    }

    /**
     * execve(filename, argv, envp) in task t of the program image whose file is `file` (in the
     * page cache): the old address space, if any, is torn down and a new one built on node nid,
     * charging its VM_ACCOUNT mappings to `commit`, with 4- or 5-level page tables (the stack and
     * mmap_base stay in the 47-bit window either way).
     * Throws KernelError (ENOMEM, EEXIST for overlapping segments); the task is then left with a
     * half-built mm, which the caller tears down, as Linux kills a task failing past the point of
     * no return.
     */
    public static void exec(Task t, int nid, int pagingLevels, ProgramImage image, VmFile file, String filename,
            List<String> argv, List<String> envp, int randomizeVaSpace, SplittableRandom rng, CommitCharge commit) {
        if (t.mm != null) {
            Exit.exit(t);
        }
        boolean randomize = randomizeVaSpace != 0;
        MmapLayout.Bases bases = MmapLayout.pick(t.limits.rlimitStack, false, randomizeVaSpace, rng);
        t.installMm(nid, pagingLevels == 5 ? bases.withTaskSize(MmStruct.TASK_SIZE_LA57) : bases, pagingLevels);
        MmStruct mm = t.mm;
        mm.setCommitCharge(commit);

        byte[] strings = strings(filename, argv, envp);
        long top = stackTop(randomize, rng);
        long argStart = top - Long.BYTES - strings.length;
        setupArgPages(t, top, argStart);
        for (int i = 0; i < strings.length; i++) {
            t.access(argStart + i, Fault.WRITE, strings[i]);
        }

        long startCode = -1;
        long endCode = 0;
        long startData = 0;
        long endData = 0;
        long elfBrk = 0;
        boolean first = true;
        for (ProgramImage.Segment s : image.segments()) {
            elfLoad(t, file, s, first);
            first = false;
            long k = s.vaddr();
            if ((s.flags() & ProgramImage.PF_X) != 0 && Long.compareUnsigned(k, startCode) < 0) {
                startCode = k;
            }
            startData = Math.max(startData, k);
            k = s.vaddr() + s.filesz();
            if ((s.flags() & ProgramImage.PF_X) != 0) {
                endCode = Math.max(endCode, k);
            }
            endData = Math.max(endData, k);
            elfBrk = Math.max(elfBrk, s.vaddr() + s.memsz());
        }
        mm.startCode = startCode == -1 ? 0 : startCode;
        mm.endCode = endCode;
        mm.startData = startData;
        mm.endData = endData;
        long brk = pageAlign(elfBrk);
        if (randomizeVaSpace > 1) {
            brk = randomizePage(brk + PAGE_SIZE, BRK_RANDOM_RANGE, rng);
        }
        mm.startBrk = brk;
        mm.brk = brk;

        Vdso.map(mm, t.limits);
        createElfTables(t, argStart, argv, envp, randomize, rng);
        t.comm = comm(filename);
        t.argv = List.copyOf(argv);
    }

    /** The strings copy_strings leaves below the top of the stack: argv, envp, then the file name. */
    private static byte[] strings(String filename, List<String> argv, List<String> envp) {
        StringBuilder sb = new StringBuilder();
        for (String a : argv) {
            sb.append(a).append('\0');
        }
        for (String e : envp) {
            sb.append(e).append('\0');
        }
        sb.append(filename).append('\0');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** randomize_stack_top(STACK_TOP) then setup_arg_pages()' arch_align_stack and PAGE_ALIGN. */
    private static long stackTop(boolean randomize, SplittableRandom rng) {
        long top = STACK_TOP;
        if (randomize) {
            top -= (rng.nextLong() & STACK_RND_MASK) << PAGE_SHIFT;
        }
        return pageAlign(alignStack(top, randomize, rng));
    }

    /**
     * The stack VMA as setup_arg_pages() leaves it: the pages holding the strings plus
     * min(RLIMIT_STACK, that + 128 KiB) below the top.
     */
    private static void setupArgPages(Task t, long top, long argStart) {
        long stackSize = top - (argStart & -PAGE_SIZE);
        long rlimit = t.limits.rlimitStack & -PAGE_SIZE;
        long expand = Long.compareUnsigned(rlimit, stackSize + STACK_EXPAND) < 0 ? rlimit : stackSize + STACK_EXPAND;
        long start = top - Math.max(stackSize, expand);
        MmStruct mm = t.mm;
        // VM_STACK_FLAGS carries VM_ACCOUNT: insert_vm_struct() and the expansion charge the commit.
        if (!mm.commitCharge().vmEnoughMemory(mm, (top - start) >>> PAGE_SHIFT)) {
            throw new KernelError(Errno.ENOMEM);
        }
        mm.insertMapping(start, top, VmFlags.VM_STACK_FLAGS | mm.defFlags(), start >>> PAGE_SHIFT, null, null);
        mm.startStack = argStart;
    }

    /** elf_load(): the file part, padzero() of its last page, then the bss as a brk mapping. */
    private static void elfLoad(Task t, VmFile file, ProgramImage.Segment s, boolean first) {
        int prot = ((s.flags() & ProgramImage.PF_R) != 0 ? Mman.PROT_READ : 0)
                | ((s.flags() & ProgramImage.PF_W) != 0 ? Mman.PROT_WRITE : 0)
                | ((s.flags() & ProgramImage.PF_X) != 0 ? Mman.PROT_EXEC : 0);
        int flags = Mman.MAP_PRIVATE | (first ? Mman.MAP_FIXED_NOREPLACE : Mman.MAP_FIXED);
        long pageOffset = s.vaddr() & (PAGE_SIZE - 1);
        long mapAddr = s.vaddr() - pageOffset;
        long zeroStart = mapAddr;
        if (s.filesz() > 0) {
            Mmap.mmap(t.mm, t.limits, mapAddr, pageAlign(s.filesz() + pageOffset), prot, flags, file,
                    s.offset() - pageOffset);
            zeroStart = s.vaddr() + s.filesz();
            if (s.memsz() > s.filesz() && (zeroStart & (PAGE_SIZE - 1)) != 0 && (prot & Mman.PROT_WRITE) != 0) {
                t.access(zeroStart, Fault.WRITE, (byte) 0);
            }
        }
        if (s.memsz() > s.filesz()) {
            long from = pageAlign(zeroStart);
            long to = pageAlign(s.vaddr() + s.memsz());
            if (to > from) {
                Brk.vmBrkFlags(t.mm, t.limits, from, to - from, (prot & Mman.PROT_EXEC) != 0);
            }
        }
    }

    /**
     * create_elf_tables(): below the strings the platform string, 16 random bytes, the auxv, envp,
     * argv and argc, 16-byte aligned; start_stack is where argc lies.
     */
    private static void createElfTables(Task t, long argStart, List<String> argv, List<String> envp,
            boolean randomize, SplittableRandom rng) {
        long p = alignStack(argStart, randomize, rng);
        byte[] platform = (PLATFORM + '\0').getBytes(StandardCharsets.US_ASCII);
        p -= platform.length;
        for (int i = 0; i < platform.length; i++) {
            t.access(p + i, Fault.WRITE, platform[i]);
        }
        p -= 16;
        long sp = p - (AUXV_ENTRIES + 1) * 2L * Long.BYTES;
        long items = argv.size() + 1 + envp.size() + 1 + 1;
        long argc = (sp - items * Long.BYTES) & ~15L;
        for (long a = argc; a < p; a = (a & -PAGE_SIZE) + PAGE_SIZE) {
            t.access(a, Fault.WRITE, (byte) 0);
        }
        t.access(argc, Fault.WRITE, (byte) argv.size());
        MmStruct mm = t.mm;
        mm.startStack = argc;
        mm.argStart = argStart;
        long end = argStart;
        for (String a : argv) {
            end += a.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        mm.argEnd = end;
        mm.envStart = end;
        for (String e : envp) {
            end += e.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        mm.envEnd = end;
    }

    /** arch_align_stack(): down by a random amount below 8 KiB when randomizing, then 16-byte aligned. */
    private static long alignStack(long sp, boolean randomize, SplittableRandom rng) {
        if (randomize) {
            sp -= rng.nextInt(ALIGN_STACK_RANDOM);
        }
        return sp & ~0xfL;
    }

    /** randomize_page(start, range): a random page in [start, start + range). */
    static long randomizePage(long start, long range, SplittableRandom rng) {
        if ((start & (PAGE_SIZE - 1)) != 0) {
            range -= pageAlign(start) - start;
            start = pageAlign(start);
        }
        if (Long.compareUnsigned(start, -1L - range) > 0) {
            range = -1L - start;
        }
        range >>>= PAGE_SHIFT;
        if (range == 0) {
            return start;
        }
        return start + (Long.remainderUnsigned(rng.nextLong(), range) << PAGE_SHIFT);
    }

    /** __set_task_comm(kbasename(filename)), truncated to TASK_COMM_LEN - 1. */
    public static String comm(String filename) {
        String base = filename.substring(filename.lastIndexOf('/') + 1);
        return base.length() > COMM_MAX ? base.substring(0, COMM_MAX) : base;
    }

    private static long pageAlign(long v) {
        return (v + PAGE_SIZE - 1) & -PAGE_SIZE;
    }
}
