/*
 * The slab and vmalloc APIs as kernel code calls them (mm/slab_common.c, mm/slub.c, mm/vmalloc.c,
 * mm/util.c): kmalloc/kfree, kmem_cache_create/alloc/free/shrink/destroy, vmalloc/vfree and
 * kvmalloc/kvfree. Each prints the object it got as the kernel would see it: an address and the
 * cache (or area) behind it. A NULL result is not a scenario error; the name records it and freeing
 * it is the no-op kfree(NULL) is. vmalloc areas name their caller after the scenario line, as
 * /proc/vmallocinfo names the function that asked.
 */
package org.mmsim.shell;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.slab.KmemCache;
import org.mmsim.mm.slab.SlabFlags;
import org.mmsim.sim.KernelError;

import java.util.List;

final class SlabCommands {
    static final String KMALLOC_USAGE = "[NAME =] kmalloc SIZE [gfp=FLAGS]";
    static final String KFREE_USAGE = "kfree NAME";
    static final String CREATE_USAGE = "[NAME =] kmem_cache_create CACHE_NAME SIZE [align=N] [flags=SLAB_...]";
    static final String ALLOC_USAGE = "[NAME =] kmem_cache_alloc CACHE [gfp=FLAGS]";
    static final String FREE_USAGE = "kmem_cache_free CACHE NAME";
    static final String SHRINK_USAGE = "kmem_cache_shrink CACHE";
    static final String DESTROY_USAGE = "kmem_cache_destroy CACHE";
    static final String VMALLOC_USAGE = "[NAME =] vmalloc SIZE";
    static final String VFREE_USAGE = "vfree NAME";
    static final String KVMALLOC_USAGE = "[NAME =] kvmalloc SIZE [gfp=FLAGS]";
    static final String KVFREE_USAGE = "kvfree NAME";

    static final String KMALLOC_MEMORY = "kmalloc memory";
    static final String CACHE = "a kmem_cache";
    static final String VMALLOC_MEMORY = "vmalloc memory";
    static final String KVMALLOC_MEMORY = "kvmalloc memory";
    /** What kmem_cache_alloc yields; the parser binds the exact kind, objectOf(cache). */
    static final String CACHE_OBJECT = "an object of its cache";

    private SlabCommands() {
    }

    /** The binding kind of an object of one cache, so it cannot be freed to another. */
    static String objectOf(String cache) {
        return "an object of " + cache;
    }

    static Step kmalloc(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("kmalloc", KMALLOC_USAGE, tokens, 1, 1, "gfp");
        long size = Sizes.parse(args.positional(0));
        int gfp = PageCommands.gfp("kmalloc", args.get("gfp", "GFP_KERNEL"));
        String name = context.bindName();
        String label = name == null ? "kmalloc" : name;
        return session -> {
            long addr = session.kernel.api.kmalloc(size, gfp);
            bindAddress(session, name, addr);
            if (addr == 0) {
                session.println(label + ": kmalloc failed (size " + size + ", " + Gfp.format(gfp) + ")");
            } else {
                session.println(String.format("%s: %#x (%s)", label, addr, owner(session, addr)));
            }
        };
    }

    static Step kfree(List<Tokenizer.Token> tokens, ParseContext context) {
        String name = releaseSingle("kfree", KFREE_USAGE, KMALLOC_MEMORY, tokens, context);
        return session -> session.kernel.api.kfree(address(session, name));
    }

    static Step cacheCreate(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("kmem_cache_create", CREATE_USAGE, tokens, 2, 2, "align", "flags");
        String cacheName = args.positional(0);
        int size = (int) Math.min(Integer.MAX_VALUE, Sizes.parse(args.positional(1)));
        int align = Sizes.integer("kmem_cache_create: align", args.get("align", "0"), 0, 4096);
        String flagText = args.get("flags", "0");
        int flags = flagText.equals("0") ? 0 : SlabFlags.parse(flagText);
        if (flags < 0) {
            throw new ScenarioError("kmem_cache_create: unknown slab flags \"" + flagText + "\"");
        }
        String name = context.bindName();
        if (name == null) {
            throw new ScenarioError("kmem_cache_create: bind the cache to a name (usage: " + CREATE_USAGE + ")");
        }
        return session -> {
            try {
                KmemCache c = session.kernel.slab.kmemCacheCreate(cacheName, size, align, flags);
                session.setValue(name, c);
                session.println(String.format("%s: cache %s, object size %d", name, c.name, c.objectSize));
            } catch (KernelError e) {
                session.setValue(name, null);
                session.println(name + ": kmem_cache_create failed: " + e.errno.message());
            }
        };
    }

