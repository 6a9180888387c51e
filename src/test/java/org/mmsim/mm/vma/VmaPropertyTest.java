package org.mmsim.mm.vma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsim.mm.vma.VmaTestSupport.PAGE;

import java.util.List;
import java.util.Objects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;

/**
 * Random mmap/munmap/mprotect/mremap/madvise/anon-name/mlock/brk sequences over a 64-page window.
 *
 * Invariant checked after every call: VMAs are sorted, non-empty, page-aligned and disjoint;
 * map_count is their number; total_vm/data_vm/exec_vm/stack_vm/locked_vm equal the sums
 * vm_stat_account and mlock would give; no two adjacent VMAs are mergeable (flags equal but for
 * VM_SOFTDIRTY, same file and name, compatible anon_vma, linear pgoff, not VM_SPECIAL). Linux keeps
 * that last property on every path exercised here; MREMAP_DONTUNMAP is the exception (it clears
 * VM_LOCKED on the source without merging, see MremapTest.dontUnmapCanLeaveMergeableNeighbours) and is left out.
 * A refused call must leave the snapshot unchanged, except madvise reporting a hole with ENOMEM
 * after advising the mapped parts, as Linux does.
 */
class VmaPropertyTest {
    private static final long W = 0x100000000L;
    private static final int WINDOW = 64;
    private static final VmFile[] FILES = {
        new VmFile("/lib/a.so", 1, true, false, false), new VmFile("/data/b", 2, true, true, false)
    };
    private static final int[] ADVICE = {
        Mman.MADV_NORMAL, Mman.MADV_RANDOM, Mman.MADV_SEQUENTIAL, Mman.MADV_DONTFORK, Mman.MADV_DOFORK,
        Mman.MADV_DONTNEED, Mman.MADV_HUGEPAGE, Mman.MADV_FREE, Mman.MADV_WIPEONFORK
    };

