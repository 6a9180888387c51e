/*
 * The one registry of scenario commands. Each entry names the command, gives its usage line, says
 * what a `NAME = command` binding yields (null for nothing), and points at the parser that validates
 * its arguments and builds the Step that runs it. A new command is one register() call here and one
 * file holding its parser and step. Task commands (system calls, memory accesses, fork, exit) run
 * in a named task, as `TASK: command`; every other command runs as the kernel.
 */
package org.mmsim.shell;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

public final class Commands {
    public static final String MACHINE = "machine";

    private final TreeMap<String, CommandSpec> specs = new TreeMap<>();
    /** Commands with no output of their own, which a pipe cannot read from. */
    private final Set<String> silent = new TreeSet<>();
    /** Commands that run in a task (`TASK: command`) and only there. */
    private final Set<String> inTask = new TreeSet<>();

    /** Every command mmsim's scenario language has today. */
    public static Commands standard() {
        Commands c = new Commands();
        c.register(MACHINE, MachineCommand.USAGE, null, MachineCommand::parse);
        c.register("sysctl", SysctlCommand.USAGE, null, SysctlCommand::parse);
        c.register("echo", EchoCommand.USAGE, null, EchoCommand::parse);
        c.register("cat", CatCommand.USAGE, null, CatCommand::parse);
        c.register("dmesg", DmesgCommand.USAGE, null, DmesgCommand::parse);
        c.register("alloc_pages", PageCommands.ALLOC_USAGE, PageCommands.PAGES, PageCommands::alloc);
        c.register("free_pages", PageCommands.FREE_USAGE, null, PageCommands::free);
        c.register("kmalloc", SlabCommands.KMALLOC_USAGE, SlabCommands.KMALLOC_MEMORY, SlabCommands::kmalloc);
        c.register("kfree", SlabCommands.KFREE_USAGE, null, SlabCommands::kfree);
        c.register("kmem_cache_create", SlabCommands.CREATE_USAGE, SlabCommands.CACHE, SlabCommands::cacheCreate);
        c.register("kmem_cache_alloc", SlabCommands.ALLOC_USAGE, SlabCommands.CACHE_OBJECT, SlabCommands::cacheAlloc);
        c.register("kmem_cache_free", SlabCommands.FREE_USAGE, null, SlabCommands::cacheFree);
        c.register("kmem_cache_shrink", SlabCommands.SHRINK_USAGE, null, SlabCommands::cacheShrink);
        c.register("kmem_cache_destroy", SlabCommands.DESTROY_USAGE, null, SlabCommands::cacheDestroy);
        c.register("vmalloc", SlabCommands.VMALLOC_USAGE, SlabCommands.VMALLOC_MEMORY, SlabCommands::vmalloc);
        c.register("vfree", SlabCommands.VFREE_USAGE, null, SlabCommands::vfree);
        c.register("kvmalloc", SlabCommands.KVMALLOC_USAGE, SlabCommands.KVMALLOC_MEMORY, SlabCommands::kvmalloc);
        c.register("kvfree", SlabCommands.KVFREE_USAGE, null, SlabCommands::kvfree);
        c.register("cost", CostCommand.USAGE, null, CostCommand::parse);
        c.register("expect", ExpectCommand.USAGE, null, ExpectCommand::parse);
        c.register("export", ExportCommand.USAGE, null, ExportCommand::parse);
        c.register("slabtop", SlabtopCommand.USAGE, null, SlabtopCommand::parse);
        c.register("numactl", NumactlCommand.USAGE, null, NumactlCommand::parse);
        c.register("numastat", NumastatCommand.USAGE, null, NumastatCommand::parse);
        c.register("free", FreeCommand.USAGE, null, FreeCommand::parse);
        c.register("vmstat", VmstatCommand.USAGE, null, VmstatCommand::parse);
        c.register("pmap", PmapCommand.USAGE, null, PmapCommand::parse);
        c.register("psi_trigger", PressureCommands.TRIGGER_USAGE, PressureCommands.TRIGGER, PressureCommands::trigger);
        c.register("psi_close", PressureCommands.CLOSE_USAGE, null, PressureCommands::close);
        c.register("oom_score_adj", PressureCommands.OOM_SCORE_ADJ_USAGE, null, PressureCommands::oomScoreAdj);
        c.register("ps", PsCommand.USAGE, null, PsCommand::parse);
        c.register("sleep", SleepCommand.USAGE, null, SleepCommand::parse);
        c.register("run", SleepCommand.RUN_USAGE, null, SleepCommand::run);
        c.register("top", TopCommand.USAGE, null, TopCommand::parse);
        c.register("ls", LsCommand.USAGE, null, LsCommand::parse);
        c.register("kill", KillCommand.USAGE, null, KillCommand::parse);
        c.register("watch", WatchCommand.USAGE, null, WatchCommand::parse);
        c.register("swapon", SwapCommands.SWAPON_USAGE, null, SwapCommands::swapon);
        c.register("swapoff", SwapCommands.SWAPOFF_USAGE, null, SwapCommands::swapoff);
        c.register("mkswap", SwapCommands.MKSWAP_USAGE, null, SwapCommands::mkswap);
        c.register("mount", MountCommand.USAGE, null, MountCommand::parse);
        c.register("sar", SarCommand.USAGE, null, SarCommand::parse);
        c.register("iostat", IostatCommand.USAGE, null, IostatCommand::parse);
        for (String filter : Pipeline.filters().keySet()) {
            String usage = filter + " [OPTION]... " + (filter.equals("grep") ? "PATTERNS " : "") + "FILE...   (or after "
                    + "a pipe: COMMAND | " + filter + " ...)";
            c.register(filter, usage, null, (args, ctx) -> Pipeline.command(filter, args));
        }
        c.register("spawn", ProcessCommands.SPAWN_USAGE, null, ProcessCommands::spawn);
        c.register("fork", ProcessCommands.FORK_USAGE, null, ProcessCommands::fork);
        c.register("exit", ProcessCommands.EXIT_USAGE, null, ProcessCommands::exit);
        c.register("exec", ProcessCommands.EXEC_USAGE, null, ProcessCommands::exec);
        c.register("vfork", ProcessCommands.VFORK_USAGE, null, ProcessCommands::vfork);
        c.register("read", AccessCommands.READ_USAGE, null, AccessCommands::read);
        c.register("write", AccessCommands.WRITE_USAGE, null, AccessCommands::write);
        SyscallCommands.registerAll(c);
        c.inTask.addAll(SyscallCommands.NAMES);
        FileCommands.registerAll(c);
        c.inTask.addAll(FileCommands.NAMES);
        Collections.addAll(c.inTask, "fork", "vfork", "exit", "exec", "read", "write");
        c.printsNothing(MACHINE, "free_pages", "kfree", "kmem_cache_free", "kmem_cache_shrink", "kmem_cache_destroy",
                "vfree", "kvfree", "expect", "export", "psi_close", "oom_score_adj", "mkdir", "touch",
                "sleep", "run", "sync", "swapon", "swapoff", "mkswap");
        return c;
    }

    public void register(String name, String usage, String yields, CommandSpec.Parser parser) {
        if (specs.putIfAbsent(name, new CommandSpec(name, usage, yields, parser)) != null) {
            throw new IllegalStateException("command registered twice: " + name);
        }
    }

    /** Marks commands that print nothing on stdout, so piping them is refused before anything runs. */
    public void printsNothing(String... names) {
        Collections.addAll(silent, names);
    }

    /** Whether a command runs in a task (`TASK: command`). */
    public boolean taskCommand(String name) {
        return inTask.contains(name);
    }

    /** Whether a command prints text a pipe can read. */
    public boolean printsText(String name) {
        return specs.containsKey(name) && !silent.contains(name);
    }

    public CommandSpec get(String name) {
        return specs.get(name);
    }

    /** All commands, sorted by name. */
    public Collection<CommandSpec> all() {
        return Collections.unmodifiableCollection(specs.values());
    }
}