    static Step cacheAlloc(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("kmem_cache_alloc", ALLOC_USAGE, tokens, 1, 1, "gfp");
        String cache = args.positional(0);
        context.bindings.use("kmem_cache_alloc", cache, CACHE);
        int gfp = PageCommands.gfp("kmem_cache_alloc", args.get("gfp", "GFP_KERNEL"));
        String name = context.bindName();
        if (name != null) {
            context.bindings.bind(name, objectOf(cache), context.line());
        }
        String label = name == null ? "kmem_cache_alloc" : name;
        return session -> {
            KmemCache c = (KmemCache) session.value(cache);
            long addr = c == null ? 0 : session.kernel.api.kmemCacheAlloc(c, gfp);
            bindAddress(session, name, addr);
            if (addr == 0) {
                session.println(label + ": kmem_cache_alloc failed (" + (c == null ? cache + " is NULL" : c.name)
                        + ")");
            } else {
                session.println(String.format("%s: %#x (%s)", label, addr, c.name));
            }
        };
    }

    static Step cacheFree(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("kmem_cache_free", FREE_USAGE, tokens, 2, 2);
        String cache = args.positional(0);
        String name = args.positional(1);
        context.bindings.use("kmem_cache_free", cache, CACHE);
        context.bindings.release("kmem_cache_free", name, objectOf(cache), context.line());
        return session -> {
            KmemCache c = (KmemCache) session.value(cache);
            long addr = address(session, name);
            if (c != null && addr != 0) {
                session.kernel.api.kmemCacheFree(c, addr);
            }
        };
    }

    static Step cacheShrink(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("kmem_cache_shrink", SHRINK_USAGE, tokens, 1, 1);
        String cache = args.positional(0);
        context.bindings.use("kmem_cache_shrink", cache, CACHE);
        return session -> {
            KmemCache c = (KmemCache) session.value(cache);
            if (c != null) {
                session.kernel.slab.kmemCacheShrink(c);
            }
        };
    }

    static Step cacheDestroy(List<Tokenizer.Token> tokens, ParseContext context) {
        String cache = releaseSingle("kmem_cache_destroy", DESTROY_USAGE, CACHE, tokens, context);
        return session -> {
            KmemCache c = (KmemCache) session.value(cache);
            if (c != null) {
                session.kernel.slab.kmemCacheDestroy(c, "kmem_cache_destroy");
            }
        };
    }

    static Step vmalloc(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("vmalloc", VMALLOC_USAGE, tokens, 1, 1);
        long size = Sizes.parse(args.positional(0));
        String name = context.bindName();
        String caller = callerOf(context);
        String label = name == null ? "vmalloc" : name;
        return session -> {
            long addr = session.kernel.api.vmalloc(size, caller);
            bindAddress(session, name, addr);
            printArea(session, label, "vmalloc", size, addr);
        };
    }

    static Step vfree(List<Tokenizer.Token> tokens, ParseContext context) {
        String name = releaseSingle("vfree", VFREE_USAGE, VMALLOC_MEMORY, tokens, context);
        return session -> session.kernel.api.vfree(address(session, name));
    }

    static Step kvmalloc(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("kvmalloc", KVMALLOC_USAGE, tokens, 1, 1, "gfp");
        long size = Sizes.parse(args.positional(0));
        int gfp = PageCommands.gfp("kvmalloc", args.get("gfp", "GFP_KERNEL"));
        String name = context.bindName();
        String caller = callerOf(context);
        String label = name == null ? "kvmalloc" : name;
        return session -> {
            long addr = session.kernel.api.kvmalloc(size, gfp, caller);
            bindAddress(session, name, addr);
            printArea(session, label, "kvmalloc", size, addr);
        };
    }

    static Step kvfree(List<Tokenizer.Token> tokens, ParseContext context) {
        String name = releaseSingle("kvfree", KVFREE_USAGE, KVMALLOC_MEMORY, tokens, context);
        return session -> session.kernel.api.kvfree(address(session, name));
    }

    private static String releaseSingle(String command, String usage, String kind, List<Tokenizer.Token> tokens,
                                        ParseContext context) {
        Args args = new Args(command, usage, tokens, 1, 1);
        String name = args.positional(0);
        context.bindings.release(command, name, kind, context.line());
        return name;
    }

    /** The symbol vmallocinfo shows for an area a scenario line asked for. */
    private static String callerOf(ParseContext context) {
        return "scenario_line_" + context.line();
    }

    private static void bindAddress(Session session, String name, long addr) {
        if (name != null) {
            session.setValue(name, addr);
        }
    }

    private static long address(Session session, String name) {
        return (Long) session.value(name);
    }

    private static String owner(Session session, long addr) {
        KmemCache c = session.kernel.slab.cacheOf(addr);
        return c == null ? "large kmalloc, " + session.kernel.slab.ksize(addr) + " bytes" : c.name;
    }

    private static void printArea(Session session, String label, String what, long size, long addr) {
        if (addr == 0) {
            session.println(label + ": " + what + " failed (size " + size + ")");
        } else {
            session.println(String.format("%s: %#x (%d bytes)", label, addr, size));
        }
    }
}
