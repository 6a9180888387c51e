package org.mmsim.procfs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Export writes every ProcFs file, byte for byte, and never overwrites anything. */
class ExportTest {
    @TempDir
    Path tmp;

    private static ProcFs procfs() {
        return new ProcFs(Kernel.boot(MachineSpec.uniform(1L << 30, 2, 2), 1));
    }

    @Test
    void everyFileIsWrittenWithWhatReadingItGives() throws Exception {
        ProcFs p = procfs();
        Path dir = tmp.resolve("new");
        assertEquals(p.allFiles().size(), Export.write(p, dir));
        for (String f : p.allFiles()) {
            if (!p.readable(f)) {
                // a write-only file (vm.drop_caches) is exported empty
                assertEquals("", Files.readString(dir.resolve(f.substring(1)), StandardCharsets.UTF_8), f);
                continue;
            }
            assertEquals(p.read(f), Files.readString(dir.resolve(f.substring(1)), StandardCharsets.UTF_8), f);
        }
        assertTrue(Files.isRegularFile(dir.resolve("proc/sys/vm/min_free_kbytes")));
        assertTrue(Files.isRegularFile(dir.resolve("sys/devices/system/node/node1/meminfo")));
    }

    @Test
    void anEmptyExistingDirectoryIsFine() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertTrue(Export.write(procfs(), dir) > 0);
    }

    @Test
    void aNonEmptyDirectoryOrAFileIsRefusedAndLeftAlone() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("full"));
        Path keep = Files.writeString(dir.resolve("keep"), "mine");
        Export.Failed e = assertThrows(Export.Failed.class, () -> Export.write(procfs(), dir));
        assertEquals(dir + ": directory exists and is not empty (refusing to overwrite)", e.getMessage());
        assertEquals("mine", Files.readString(keep));
        assertEquals(1, Files.list(dir).count());
        Export.Failed f = assertThrows(Export.Failed.class, () -> Export.check(keep));
        assertEquals(keep + ": exists and is not a directory", f.getMessage());
    }
}
