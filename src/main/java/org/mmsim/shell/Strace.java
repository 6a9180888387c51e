/*
 * The names of the mman constants (include/uapi/asm-generic/mman-common.h, mman.h) both ways: the
 * words a scenario writes for them (r w x / none, private anon ..., dontneed, maymove, current, or
 * the C names PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, ...), and the way strace prints a call and its
 * result ("mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f..." or
 * "= -1 ENOMEM (Cannot allocate memory)"). Left out: strace's decoding of fds and file names.
 */
package org.mmsim.shell;

import org.mmsim.mm.vma.Mman;
import org.mmsim.mm.vma.Msync;
import org.mmsim.sim.Errno;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

final class Strace {
    /** A family of constants: C prefix, and name → value in the order strace prints them. */
    record Family(String what, String prefix, Map<String, Integer> values) {
        /** A scenario word (dontneed, MADV_DONTNEED) as a value; a ScenarioError names the word. */
        int parse(String command, String word) {
            String name = word.toUpperCase(Locale.ROOT);
            if (!name.startsWith(prefix)) {
                name = prefix + name;
            }
            Integer v = values.get(name);
            if (v == null) {
                throw new ScenarioError(command + ": unknown " + what + " \"" + word + "\"");
            }
            return v;
        }

        /** Words joined with | (MAP_PRIVATE|MAP_ANONYMOUS), each one parse()d and or'ed. */
        int parseAll(String command, String words) {
            int v = 0;
            for (String w : words.split("\\|", -1)) {
                v |= parse(command, w);
            }
            return v;
        }

        /** A bit set as strace prints it; unknown bits as hex, nothing set as "0". */
        String format(int bits) {
            StringBuilder sb = new StringBuilder();
            int rest = bits;
            for (Map.Entry<String, Integer> e : values.entrySet()) {
                int v = e.getValue();
                if (v != 0 && (rest & v) == v) {
                    sb.append(sb.length() > 0 ? "|" : "").append(e.getKey());
                    rest &= ~v;
                }
            }
            if (rest != 0) {
                sb.append(sb.length() > 0 ? "|" : "").append(String.format("%#x", rest));
            }
            return sb.length() == 0 ? "0" : sb.toString();
        }

        /** One value (an advice) by name. */
        String name(int value) {
            for (Map.Entry<String, Integer> e : values.entrySet()) {
                if (e.getValue() == value) {
                    return e.getKey();
                }
            }
            return Integer.toString(value);
        }
    }

