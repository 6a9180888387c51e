/*
 * A task touching its memory: `TASK: write ADDR [OFFSET] LEN` / `read ...` stores to or loads from
 * one byte of every page of the range, in ascending order, through the MMU check and the fault path
 * (Task.access), and prints the faults it took. An access the kernel refuses kills the task as an
 * unhandled signal does: SIGSEGV is logged as arch/x86/mm/fault.c show_signal_msg() logs it
 * ("web[1000]: segfault at ADDR ip ... sp ... error N likely on CPU 0 (core 0, socket 0)" and
 * show_opcodes()' line; registers are not modelled, so ip and sp are 0), strace's two lines are
 * printed, and the task leaves the process table. When the OOM killer picks the accessing task, the
 * access stops there and the task dies at the end of the line (Session). Left out: page contents
 * (data written or read) and signal handlers.
 */
package org.mmsim.shell;

import org.mmsim.mm.fault.Fault;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.sim.Printk;
import org.mmsim.task.Task;

import java.util.List;

final class AccessCommands {
    static final String READ_USAGE = "TASK: read ADDR [OFFSET] LEN";
    static final String WRITE_USAGE = "TASK: write ADDR [OFFSET] LEN";
    private static final long PAGE = 4096;
    /** arch/x86/include/asm/trap_pf.h: X86_PF_PROT, X86_PF_WRITE, X86_PF_USER, X86_PF_INSTR. */
    private static final int PF_PROT = 1, PF_WRITE = 2, PF_USER = 4;
    /** show_opcodes() reads OPCODE_BUFSIZE (64) bytes starting 42 before ip. */
    private static final long PROLOGUE = 42;

    private AccessCommands() {
    }

    static Step read(List<Tokenizer.Token> tokens, ParseContext context) {
        if (FileCommands.namesDescriptor(tokens, context)) {
            return FileCommands.readCall("read", FileCommands.READ_USAGE, tokens, context, false);
        }
        return access("read", READ_USAGE, Fault.READ, tokens, context);
    }

    static Step write(List<Tokenizer.Token> tokens, ParseContext context) {
        if (FileCommands.namesDescriptor(tokens, context)) {
            return FileCommands.writeCall("write", FileCommands.WRITE_USAGE, tokens, context, false);
        }
        return access("write", WRITE_USAGE, Fault.WRITE, tokens, context);
    }

    private static Step access(String command, String usage, int kind, List<Tokenizer.Token> tokens,
            ParseContext context) {
        Args args = new Args(command, usage, tokens, 2, 3);
        SyscallCommands.Range r = SyscallCommands.Range.parse(command, args, 0, args.positionalCount(), context);
        String name = context.task();
        return session -> {
            ScenarioProcess p = ScenarioProcess.running(session, name);
            if (p == null) {
                return;
            }
            Task t = p.task;
            long start = r.start(p);
            long end = start + r.len();
            long minBefore = t.faults.minflt;
            long majBefore = t.faults.majflt;
            String range = command + " " + Strace.addr(start) + ".." + Strace.addr(end);
            for (long a = start; Long.compareUnsigned(a, end) < 0; a = (a & -PAGE) + PAGE) {
                int result = t.access(a, kind);
                if (t.isOomVictim()) {
                    // SIGKILL from the OOM killer: the task dies on its way back to user space.
                    break;
                }
                if (result == Fault.SIGSEGV || result == Fault.SIGBUS || result == Fault.OOM) {
                    session.println(name + ": " + range + ": " + faults(t, minBefore, majBefore));
                    kill(session, p, a, kind, result);
                    return;
                }
            }
            session.println(name + ": " + range + ": " + faults(t, minBefore, majBefore));
        };
    }

    private static String faults(Task t, long minBefore, long majBefore) {
        return (t.faults.minflt - minBefore) + " minor, " + (t.faults.majflt - majBefore) + " major faults";
    }

    private static void kill(Session session, ScenarioProcess p, long addr, int kind, int result) {
        Task t = p.task;
        String name = p.name;
        if (result == Fault.SIGSEGV) {
            boolean mapped = t.mm().vmaLookup(addr) != null;
            int error = PF_USER | (kind == Fault.WRITE ? PF_WRITE : 0)
                    | (Pte.present(t.pageTable().pte(addr & -PAGE)) ? PF_PROT : 0);
            int loglevel = t.pid > 1 ? Printk.KERN_INFO : Printk.KERN_EMERG;
            session.kernel.printk.log(loglevel, t.comm + "[" + t.pid + "]: segfault at " + Long.toHexString(addr)
                    + " ip 0000000000000000 sp 0000000000000000 error " + Integer.toHexString(error)
                    + " likely on CPU 0 (core 0, socket 0)");
            session.kernel.printk.log(loglevel, "Code: Unable to access opcode bytes at 0x"
                    + Long.toHexString(-PROLOGUE) + ".");
            session.println(name + ": --- SIGSEGV {si_signo=SIGSEGV, si_code=" + (mapped ? "SEGV_ACCERR" : "SEGV_MAPERR")
                    + ", si_addr=" + Strace.addr(addr) + "} ---");
            session.println(name + ": +++ killed by SIGSEGV +++");
            p.end(session, "killed by SIGSEGV");
        } else if (result == Fault.SIGBUS) {
            session.println(name + ": --- SIGBUS {si_signo=SIGBUS, si_code=BUS_ADRERR, si_addr=" + Strace.addr(addr)
                    + "} ---");
            session.println(name + ": +++ killed by SIGBUS +++");
            p.end(session, "killed by SIGBUS");
        } else {
            session.println(name + ": +++ killed by SIGKILL +++");
            p.end(session, "killed by SIGKILL (out of memory)");
        }
    }
}
