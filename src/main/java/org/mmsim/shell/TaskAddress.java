/*
 * An address in a task's arguments: a bound name (what mmap, mremap or brk returned), a name plus or
 * minus a size (buf+4K, buf-1M), or a number (0x7f0000000000, 4096). The name is checked among the
 * task's own names when the line is parsed; its value is read when the line runs. A name bound to
 * a failed call holds -1 (MAP_FAILED), which the next call then gets, as a C program would pass it.
 */
package org.mmsim.shell;

final class TaskAddress {
    /** What a task's `NAME = mmap/mremap/brk` binding holds. */
    static final String ADDRESS = "an address";

    private final String name;
    private final long offset;

    private TaskAddress(String name, long offset) {
        this.name = name;
        this.offset = offset;
    }

    static TaskAddress parse(String command, String text, ParseContext context) {
        int op = Math.max(text.indexOf('+'), text.indexOf('-'));
        String head = op > 0 ? text.substring(0, op) : text;
        if (!head.isEmpty() && (Character.isLetter(head.charAt(0)) || head.charAt(0) == '_')) {
            context.lineBindings().use(command, head, ADDRESS);
            long off = op > 0 ? Sizes.parse(text.substring(op + 1)) : 0;
            return new TaskAddress(head, op > 0 && text.charAt(op) == '-' ? -off : off);
        }
        return new TaskAddress(null, Sizes.parse(text));
    }

    long value(ScenarioProcess p) {
        return (name == null ? 0 : p.values.get(name)) + offset;
    }
}