    static final Family PROT = family("protection", "PROT_", "PROT_READ", Mman.PROT_READ, "PROT_WRITE",
            Mman.PROT_WRITE, "PROT_EXEC", Mman.PROT_EXEC, "PROT_SEM", Mman.PROT_SEM, "PROT_GROWSDOWN",
            Mman.PROT_GROWSDOWN, "PROT_GROWSUP", Mman.PROT_GROWSUP);
    static final Family MAP = family("mmap flag", "MAP_", "MAP_SHARED_VALIDATE", Mman.MAP_SHARED_VALIDATE,
            "MAP_SHARED", Mman.MAP_SHARED, "MAP_PRIVATE", Mman.MAP_PRIVATE, "MAP_FIXED", Mman.MAP_FIXED,
            "MAP_ANONYMOUS", Mman.MAP_ANONYMOUS, "MAP_32BIT", Mman.MAP_32BIT, "MAP_GROWSDOWN", Mman.MAP_GROWSDOWN,
            "MAP_DENYWRITE", Mman.MAP_DENYWRITE, "MAP_EXECUTABLE", Mman.MAP_EXECUTABLE, "MAP_LOCKED",
            Mman.MAP_LOCKED, "MAP_NORESERVE", Mman.MAP_NORESERVE, "MAP_POPULATE", Mman.MAP_POPULATE,
            "MAP_NONBLOCK", Mman.MAP_NONBLOCK, "MAP_STACK", Mman.MAP_STACK, "MAP_HUGETLB", Mman.MAP_HUGETLB,
            "MAP_SYNC", Mman.MAP_SYNC, "MAP_FIXED_NOREPLACE", Mman.MAP_FIXED_NOREPLACE, "MAP_UNINITIALIZED",
            Mman.MAP_UNINITIALIZED, "MAP_ANON", Mman.MAP_ANONYMOUS);
    static final Family MADV = family("advice", "MADV_", "MADV_NORMAL", Mman.MADV_NORMAL, "MADV_RANDOM",
            Mman.MADV_RANDOM, "MADV_SEQUENTIAL", Mman.MADV_SEQUENTIAL, "MADV_WILLNEED", Mman.MADV_WILLNEED,
            "MADV_DONTNEED", Mman.MADV_DONTNEED, "MADV_FREE", Mman.MADV_FREE, "MADV_REMOVE", Mman.MADV_REMOVE,
            "MADV_DONTFORK", Mman.MADV_DONTFORK, "MADV_DOFORK", Mman.MADV_DOFORK, "MADV_MERGEABLE",
            Mman.MADV_MERGEABLE, "MADV_UNMERGEABLE", Mman.MADV_UNMERGEABLE, "MADV_HUGEPAGE", Mman.MADV_HUGEPAGE,
            "MADV_NOHUGEPAGE", Mman.MADV_NOHUGEPAGE, "MADV_DONTDUMP", Mman.MADV_DONTDUMP, "MADV_DODUMP",
            Mman.MADV_DODUMP, "MADV_WIPEONFORK", Mman.MADV_WIPEONFORK, "MADV_KEEPONFORK", Mman.MADV_KEEPONFORK,
            "MADV_COLD", Mman.MADV_COLD, "MADV_PAGEOUT", Mman.MADV_PAGEOUT, "MADV_POPULATE_READ",
            Mman.MADV_POPULATE_READ, "MADV_POPULATE_WRITE", Mman.MADV_POPULATE_WRITE, "MADV_DONTNEED_LOCKED",
            Mman.MADV_DONTNEED_LOCKED);
    static final Family MREMAP = family("mremap flag", "MREMAP_", "MREMAP_MAYMOVE", Mman.MREMAP_MAYMOVE,
            "MREMAP_FIXED", Mman.MREMAP_FIXED, "MREMAP_DONTUNMAP", Mman.MREMAP_DONTUNMAP);
    static final Family MCL = family("mlockall flag", "MCL_", "MCL_CURRENT", Mman.MCL_CURRENT, "MCL_FUTURE",
            Mman.MCL_FUTURE, "MCL_ONFAULT", Mman.MCL_ONFAULT);
    static final Family MS = family("msync flag", "MS_", "MS_ASYNC", Msync.MS_ASYNC, "MS_INVALIDATE",
            Msync.MS_INVALIDATE, "MS_SYNC", Msync.MS_SYNC);
    static final Family MLOCK = family("mlock2 flag", "MLOCK_", "MLOCK_ONFAULT", Mman.MLOCK_ONFAULT);

    private Strace() {
    }

    static Family family(String what, String prefix, Object... pairs) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], (Integer) pairs[i + 1]);
        }
        return new Family(what, prefix, m);
    }

    /** A protection as a scenario writes it: letters from rwx, none, or PROT_ names, parts joined with |. */
    static int prot(String command, String text) {
        int p = 0;
        for (String part : text.split("\\|", -1)) {
            if (part.equalsIgnoreCase("none") || part.equals("PROT_NONE")) {
                continue;
            }
            if (part.matches("[rwx]+")) {
                for (char c : part.toCharArray()) {
                    p |= c == 'r' ? Mman.PROT_READ : c == 'w' ? Mman.PROT_WRITE : Mman.PROT_EXEC;
                }
            } else {
                p |= PROT.parse(command, part);
            }
        }
        return p;
    }

    /** A protection as strace prints it. */
    static String prot(int prot) {
        return prot == 0 ? "PROT_NONE" : PROT.format(prot);
    }

    /** mmap's flags as strace prints them: the map type first, then the other bits. */
    static String mapFlags(int flags) {
        int type = flags & Mman.MAP_TYPE;
        String t = type == Mman.MAP_SHARED_VALIDATE ? "MAP_SHARED_VALIDATE" : type == Mman.MAP_SHARED ? "MAP_SHARED"
                : type == Mman.MAP_PRIVATE ? "MAP_PRIVATE" : String.format("%#x /* MAP_??? */", type);
        int rest = flags & ~Mman.MAP_TYPE;
        return rest == 0 ? t : t + "|" + MAP.format(rest);
    }

    static String addr(long a) {
        return a == 0 ? "NULL" : "0x" + Long.toHexString(a);
    }

    /** A failed call's result: "-1 ENOMEM (Cannot allocate memory)". */
    static String error(Errno e) {
        return "-1 " + e.name() + " (" + e.message() + ")";
    }
}
