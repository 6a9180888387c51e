package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Page-cache and shmem pages follow the allocating task's memory policy and node
 * (filemap_alloc_folio -> alloc_pages_mpol with get_task_policy(current) and numa_node_id()), as
 * its anonymous pages do: bound to node 1, running on node 1, or interleaved over both.
 */
class PageCachePlacementTest {
    @TempDir
    Path dir;

    @Test
    void fileAndShmemPagesGoWhereTheTasksPolicyAndNodeSay() {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, String.join("\n",
                "machine node0=1G node1=1G cpus=4 disk=nvme:4G",
                "numactl --membind=1 spawn w",
                "w: fd = open /dev/shm/s create rw",
                "w: pwrite fd 0 8M",
                "numactl --cpunodebind=1 spawn r",
                "r: fd = open /tmp/data create rw",
                "r: pwrite fd 0 4M",
                "grep -E 'Shmem:|FilePages' /sys/devices/system/node/node1/meminfo",
                "numactl --interleave=all spawn i",
                "i: fd = open /dev/shm/t create rw",
                "i: pwrite fd 0 8M",
                "grep Shmem: /sys/devices/system/node/node0/meminfo",
                "grep Shmem: /sys/devices/system/node/node1/meminfo") + "\n");
        assertEquals(0, r.exit(), r.err());
        String out = r.out();
        assertEquals("Node 1 FilePages:         12288 kB\nNode 1 Shmem:              8192 kB\n"
                + "Node 0 Shmem:              4096 kB\nNode 1 Shmem:             12288 kB\n",
                out.lines().filter(l -> l.startsWith("Node ")).map(l -> l + "\n").reduce("", String::concat));
    }
}
