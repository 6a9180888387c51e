/*
 * The part of a static, non-PIE x86-64 ELF executable (ET_EXEC, no PT_INTERP) that exec reads: its
 * PT_LOAD program headers (include/uapi/linux/elf.h Elf64_Phdr p_offset, p_vaddr, p_filesz,
 * p_memsz, p_flags) and the file's size. DEFAULT is this host's `gcc -static` of a small C program
 * (glibc 2.36: 0x518 bytes of headers and notes, 479 KiB of text, 156 KiB of rodata, 23 KiB of data
 * and 22 KiB of bss); ofSizes() lays out other sizes as GNU ld does for `-static -z separate-code`
 * at 0x400000 for a program without RELRO sections (headers, text, rodata and data each from a
 * page boundary, file offset equal to address - 0x400000). Leaves out the symbol table, section headers and the other
 * program headers (PT_NOTE, PT_TLS, PT_GNU_RELRO, PT_GNU_STACK: the stack is never executable).
 */
package org.mmsim.task;

import java.util.List;

public record ProgramImage(List<Segment> segments, long fileSize) {
    /** p_flags bits. */
    public static final int PF_X = 1;
    public static final int PF_W = 2;
    public static final int PF_R = 4;
    /** The non-PIE x86-64 link address (ld's default -Ttext-segment). */
    public static final long BASE = 0x400000L;
    private static final long PAGE = 4096;
    /** The ELF header, program headers, notes and IRELATIVE relocations of a glibc static binary. */
    private static final long HEADERS = 0x518;

    /** One PT_LOAD program header. */
    public record Segment(long offset, long vaddr, long filesz, long memsz, int flags) {
        public Segment {
            if (filesz < 0 || memsz < filesz || (offset & (PAGE - 1)) != (vaddr & (PAGE - 1))) {
                throw new IllegalArgumentException("bad PT_LOAD " + Long.toHexString(vaddr));
            }
        }
    }

    public ProgramImage {
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("no PT_LOAD segment");
        }
        segments = List.copyOf(segments);
    }

    /** `gcc -static -O2` of a program printing /proc/self/maps, as built on this host. */
    public static final ProgramImage DEFAULT = new ProgramImage(List.of(
            new Segment(0x0, 0x400000, 0x518, 0x518, PF_R),
            new Segment(0x1000, 0x401000, 0x77cc1, 0x77cc1, PF_R | PF_X),
            new Segment(0x79000, 0x479000, 0x26fea, 0x26fea, PF_R),
            new Segment(0xa06d8, 0x4a06d8, 0x5b98, 0xb3c8, PF_R | PF_W)), 762424);

    /** DEFAULT's section sizes: text, rodata, data (file-backed) and bss. */
    public static final long DEFAULT_TEXT = 0x77cc1;
    public static final long DEFAULT_RODATA = 0x26fea;
    public static final long DEFAULT_DATA = 0x5b98;
    public static final long DEFAULT_BSS = 0xb3c8 - 0x5b98;

    /**
     * A program with these section sizes in bytes, laid out as ld does; a zero-sized text, rodata
     * or data-plus-bss has no segment. The file ends with the data (symbols stripped).
     */
    public static ProgramImage ofSizes(long text, long rodata, long data, long bss) {
        java.util.ArrayList<Segment> segs = new java.util.ArrayList<>();
        segs.add(new Segment(0, BASE, HEADERS, HEADERS, PF_R));
        long off = pageUp(HEADERS);
        if (text > 0) {
            segs.add(new Segment(off, BASE + off, text, text, PF_R | PF_X));
            off = pageUp(off + text);
        }
        long end = off;
        if (rodata > 0) {
            segs.add(new Segment(off, BASE + off, rodata, rodata, PF_R));
            end = off + rodata;
        }
        if (data + bss > 0) {
            long dataOff = pageUp(end);
            segs.add(new Segment(dataOff, BASE + dataOff, data, data + bss, PF_R | PF_W));
            end = dataOff + data;
        }
        return new ProgramImage(segs, end);
    }

    private static long pageUp(long v) {
        return (v + PAGE - 1) & -PAGE;
    }
}
