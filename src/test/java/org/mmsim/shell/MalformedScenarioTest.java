package org.mmsim.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed scenario is refused whole, with exit 2 and exactly one FILE:LINE: message. */
class MalformedScenarioTest {
    @TempDir
    Path dir;

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("unknown command", "frobnicate 3",
                        "1: unknown command \"frobnicate\""),
                Arguments.of("bad size", "machine memory=8X",
                        "1: bad size \"8X\" (want a number with an optional K, M, G or T suffix, or 0x hex)"),
                Arguments.of("unknown gfp flag", "p = alloc_pages order=0 gfp=GFP_KERNEL|__GFP_BOGUS",
                        "1: alloc_pages: unknown gfp flag \"__GFP_BOGUS\""),
                Arguments.of("missing argument", "cat",
                        "1: cat: missing argument (usage: cat FILE...)"),
                Arguments.of("missing order", "alloc_pages gfp=GFP_KERNEL",
                        "1: alloc_pages: missing order= (usage: [NAME =] alloc_pages order=N [gfp=FLAGS] [node=N])"),
                Arguments.of("unbound name", "free_pages p",
                        "1: free_pages: p is not bound"),
                Arguments.of("double free", "p = alloc_pages order=0\nfree_pages p\nfree_pages p",
                        "3: free_pages: p was already freed (line 2)"),
                Arguments.of("re-binding a live name", "p = alloc_pages order=0\np = alloc_pages order=1",
                        "2: p is already bound (line 1) and not freed"),
                Arguments.of("machine not first", "# boot\ncat /proc/buddyinfo\nmachine memory=2G",
                        "3: machine must be the first command (a default 1G machine already booted)"),
                Arguments.of("second machine line", "machine memory=1G\nmachine memory=2G",
                        "2: a second machine line (the machine was described on line 1)"),
                Arguments.of("bad expect operator", "expect MemFree = 7G",
                        "1: expect: bad operator \"=\" (use ==, !=, <, <=, > or >=)"),
                Arguments.of("bad expect operator =>", "expect MemFree => 7G",
                        "1: expect: bad operator \"=>\" (use ==, !=, <, <=, > or >=)"),
                Arguments.of("unknown expect field", "expect MemFrei > 7G",
                        "1: expect: unknown field \"MemFrei\" (a /proc/meminfo field or a /proc/vmstat counter)"),
                Arguments.of("size suffix on a count", "expect pgfree > 1G",
                        "1: expect: pgfree is a count; \"1G\" is not a plain number"),
                Arguments.of("task before spawn", "web: buf = mmap 4K rw private anon",
                        "1: no task named web (start one with `spawn web` or `TASK: fork web`)"),
                Arguments.of("kernel command in a task", "spawn web\nweb: cat /proc/buddyinfo",
                        "2: cat does not run in a task; drop \"web:\""),
                Arguments.of("system call without a task", "mmap 4K rw private anon",
                        "1: mmap runs in a task: write TASK: mmap ... (after spawn TASK)"),
                Arguments.of("nothing after the prefix", "spawn web\nweb:",
                        "2: nothing for web to run (write web: COMMAND ...)"),
                Arguments.of("task spawned twice", "spawn web\nspawn web", "2: task web already exists (line 1)"),
                Arguments.of("task after exit", "spawn web\nweb: exit\nweb: write 0x1000 4K",
                        "3: task web exited on line 2"),
                Arguments.of("fork onto a live name", "spawn web\nspawn db\nweb: fork db",
                        "3: task db already exists (line 2)"),
                Arguments.of("name of another task", "spawn web\nspawn db\nweb: buf = mmap 4K rw private anon\n"
                        + "db: write buf 0 4K", "4: write: buf is not bound"),
                Arguments.of("child inherits names, not later ones", "spawn web\nweb: fork w\n"
                        + "web: buf = mmap 4K rw private anon\nw: write buf 0 4K", "4: write: buf is not bound"),
                Arguments.of("unknown protection", "spawn web\nweb: mmap 4K rq private anon",
                        "2: mmap: unknown protection \"rq\""),
                Arguments.of("unknown mmap flag", "spawn web\nweb: mmap 4K rw private anonn",
                        "2: mmap: unknown mmap flag \"anonn\""),
                Arguments.of("file mapping of an unbound descriptor", "spawn web\nweb: mmap 4K r private fd=f",
                        "2: mmap: f is not bound"),
                Arguments.of("descriptor used as an address", "spawn web\nweb: f = open /tmp/x create rw\n"
                        + "web: munmap f 4K", "3: munmap: f holds a file descriptor (line 2), not an address"),
                Arguments.of("unknown open flag", "spawn web\nweb: open /tmp/x bogus",
                        "2: open: unknown open flag \"bogus\""),
                Arguments.of("bad disk", "machine disk=floppy:1M", "1: machine: disk=floppy:1M: expected MODEL:SIZE "
                        + "with MODEL one of nvme, sata-ssd, hdd, ramdisk"),
                Arguments.of("bad sleep", "sleep 3x", "1: sleep: invalid time interval '3x'\n"
                        + "Try 'sleep --help' for more information."),
                Arguments.of("unknown advice", "spawn web\nweb: b = mmap 4K rw private anon\nweb: madvise b 4K nope",
                        "3: madvise: unknown advice \"nope\""),
                Arguments.of("fixed mremap without addr", "spawn web\nweb: b = mmap 4K rw private anon\n"
                        + "web: mremap b 4K 8K maymove fixed",
                        "3: mremap: fixed needs addr=NEW_ADDR (usage: " + SyscallCommands.MREMAP_USAGE + ")"),
                Arguments.of("write without length", "spawn web\nweb: write 0x1000",
                        "2: write: missing argument (usage: TASK: write ADDR [OFFSET] LEN)"),
                Arguments.of("unknown task field", "spawn web\nexpect web.rsz == 0",
                        "2: expect: web has no field \"rsz\" (one of pid, minflt, majflt, rss, rss_anon, rss_file, "
                                + "rss_shmem, vm, errno, oom_score, oom_score_adj, killed)"),
                Arguments.of("expect on a task never spawned", "expect web.rss == 0",
                        "1: no task named web (start one with `spawn web` or `TASK: fork web`)"),
                Arguments.of("bad errno name", "spawn web\nexpect web.errno == ENOMEMORY",
                        "2: expect: \"ENOMEMORY\" is not an errno name (ENOMEM, EINVAL, ...) or 0"),
                Arguments.of("exit takes nothing", "spawn web\nweb: exit 1",
                        "2: exit: unexpected argument \"1\" (usage: TASK: exit)"),
                Arguments.of("out-of-range order", "alloc_pages order=11",
                        "1: alloc_pages: order must be between 0 and 10, not 11"),
                Arguments.of("node beyond the machine", "machine memory=1G nodes=2\nalloc_pages order=0 node=2",
                        "2: alloc_pages: node must be between 0 and 1, not 2"),
                Arguments.of("unknown key", "alloc_pages order=1 size=3",
                        "1: alloc_pages: unknown argument \"size=\" (usage: [NAME =] alloc_pages order=N [gfp=FLAGS] "
                                + "[node=N])"),
                Arguments.of("wrong kind of name", "machine memory=1G\nfree_pages 3p",
                        "2: \"3p\" is not a name (letters, digits and _, not starting with a digit)"),
                Arguments.of("binding a command that yields nothing", "x = cat /proc/buddyinfo",
                        "1: cat yields nothing to bind to x"),
                Arguments.of("unterminated quote", "echo \"abc",
                        "1: unterminated \" quote"),
                Arguments.of("pipe into a command that is not a filter", "cat /proc/meminfo | frob",
                        "1: \"frob\" cannot read a pipe: after | comes one of grep, head, sort, tail, wc (the "
                                + "command before is cat)"),
                Arguments.of("pipe with nothing after it", "cat /proc/meminfo |",
                        "1: a pipe (|) needs a command after it"),
                Arguments.of("pipe with nothing before it", "| grep Dirty",
                        "1: a pipe (|) needs a command before it"),
                Arguments.of("two pipes in a row", "cat /proc/meminfo | | grep Dirty",
                        "1: two pipes (| |) with no command between them"),
                Arguments.of("filter with neither a pipe nor a file", "grep Dirty",
                        "1: grep needs a FILE here, or a pipe: write COMMAND | grep ..."),
                Arguments.of("piping a command that prints nothing", "p = alloc_pages order=0\nfree_pages p | wc -l",
                        "2: free_pages prints nothing to pipe"),
                Arguments.of("binding a pipeline", "p = alloc_pages order=0 | grep pfn",
                        "1: a pipeline yields nothing to bind to p"),
                Arguments.of("grep: unknown option", "cat /proc/meminfo | grep -Q Dirty",
                        "1: grep: invalid option -- 'Q'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
                                + "Try 'grep --help' for more information."),
                Arguments.of("grep: no pattern", "cat /proc/meminfo | grep",
                        "1: Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information."),
                Arguments.of("grep: -e without its pattern", "cat /proc/meminfo | grep -e",
                        "1: grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\n"
                                + "Try 'grep --help' for more information."),
                Arguments.of("grep: unmatched group", "cat /proc/meminfo | grep 'Dirty\\('",
                        "1: grep: Unmatched ( or \\("),
                Arguments.of("grep: unmatched bracket", "cat /proc/meminfo | grep '[a'",
                        "1: grep: Unmatched [, [^, [:, [., or [="),
                Arguments.of("grep: class outside a bracket", "cat /proc/meminfo | grep '[:digit:]'",
                        "1: grep: character class syntax is [[:space:]], not [:space:]"),
                Arguments.of("grep: bad back reference", "cat /proc/meminfo | grep -E '(a)\\2'",
                        "1: grep: Invalid back reference"),
                Arguments.of("grep: trailing backslash", "cat /proc/meminfo | grep 'a\\'",
                        "1: grep: Trailing backslash"),
                Arguments.of("head: bad count", "cat /proc/meminfo | head -n x",
                        "1: head: invalid number of lines: ‘x’"),
                Arguments.of("head: long option", "cat /proc/meminfo | head --bogus",
                        "1: head: unrecognized option '--bogus'\nTry 'head --help' for more information."),
                Arguments.of("tail: missing count", "cat /proc/meminfo | tail -n",
                        "1: tail: option requires an argument -- 'n'\nTry 'tail --help' for more information."),
                Arguments.of("tail: bad byte count", "cat /proc/meminfo | tail -c 1Q",
                        "1: tail: invalid number of bytes: ‘1Q’"),
                Arguments.of("wc: unknown option", "cat /proc/meminfo | wc -q",
                        "1: wc: invalid option -- 'q'\nTry 'wc --help' for more information."),
                Arguments.of("sort: field zero", "cat /proc/meminfo | sort -k 0",
                        "1: sort: field number is zero: invalid field specification ‘0’"),
                Arguments.of("sort: bad key", "cat /proc/meminfo | sort -k 2x",
                        "1: sort: stray character in field spec: invalid field specification ‘2x’"),
                Arguments.of("free: unknown option", "free -x",
                        "1: free: invalid option -- 'x'\n" + FreeCommand.HELP.stripTrailing()),
                Arguments.of("free: unknown long option", "free --bogus",
                        "1: free: unrecognized option '--bogus'\n" + FreeCommand.HELP.stripTrailing()),
                Arguments.of("free: two units", "free -b -m",
                        "1: free: Multiple unit options don't make sense."),
                Arguments.of("free: zero seconds", "free -s 0 -c 2",
                        "1: free: seconds argument `0' is not positive number"),
                Arguments.of("free: bad seconds", "free -s x -c 2",
                        "1: free: seconds argument failed: 'x': Invalid argument"),
                Arguments.of("free: zero count", "free -c 0",
                        "1: free: failed to parse count argument: '0': Numerical result out of range"),
                Arguments.of("free: bad count", "free -c x",
                        "1: free: failed to parse count argument: 'x'"),
                Arguments.of("free: -s without an end", "free -s 1",
                        "1: free: -s without -c repeats forever, and a scenario must end: add -c N"),
                Arguments.of("free: an operand", "free foo",
                        "1: " + FreeCommand.HELP.strip()),
                Arguments.of("vmstat: unknown option", "vmstat -x",
                        "1: vmstat: invalid option -- 'x'\n" + VmstatCommand.HELP.stripTrailing()),
                Arguments.of("vmstat: zero delay", "vmstat 0 2",
                        "1: vmstat: delay must be positive integer"),
                Arguments.of("vmstat: bad delay", "vmstat x 2",
                        "1: vmstat: failed to parse argument: 'x'"),
                Arguments.of("vmstat: delay without count", "vmstat 1",
                        "1: vmstat: a DELAY without a COUNT repeats forever, and a scenario must end: add a COUNT"),
                Arguments.of("vmstat: three operands", "vmstat 1 2 3",
                        "1: " + VmstatCommand.HELP.strip()),
                Arguments.of("vmstat: bad unit", "vmstat -S q",
                        "1: vmstat: -S requires k, K, m or M (default is KiB)"),
                Arguments.of("vmstat: unit without its argument", "vmstat -S",
                        "1: vmstat: option requires an argument -- 'S'\n" + VmstatCommand.HELP.stripTrailing()),
                Arguments.of("vmstat: disks", "vmstat -d",
                        "1: vmstat: -d (disk statistics) is not modelled: mmsim has no disks"),
                Arguments.of("sort: multi-character tab", "cat /proc/meminfo | sort -t ab",
                        "1: sort: multi-character tab ‘ab’"),
                Arguments.of("machine too small", "machine memory=32M",
                        "1: machine: memory must be at least 64M (the kernel image alone is 37M)"),
                Arguments.of("node sizes not matching memory", "machine memory=8G node0=4G node1=2G",
                        "1: machine: memory=8G is not the sum of the node sizes (6G)"),
                Arguments.of("bad distance table", "machine nodes=2 node0=1G node1=1G distance=10,21;21,10;10",
                        "1: machine: distance table must be 2x2"),
                Arguments.of("sysctl without arguments", "sysctl -q",
                        "1: sysctl: no variables specified\nTry `sysctl --help' for more information."),
                Arguments.of("echo redirect without a file", "echo 1 >",
                        "1: echo: > needs a file name (usage: echo [-n] WORDS... [> FILE])"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void refusedWithFileAndLine(String what, String scenario, String message) {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, scenario);
        assertEquals(dir.resolve("t.mms") + ":" + message + "\n", r.err());
        assertEquals("", r.out(), "nothing may run");
        assertEquals(2, r.exit());
    }

    @Test
    void nothingRunsBeforeALaterError() {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, "cat /proc/buddyinfo\necho hello\nbogus\n");
        assertEquals("", r.out());
        assertEquals(2, r.exit());
    }

    @Test
    void machineTooLargeForTheHeapIsRefusedOnItsLine() {
        ScenarioRunner.Result r = ScenarioRunner.runText(dir, "# big\nmachine memory=4T\ncat /proc/buddyinfo\n");
        assertTrue(r.err().startsWith(dir.resolve("t.mms") + ":2: a 4T machine needs about "), r.err());
        assertTrue(r.err().contains("MMSIM_HEAP"), r.err());
        assertEquals("", r.out());
        assertEquals(2, r.exit());
    }

    @Test
    void missingFileIsAUsageError() {
        ScenarioRunner.Result r = ScenarioRunner.run(dir.resolve("absent.mms"));
        assertEquals("mmsim: " + dir.resolve("absent.mms") + ": No such file or directory\n", r.err());
        assertEquals(2, r.exit());
    }
}
