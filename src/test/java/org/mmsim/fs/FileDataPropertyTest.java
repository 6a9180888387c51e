package org.mmsim.fs;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Mmap;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random mixes of write(), stores through a shared mapping, fsync, drop_caches, truncation,
 * POSIX_FADV_DONTNEED and time passing (the flusher at work) against a model of the file's bytes:
 * every byte written either way reads back the same through read() and through the mapping; after
 * the file is deleted and closed, its pages are gone.
 */
class FileDataPropertyTest {
    private static final int PAGES = 48;
    private static final int PAGE = 4096;

    @Provide
    Arbitrary<List<int[]>> ops() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).array(int[].class).ofSize(4).list()
                .ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    void everyByteWrittenEitherWayReadsBackEitherWay(@ForAll("ops") List<int[]> ops) {
        FsFixture f = new FsFixture();
        int fd = f.open("/tmp/data", OpenFlags.O_RDWR | OpenFlags.O_CREAT);
        OpenFile file = f.t.files.get(fd);
        long map = Mmap.mmap(f.t.mm(), f.t.limits(), 0, (long) PAGES * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_SHARED, file.vmFile(), 0);
        byte[] model = new byte[PAGES * PAGE];
        int size = 0;
        for (int[] op : ops) {
            int off = op[1] % (PAGES * PAGE);
            switch (op[0] % 8) {
                case 0, 1 -> {
                    int len = 1 + op[2] % Math.min(3 * PAGE, PAGES * PAGE - off);
                    byte[] data = new byte[len];
                    for (int i = 0; i < len; i++) {
                        data[i] = (byte) (op[3] + i * 7);
                    }
                    assertEquals(len, f.vfs.write(f.t.files, fd, off, len, data, (byte) 0));
                    System.arraycopy(data, 0, model, off, len);
                    size = Math.max(size, off + len);
                }
                case 2 -> {
                    if (size > 0) {
                        int at = op[1] % size;
                        assertEquals(true, loaded(f.t.access(map + at, Fault.WRITE, (byte) op[3])));
                        model[at] = (byte) op[3];
                    }
                }
                case 3 -> f.vfs.fsync(f.t.files, fd, op[2] % 2 == 0);
                case 4 -> f.vfs.dropCaches(1 + op[2] % 3);
                case 5 -> {
                    int len = op[2] % (PAGES * PAGE + 1);
                    f.vfs.ftruncate(f.t.files, fd, len);
                    if (len < size) {
                        Arrays.fill(model, len, size, (byte) 0);
                    }
                    size = len;
                }
                case 6 -> f.vfs.fadvise(f.t.files, fd, 0, 0, OpenFlags.POSIX_FADV_DONTNEED);
                default -> f.k.events.runUntil(f.k.clock.nanos() + (1 + op[2] % 40) * 1_000_000_000L);
            }
            check(f, fd, map, model, size, op[3]);
        }
        f.vfs.close(f.t.files, fd);
        f.vfs.unlink("/tmp/data");
        org.mmsim.mm.vma.Munmap.munmap(f.t.mm(), map, (long) PAGES * PAGE);
        f.vfs.sync();
        assertEquals(0, f.dirtyPages());
        assertEquals(0, f.writebackPages());
    }

    /** read() gives the model's bytes; the mapping gives them at a few offsets inside the file. */
    private static void check(FsFixture f, int fd, long map, byte[] model, int size, int seed) {
        assertEquals(size, f.vfs.stat("/tmp/data").size());
        byte[] back = new byte[size];
        assertEquals(size, f.vfs.read(f.t.files, fd, 0, size, back));
        assertArrayEquals(Arrays.copyOf(model, size), back);
        for (int k = 0; k < 4 && size > 0; k++) {
            int at = Math.floorMod(seed * 31 + k * 4099, size);
            assertEquals(true, loaded(f.t.access(map + at, Fault.READ)), "read at " + at);
            assertEquals(model[at], f.t.lastByte(), "byte " + at + " through the mapping");
        }
    }

    /** No fault, a minor or a major one: the load happened. */
    private static boolean loaded(int result) {
        return result == Fault.NOFAULT || result == Fault.MINOR || result == Fault.MAJOR;
    }
}
