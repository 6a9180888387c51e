/*
 * The page allocator's API as kernel code calls it: `NAME = alloc_pages order=N gfp=FLAGS [node=N]`
 * is alloc_pages_node(nid, gfp, order) and prints the block it got; `free_pages NAME` is
 * __free_pages() of that block at the order it was allocated with. A failed allocation is not a
 * scenario error: the name records the failure (the kernel logs its own warning), and freeing it is
 * the no-op free_pages(0, order) is. Left out: page contents, refcounts beyond one (get_page).
 */
package org.mmsim.shell;

import org.mmsim.mm.buddy.Gfp;
import org.mmsim.mm.zone.Zone;

import java.util.List;

final class PageCommands {
    static final String ALLOC_USAGE = "[NAME =] alloc_pages order=N [gfp=FLAGS] [node=N]";
    static final String FREE_USAGE = "free_pages NAME";
    /** The binding kind alloc_pages yields and free_pages takes. */
    static final String PAGES = "pages from alloc_pages";

    /** What a name bound to alloc_pages holds: the first pfn (-1 when the allocation failed) and the order. */
    record Block(int pfn, int order) {
    }

    private PageCommands() {
    }

    static Step alloc(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("alloc_pages", ALLOC_USAGE, tokens, 0, 0, "order", "gfp", "node");
        if (args.get("order") == null) {
            throw new ScenarioError("alloc_pages: missing order= (usage: " + ALLOC_USAGE + ")");
        }
        int order = Sizes.integer("alloc_pages: order", args.get("order"), 0, Zone.MAX_PAGE_ORDER);
        int gfp = gfp("alloc_pages", args.get("gfp", "GFP_KERNEL"));
        int nid = Sizes.integer("alloc_pages: node", args.get("node", "0"), 0, context.machine().nodes() - 1);
        String name = context.bindName();
        String label = name == null ? "alloc_pages" : name;
        return session -> {
            int pfn = session.kernel.api.allocPages(gfp, order, nid);
            if (name != null) {
                session.setValue(name, new Block(pfn, order));
            }
            if (pfn < 0) {
                session.println(label + ": allocation failed (order " + order + ", " + Gfp.format(gfp) + ")");
            } else {
                Zone z = session.kernel.zones.zoneOf(pfn);
                session.println(String.format("%s: pfn %#x, order %d (%d page%s), Node %d %s", label, pfn, order,
                        1 << order, order == 0 ? "" : "s", z.node.id, z.name()));
            }
        };
    }

    static Step free(List<Tokenizer.Token> tokens, ParseContext context) {
        Args args = new Args("free_pages", FREE_USAGE, tokens, 1, 1);
        String name = args.positional(0);
        context.bindings.release("free_pages", name, PAGES, context.line());
        return session -> {
            Block b = (Block) session.value(name);
            if (b.pfn() >= 0) {
                session.kernel.api.freePages(b.pfn(), b.order());
            }
        };
    }

    /** GFP flags as kernel code writes them (GFP_KERNEL|__GFP_ZERO); names the first unknown part. */
    static int gfp(String command, String text) {
        int flags = Gfp.parse(text);
        if (flags >= 0) {
            return flags;
        }
        for (String part : text.split("\\|", -1)) {
            if (Gfp.parse(part) < 0) {
                throw new ScenarioError(command + ": unknown gfp flag \"" + part.trim() + "\"");
            }
        }
        throw new ScenarioError(command + ": bad gfp flags \"" + text + "\"");
    }
}
