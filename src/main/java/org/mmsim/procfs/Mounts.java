/*
 * The mount table /proc/mounts shows (fs/proc_namespace.c show_vfsmnt): proc on /proc and sysfs on
 * /sys, the only file systems the simulated machine has, plus whatever a file system layer mounts
 * through add(). File system types are registered by the layers that implement them (tmpfs and
 * hugetlbfs by the page-cache and huge page layers); mount(8) refuses a type nobody registered, as
 * Linux does for a file system its kernel was built without.
 */
package org.mmsim.procfs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

public final class Mounts {
    /** One mounted file system, as a /proc/mounts line names it. */
    public record Mount(String source, String target, String type, String options) {
    }

    private final List<Mount> mounts = new ArrayList<>(List.of(
            new Mount("proc", "/proc", "proc", "rw,relatime"), new Mount("sysfs", "/sys", "sysfs", "rw,relatime")));
    private final Set<String> types = new TreeSet<>(List.of("proc", "sysfs"));

    public List<Mount> all() {
        return Collections.unmodifiableList(mounts);
    }

    public void add(Mount m) {
        mounts.add(m);
    }

    /** register_filesystem(): a type mount can use. */
    public void registerType(String type) {
        types.add(type);
    }

    public boolean typeRegistered(String type) {
        return types.contains(type);
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        for (Mount m : mounts) {
            sb.append(m.source()).append(' ').append(m.target()).append(' ').append(m.type()).append(' ')
                    .append(m.options()).append(" 0 0\n");
        }
        return sb.toString();
    }
}
