/*
 * GFP flags (include/linux/gfp_types.h, Linux 6.x bit values), gfp_zone(), gfp_migratetype(), and the
 * %pGg formatting used in allocation-failure reports (include/trace/events/mmflags.h order).
 */
package org.mmsim.mm.buddy;

import org.mmsim.mm.zone.ZoneType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

public final class Gfp {
    private Gfp() {
    }

    public static final int __GFP_DMA = 0x01;
    public static final int __GFP_HIGHMEM = 0x02;
    public static final int __GFP_DMA32 = 0x04;
    public static final int __GFP_MOVABLE = 0x08;
    public static final int __GFP_RECLAIMABLE = 0x10;
    public static final int __GFP_HIGH = 0x20;
    public static final int __GFP_IO = 0x40;
    public static final int __GFP_FS = 0x80;
    public static final int __GFP_ZERO = 0x100;
    public static final int __GFP_DIRECT_RECLAIM = 0x400;
    public static final int __GFP_KSWAPD_RECLAIM = 0x800;
    public static final int __GFP_WRITE = 0x1000;
    public static final int __GFP_NOWARN = 0x2000;
    public static final int __GFP_RETRY_MAYFAIL = 0x4000;
    public static final int __GFP_NOFAIL = 0x8000;
    public static final int __GFP_NORETRY = 0x10000;
    public static final int __GFP_MEMALLOC = 0x20000;
    public static final int __GFP_COMP = 0x40000;
    public static final int __GFP_NOMEMALLOC = 0x80000;
    public static final int __GFP_HARDWALL = 0x100000;
    public static final int __GFP_THISNODE = 0x200000;
    public static final int __GFP_ACCOUNT = 0x400000;
    public static final int __GFP_ZEROTAGS = 0x800000;

    public static final int __GFP_RECLAIM = __GFP_DIRECT_RECLAIM | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_ATOMIC = __GFP_HIGH | __GFP_KSWAPD_RECLAIM;
    public static final int GFP_KERNEL = __GFP_RECLAIM | __GFP_IO | __GFP_FS;
    public static final int GFP_KERNEL_ACCOUNT = GFP_KERNEL | __GFP_ACCOUNT;
    /** Linux 6.18 makes GFP_NOWAIT imply __GFP_NOWARN. */
    public static final int GFP_NOWAIT = __GFP_KSWAPD_RECLAIM | __GFP_NOWARN;
    public static final int GFP_NOIO = __GFP_RECLAIM;
    public static final int GFP_NOFS = __GFP_RECLAIM | __GFP_IO;
    public static final int GFP_USER = __GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL;
    public static final int GFP_DMA = __GFP_DMA;
    public static final int GFP_DMA32 = __GFP_DMA32;
    public static final int GFP_HIGHUSER = GFP_USER | __GFP_HIGHMEM;
    public static final int GFP_HIGHUSER_MOVABLE = GFP_HIGHUSER | __GFP_MOVABLE;
    public static final int GFP_TRANSHUGE_LIGHT =
            (GFP_HIGHUSER_MOVABLE | __GFP_COMP | __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM;
    public static final int GFP_TRANSHUGE = GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM;

    /** Names in the order %pGg tries them: composites first, so the widest match wins. */
    private static final Map<String, Integer> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("GFP_TRANSHUGE", GFP_TRANSHUGE);
        NAMES.put("GFP_TRANSHUGE_LIGHT", GFP_TRANSHUGE_LIGHT);
        NAMES.put("GFP_HIGHUSER_MOVABLE", GFP_HIGHUSER_MOVABLE);
        NAMES.put("GFP_HIGHUSER", GFP_HIGHUSER);
        NAMES.put("GFP_USER", GFP_USER);
        NAMES.put("GFP_KERNEL_ACCOUNT", GFP_KERNEL_ACCOUNT);
        NAMES.put("GFP_KERNEL", GFP_KERNEL);
        NAMES.put("GFP_NOFS", GFP_NOFS);
        NAMES.put("GFP_ATOMIC", GFP_ATOMIC);
        NAMES.put("GFP_NOIO", GFP_NOIO);
        NAMES.put("GFP_NOWAIT", GFP_NOWAIT);
        NAMES.put("GFP_DMA", GFP_DMA);
        NAMES.put("__GFP_HIGHMEM", __GFP_HIGHMEM);
        NAMES.put("GFP_DMA32", GFP_DMA32);
        NAMES.put("__GFP_HIGH", __GFP_HIGH);
        NAMES.put("__GFP_IO", __GFP_IO);
        NAMES.put("__GFP_FS", __GFP_FS);
        NAMES.put("__GFP_NOWARN", __GFP_NOWARN);
        NAMES.put("__GFP_RETRY_MAYFAIL", __GFP_RETRY_MAYFAIL);
        NAMES.put("__GFP_NOFAIL", __GFP_NOFAIL);
        NAMES.put("__GFP_NORETRY", __GFP_NORETRY);
        NAMES.put("__GFP_COMP", __GFP_COMP);
        NAMES.put("__GFP_ZERO", __GFP_ZERO);
        NAMES.put("__GFP_NOMEMALLOC", __GFP_NOMEMALLOC);
        NAMES.put("__GFP_MEMALLOC", __GFP_MEMALLOC);
        NAMES.put("__GFP_HARDWALL", __GFP_HARDWALL);
        NAMES.put("__GFP_THISNODE", __GFP_THISNODE);
        NAMES.put("__GFP_RECLAIMABLE", __GFP_RECLAIMABLE);
        NAMES.put("__GFP_MOVABLE", __GFP_MOVABLE);
        NAMES.put("__GFP_ACCOUNT", __GFP_ACCOUNT);
        NAMES.put("__GFP_WRITE", __GFP_WRITE);
        NAMES.put("__GFP_RECLAIM", __GFP_RECLAIM);
        NAMES.put("__GFP_DIRECT_RECLAIM", __GFP_DIRECT_RECLAIM);
        NAMES.put("__GFP_KSWAPD_RECLAIM", __GFP_KSWAPD_RECLAIM);
        NAMES.put("__GFP_ZEROTAGS", __GFP_ZEROTAGS);
    }

