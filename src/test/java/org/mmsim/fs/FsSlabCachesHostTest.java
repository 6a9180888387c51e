package org.mmsim.fs;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mmsim.kernel.Kernel;
import org.mmsim.mm.init.MachineSpec;
import org.mmsim.mm.slab.KmemCache;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The filesystem caches and /proc/sys/fs counters against the host's 6.18 kernel (read only). */
class FsSlabCachesHostTest {
    private static String host(String path) {
        // a plain read loop: Files.readString returned a one-byte string for these sysctl files here
        try (FileInputStream in = new FileInputStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
        } catch (IOException | SecurityException e) {
            Assumptions.abort("host " + path + " unreadable: " + e);
            return null;
        }
    }

    /**
     * dentry, inode_cache, ext4_inode_cache and shmem_inode_cache of a 2-CPU machine have the host's
     * object_size, slab_size, objs_per_slab and order, and are SLAB_RECLAIM_ACCOUNT exactly where the
     * host's are (so they count in SReclaimable or SUnreclaim as there).
     */
    @Test
    void cacheGeometryAndReclaimAccountMatchTheHost() {
        Kernel k = Kernel.boot(MachineSpec.uniform(1L << 30, 2, 1), 1);
        for (String name : new String[] {"dentry", "inode_cache", "ext4_inode_cache", "shmem_inode_cache"}) {
            String dir = "/sys/kernel/slab/" + name + "/";
            KmemCache c = k.slab.findCache(name);
            assertNotNull(c, name);
            assertEquals(host(dir + "object_size"), Integer.toString(c.objectSize), name + " object_size");
            assertEquals(host(dir + "slab_size"), Integer.toString(c.size), name + " slab_size");
            assertEquals(host(dir + "objs_per_slab"), Integer.toString(c.objects), name + " objs_per_slab");
            assertEquals(host(dir + "order"), Integer.toString(c.order), name + " order");
            assertEquals(host(dir + "reclaim_account"), c.reclaimable() ? "1" : "0", name + " reclaim_account");
        }
    }

    /** dentry-state, inode-nr and inode-state have the host's fields; vfs_cache_pressure_denom exists on both. */
    @Test
    void fsCountersAndPressureKnobsHaveTheHostsShape() {
        Kernel k = Kernel.boot(MachineSpec.uniform(256L << 20, 2, 1), 1);
        String[] hostDentry = host("/proc/sys/fs/dentry-state").split("\t");
        String[] ours = k.sysctl.get("fs.dentry-state").read().trim().split("\t");
        assertEquals(hostDentry.length, ours.length);
        assertEquals(hostDentry[2], ours[2], "age_limit");
        assertEquals(host("/proc/sys/fs/inode-nr").split("\t").length,
                k.sysctl.get("fs.inode-nr").read().trim().split("\t").length);
        assertEquals(host("/proc/sys/fs/inode-state").split("\t").length,
                k.sysctl.get("fs.inode-state").read().trim().split("\t").length);
        // the host's values may have been tuned; what 6.18 has is the file and our default of 100
        host("/proc/sys/vm/vfs_cache_pressure_denom");
        assertEquals("100\n", k.sysctl.get("vm.vfs_cache_pressure_denom").read());
        assertEquals("100\n", k.sysctl.get("vm.vfs_cache_pressure").read());
    }
}
