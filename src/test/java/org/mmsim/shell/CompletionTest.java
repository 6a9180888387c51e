package org.mmsim.shell;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What Tab offers: commands, /proc and /sys paths, sysctl names, bound names, key= arguments, GFP flags. */
class CompletionTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Shell shell = new Shell(Commands.standard(), 0, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    private final Completion completion = new Completion(shell);

    /** The candidates for the last word of `line` (a trailing space starts an empty word). */
    private List<Completion.Candidate> complete(String line) {
        List<String> words = Arrays.stream(line.split(" ", -1)).collect(Collectors.toList());
        String word = words.remove(words.size() - 1);
        return completion.complete(words, word);
    }

    private List<String> values(String line) {
        return complete(line).stream().map(Completion.Candidate::value).collect(Collectors.toList());
    }

    @Test
    void firstWordCompletesCommandsAndBuiltins() {
        assertEquals(List.of("kfree", "kill", "kmalloc", "kmem_cache_alloc", "kmem_cache_create", "kmem_cache_destroy",
                "kmem_cache_free", "kmem_cache_shrink", "kvfree", "kvmalloc"), values("k"));
        assertEquals(List.of("exit", "expect", "export"), values("ex"));
        assertEquals(List.of("head", "help"), values("he"));
        assertTrue(complete("ma").get(0).complete(), "a command is followed by a space");
        List<String> all = values("");
        List<String> inTask = values("web: ");
        for (CommandSpec c : Commands.standard().all()) {
            boolean taskCommand = Commands.standard().taskCommand(c.name());
            assertEquals(!taskCommand || Shell.BUILTINS.contains(c.name()), all.contains(c.name()), c.name());
            assertEquals(taskCommand, inTask.contains(c.name()), c.name());
        }
        assertEquals(List.of("mprotect"), values("web: mp"));
        assertEquals(List.of("mremap"), values("web: b = mr"));
        assertEquals(List.of("alloc_pages"), values("p = al"), "the word after NAME = is a command");
    }

    @Test
    void pathsCompleteOneDirectoryAtATime() {
        assertEquals(List.of("/proc/buddyinfo"), values("cat /proc/bud"));
        assertTrue(complete("cat /proc/bud").get(0).complete());
        assertEquals(List.of("/proc/", "/sys/"), values("cat "));
        assertEquals(List.of("/proc/sys/vm/"), values("cat /proc/sys/v"));
        Completion.Candidate dir = complete("cat /proc/sys/v").get(0);
        assertFalse(dir.complete(), "a directory takes no space, so Tab goes on into it");
        assertEquals("vm/", dir.display());
        assertTrue(values("cat /proc/sys/vm/").contains("/proc/sys/vm/min_free_kbytes"));
        assertEquals(List.of("/sys/devices/system/node/node0/"), values("cat /sys/devices/system/node/node"));
        assertEquals(List.of("/proc/sys/vm/"), values("echo 1 > /proc/sys/v"), "any word starting with /");
        for (String v : values("cat /proc/")) {
            assertTrue(shell.procfs().exists(v), v);
        }
    }

    @Test
    void sysctlCompletesDottedNames() {
        assertEquals(List.of("vm.min_free_kbytes"), values("sysctl vm.min_f"));
        assertEquals(List.of("vm.min_free_kbytes="), values("sysctl -w vm.min_f"), "-w wants NAME=VALUE");
        assertFalse(complete("sysctl -w vm.min_f").get(0).complete());
        List<String> vm = values("sysctl vm.");
        assertTrue(vm.contains("vm.watermark_scale_factor") && vm.contains("vm.lowmem_reserve_ratio"), vm.toString());
        assertEquals(List.of(), values("sysctl -"));
    }

    @Test
    void tasksAndTheirOwnNamesComplete() {
        assertTrue(shell.runLine("spawn web"));
        assertTrue(shell.runLine("web: buf = mmap 4K rw private anon"));
        assertTrue(shell.runLine("kbuf = kmalloc 64"));
        assertEquals(List.of("web:"), values("we"));
        assertEquals(List.of("buf"), values("web: write b"));
        assertEquals(List.of(), values("web: write k"));
        assertTrue(shell.runLine("web: exit"));
        assertEquals(List.of(), values("we"));
    }

    @Test
    void boundNamesCompleteWhileLive() {
        assertTrue(shell.runLine("page = alloc_pages order=1"));
        assertTrue(shell.runLine("buf = kmalloc 64"));
        assertEquals(List.of("page"), values("free_pages p"));
        assertEquals(List.of("buf", "page"), values("kfree "));
        assertTrue(shell.runLine("free_pages page"));
        assertEquals(List.of(), values("free_pages p"), "a freed name is gone");
    }

    @Test
    void keywordArgumentsComeFromTheUsageLine() {
        assertEquals(List.of("order="), values("alloc_pages o"));
        assertEquals(List.of("node="), values("alloc_pages order=1 n"));
        assertFalse(complete("alloc_pages o").get(0).complete(), "a key takes its value without a space");
        List<String> machine = values("machine ");
        assertTrue(machine.containsAll(List.of("memory=", "cpus=", "nodes=", "kernelcore=", "thp=")), machine.toString());
        assertFalse(machine.contains("nodeN="), machine.toString());
    }

    @Test
    void gfpFlagsCompleteAfterGfpAndAfterEachBar() {
        assertEquals(List.of("gfp=GFP_KERNEL", "gfp=GFP_KERNEL_ACCOUNT"), values("alloc_pages order=0 gfp=GFP_KERN"));
        assertEquals(List.of("gfp=GFP_KERNEL|__GFP_ZERO", "gfp=GFP_KERNEL|__GFP_ZEROTAGS"),
                values("kmalloc 64 gfp=GFP_KERNEL|__GFP_ZERO"));
        assertEquals("__GFP_ZERO", complete("kmalloc 64 gfp=GFP_KERNEL|__GFP_ZERO").get(0).display());
        assertEquals(List.of("gfp=GFP_ATOMIC"), values("kmalloc 64 gfp=GFP_AT"));
    }
}
