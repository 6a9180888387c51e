package org.mmsim.mm.vma;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.mmsim.sim.Errno;
import org.mmsim.sim.KernelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Builds address spaces for tests and records page-table call-outs. */
final class VmaTestSupport {
    static final long PAGE = 4096;
    static final int ANON = Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS;
    static final int RW = Mman.PROT_READ | Mman.PROT_WRITE;

    static final class Recorder implements MappingListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void unmapped(MmStruct mm, Vma gone) {
            calls.add("unmapped " + Long.toHexString(gone.start()) + "-" + Long.toHexString(gone.end()));
        }

        @Override
        public void flagsChanged(MmStruct mm, Vma now, long start, long end, long oldFlags) {
            calls.add("flags " + Long.toHexString(start) + "-" + Long.toHexString(end));
        }

        @Override
        public void moved(MmStruct mm, Vma from, long newStart) {
            calls.add("moved " + Long.toHexString(from.start()) + "-" + Long.toHexString(from.end()) + " to "
                    + Long.toHexString(newStart));
        }

        @Override
        public void advised(MmStruct mm, Vma vma, long start, long end, int advice) {
            calls.add("advised " + advice + " " + Long.toHexString(start) + "-" + Long.toHexString(end));
        }

        @Override
        public void populate(MmStruct mm, long start, long end) {
            calls.add("populate " + Long.toHexString(start) + "-" + Long.toHexString(end));
        }
    }

    private VmaTestSupport() {
    }

    /** A non-randomized mm: mmap_base 0x7ffff7fff000 as on a host with randomize_va_space=0. */
    static MmStruct newMm(MappingListener l) {
        return new MmStruct(l, MmStruct.DEFAULT_MAX_MAP_COUNT,
                MmapLayout.pick(8L << 20, false, 0, new SplittableRandom(1)));
    }

    static MmStruct newMm() {
        return newMm(new Recorder());
    }

    static long anon(MmStruct mm, long len, int prot) {
        return Mmap.mmap(mm, TaskLimits.defaults(), 0, len, prot, ANON, null, 0);
    }

    static long fixed(MmStruct mm, long addr, long len, int prot) {
        return Mmap.mmap(mm, TaskLimits.defaults(), addr, len, prot, ANON | Mman.MAP_FIXED, null, 0);
    }

    static void assertErrno(Errno expected, Runnable call) {
        KernelError e = assertThrows(KernelError.class, call::run);
        assertEquals(expected, e.errno);
    }

    /** Checks a call fails with errno and leaves the mm exactly as it was. */
    static void assertRefused(MmStruct mm, Errno expected, Runnable call) {
        String before = mm.snapshot();
        assertErrno(expected, call);
        assertEquals(before, mm.snapshot());
    }

    static String layout(MmStruct mm) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : mm.vmas()) {
            sb.append(Long.toHexString(v.start())).append('-').append(Long.toHexString(v.end())).append(' ')
                    .append(VmFlags.permString(v.flags())).append(';');
        }
        return sb.toString();
    }
}
