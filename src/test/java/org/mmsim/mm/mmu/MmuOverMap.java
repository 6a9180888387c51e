package org.mmsim.mm.mmu;

/** An MMU of Zen 3 or Cascade Lake geometry with every CPU's CR3 on one MapWalker page table (PCID 1). */
final class MmuOverMap {
    final Mmu mmu;
    final MapWalker table = new MapWalker();

    MmuOverMap(boolean zen3, int nrCpus) {
        mmu = new Mmu(zen3 ? TlbGeometry.zen3() : TlbGeometry.cascadeLake(), nrCpus);
        for (int cpu = 0; cpu < nrCpus; cpu++) {
            mmu.loadCr3(cpu, table, 1, false);
        }
    }
}