    /** Every flag and composite name, in %pGg order. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(NAMES.keySet());
    }

    /** The value of one flag or composite name (GFP_KERNEL, __GFP_ZERO), or -1 if unknown. */
    public static int byName(String name) {
        Integer v = NAMES.get(name);
        return v == null ? -1 : v;
    }

    /** Parses "GFP_KERNEL|__GFP_ZERO" or a number; -1 if any part is unknown. */
    public static int parse(String text) {
        int flags = 0;
        for (String part : text.split("\\|")) {
            String p = part.trim();
            int v;
            if (p.startsWith("0x") || p.startsWith("0X")) {
                try {
                    v = Integer.parseUnsignedInt(p.substring(2), 16);
                } catch (NumberFormatException e) {
                    return -1;
                }
            } else {
                v = byName(p);
            }
            if (v < 0) {
                return -1;
            }
            flags |= v;
        }
        return flags;
    }

    /** %pGg: names joined by '|', any bits without a name appended in hex. */
    public static String format(int gfp) {
        StringBuilder sb = new StringBuilder();
        int rest = gfp;
        for (Map.Entry<String, Integer> e : NAMES.entrySet()) {
            int mask = e.getValue();
            if (mask != 0 && (rest & mask) == mask) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(e.getKey());
                rest &= ~mask;
            }
        }
        if (rest != 0) {
            if (sb.length() > 0) {
                sb.append('|');
            }
            sb.append("0x").append(Integer.toHexString(rest));
        }
        return sb.toString();
    }

    /** gfp_zone(): the highest zone type the allocation may use. */
    public static int zone(int gfp) {
        if ((gfp & __GFP_DMA) != 0) {
            return ZoneType.DMA;
        }
        if ((gfp & __GFP_DMA32) != 0) {
            return ZoneType.DMA32;
        }
        if ((gfp & (__GFP_HIGHMEM | __GFP_MOVABLE)) == (__GFP_HIGHMEM | __GFP_MOVABLE)) {
            return ZoneType.MOVABLE;
        }
        return ZoneType.NORMAL;
    }

    /** gfp_migratetype(): UNMOVABLE, MOVABLE or RECLAIMABLE from the mobility bits. */
    public static int migratetype(int gfp) {
        return (gfp & (__GFP_MOVABLE | __GFP_RECLAIMABLE)) >>> 3;
    }

    public static boolean canDirectReclaim(int gfp) {
        return (gfp & __GFP_DIRECT_RECLAIM) != 0;
    }
}