    private static final String[] NAMES = {null, "a", "b"};

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(6).list()
                .ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 1000)
    void randomSequencesKeepTheAddressSpaceConsistent(@ForAll("ops") List<int[]> ops) {
        MmStruct mm = VmaTestSupport.newMm();
        mm.startBrk = W - 32 * PAGE;
        mm.brk = mm.startBrk;
        for (int[] op : ops) {
            String before = mm.snapshot();
            boolean mayChangeOnError = false;
            try {
                mayChangeOnError = apply(mm, op);
            } catch (KernelError e) {
                if (!(mayChangeOnError(op) && e.errno == Errno.ENOMEM)) {
                    assertEquals(before, mm.snapshot(), "refused op " + describe(op) + " changed the mm");
                }
            }
            checkInvariants(mm, describe(op));
        }
    }

    private static boolean mayChangeOnError(int[] op) {
        return op[0] % 9 == 5;
    }

    private static String describe(int[] op) {
        return "kind=" + op[0] % 9 + " a=" + op[1] % WINDOW + " len=" + op[2] % 17 + " p=" + op[3] % 8;
    }

    private static boolean apply(MmStruct mm, int[] op) {
        TaskLimits lim = TaskLimits.defaults();
        long addr = W + (long) (op[1] % WINDOW) * PAGE;
        long len = (long) (op[2] % 17) * PAGE;
        int prot = op[3] % 8;
        int kind = op[0] % 9;
        if (kind >= 3 && kind <= 6 && op[3] % 4 != 0 && mm.mapCount() > 0) {
            // Mostly aim inside an existing VMA so that the calls get past their hole checks.
            Vma target = mm.vmas().stream().skip(op[1] % mm.mapCount()).findFirst().orElseThrow();
            addr = target.start() + (op[2] / 17 % target.pages()) * PAGE;
            len = Math.min(len, target.end() - addr + (op[3] % 3 == 0 ? 2 * PAGE : 0));
        }
        switch (kind) {
            case 0: {
                int flags = (op[4] % 4 == 0 ? Mman.MAP_SHARED : Mman.MAP_PRIVATE) | Mman.MAP_ANONYMOUS;
                flags |= op[5] % 3 == 0 ? 0 : Mman.MAP_FIXED;
                Mmap.mmap(mm, lim, op[5] % 5 == 0 ? 0 : addr, len, prot, flags, null, 0);
                break;
            }
            case 1: {
                VmFile f = FILES[op[4] % 2];
                long off = (long) (op[5] % 8) * PAGE;
                Mmap.mmap(mm, lim, addr, len, prot & Mman.PROT_READ, Mman.MAP_PRIVATE | Mman.MAP_FIXED, f, off);
                break;
            }
            case 2:
                Munmap.munmap(mm, addr, len);
                break;
            case 3:
                Mprotect.mprotect(mm, lim, addr, len, prot);
                break;
            case 4: {
                long newLen = (long) (op[4] % 17) * PAGE;
                int flags = op[5] % 3 == 0 ? 0 : Mman.MREMAP_MAYMOVE;
                long to = W + (long) (op[5] % WINDOW) * PAGE;
                if (op[5] % 3 == 2) {
                    flags |= Mman.MREMAP_FIXED;
                }
                Mremap.mremap(mm, lim, addr, len, newLen, flags, to);
                break;
            }
            case 5:
                if (op[4] % 10 == 9) {
                    Madvise.setAnonName(mm, addr, len, NAMES[op[5] % NAMES.length]);
                } else {
                    Madvise.madvise(mm, addr, len, ADVICE[op[4] % ADVICE.length]);
                }
                break;
            case 6:
                if (op[4] % 2 == 0) {
                    Mlock.mlock2(mm, lim, addr, len, op[5] % 2);
                } else {
                    Mlock.munlock(mm, addr, len);
                }
                break;
            case 7: {
                Vma v = mm.vmaLookup(addr);
                if (v != null && v.isAnonymous()) {
                    mm.anonVmaPrepare(v);
                }
                break;
            }
            default:
                Brk.brk(mm, lim, mm.startBrk + (long) (op[4] % 40) * PAGE);
                break;
        }
        return false;
    }

    static void checkInvariants(MmStruct mm, String after) {
        long total = 0;
        long data = 0;
        long exec = 0;
        long stack = 0;
        long locked = 0;
        int count = 0;
        Vma prev = null;
        for (Vma v : mm.vmas()) {
            count++;
            assertTrue(v.start() < v.end() && (v.start() & 0xfff) == 0 && (v.end() & 0xfff) == 0, after);
            if (prev != null) {
                assertTrue(prev.end() <= v.start(), "overlap after " + after);
                assertTrue(!(prev.end() == v.start() && mergeable(prev, v)),
                        "mergeable neighbours " + prev + " | " + v + " after " + after);
            }
            long pages = v.pages();
            total += pages;
            if (VmFlags.isExecMapping(v.flags())) {
                exec += pages;
            } else if (VmFlags.isStackMapping(v.flags())) {
                stack += pages;
            } else if (VmFlags.isDataMapping(v.flags())) {
                data += pages;
            }
            if ((v.flags() & VmFlags.VM_LOCKED) != 0) {
                locked += pages;
            }
            prev = v;
        }
        assertEquals(count, mm.mapCount(), after);
        assertEquals(total, mm.totalVm(), "total_vm after " + after);
        assertEquals(data, mm.dataVm(), "data_vm after " + after);
        assertEquals(exec, mm.execVm(), "exec_vm after " + after);
        assertEquals(stack, mm.stackVm(), "stack_vm after " + after);
        assertEquals(locked, mm.lockedVm(), "locked_vm after " + after);
    }

    static boolean mergeable(Vma a, Vma b) {
        return ((a.flags() ^ b.flags()) & ~VmFlags.VM_SOFTDIRTY) == 0 && (a.flags() & VmFlags.VM_SPECIAL) == 0
                && a.file() == b.file() && Objects.equals(a.anonName(), b.anonName())
                && (a.anonVma() == null || b.anonVma() == null || a.anonVma() == b.anonVma())
                && b.pgoff() == a.pgoff() + a.pages();
    }
}
