/*
 * /proc/slabinfo (mm/slab_common.c slab_show/cache_show, mm/slub.c get_slabinfo): version 2.1,
 * caches newest first; active objects are all objects less the free ones on node partial lists,
 * so objects cached on CPU slabs and CPU partial lists count as active, as in Linux.
 */
package org.mmsim.procfs;

import org.mmsim.kernel.Kernel;
import org.mmsim.mm.slab.KmemCache;

final class Slabinfo {
    private Slabinfo() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        sb.append("slabinfo - version: 2.1\n");
        sb.append("# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
                + " : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> "
                + "<sharedavail>\n");
        for (KmemCache s : k.slab.cachesNewestFirst()) {
            long objs = s.totalObjects();
            long slabs = s.nrSlabs();
            long active = objs - k.slab.partialFreeObjects(s);
            sb.append(String.format("%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d\n",
                    s.name, active, objs, s.size, s.objects, 1 << s.order, 0, 0, 0, slabs, slabs, 0));
        }
        return sb.toString();
    }
}
