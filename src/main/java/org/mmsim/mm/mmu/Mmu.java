/*
 * The x86-64 MMU's address translation: L1 TLB (dTLB, or iTLB for instruction fetches) -> STLB ->
 * page walk through the loaded CR3's walker, with the permission check of a 64-bit CPU with
 * CR0.WP, EFER.NXE and CR4.SMEP set (write to a read-only leaf, user access to a supervisor leaf,
 * fetch from an NX leaf, supervisor fetch from a user leaf -> page fault with the x86 error code).
 * A walk that permits the access sets A (and D on a write) through the walker before the entry is
 * cached; a write that hits a clean cached entry re-walks, as the CPU's dirty-bit assist does. A
 * fault invalidates the TLB entries for the faulting address, so a stale entry faults at most once
 * (the spurious faults Linux tolerates). Not thread-safe: the simulation is single-threaded.
 * Leaves out SMAP (kernel accesses to user pages are taken as done under STAC), protection keys,
 * reserved-bit faults, non-canonical addresses (#GP), and the cost of a walk (callers charge
 * simulated time from the walk counter, per level count of the walker: 4, or 5 with LA57).
 */
package org.mmsim.mm.mmu;

public final class Mmu {
    /** Read by the supervisor; the other accesses are Pte.PF_WRITE, PF_USER and PF_INSTR combined. */
    public static final int READ = 0;
    /** Marks a {@link #translate} result as a fault; the low bits are the page-fault error code. */
    public static final long FAULT = Long.MIN_VALUE;
    /** Internal lookup result: cached but not usable as it is (clean for a write), go on down the hierarchy. */
    private static final long MISS = Long.MIN_VALUE | (1L << 62);
    /** Internal lookup result: no entry for the address at this level, go on down the hierarchy. */
    private static final long ABSENT = Long.MIN_VALUE | (1L << 61);

    private static final int VALID_ACCESS = Pte.PF_WRITE | Pte.PF_USER | Pte.PF_INSTR;
    /** Leaf bits an access needs to use a cached entry (DIRTY for writes: a clean entry re-walks). */
    private static final long[] REQUIRED = new long[32];
    /** Leaf bits that forbid an access. */
    private static final long[] FORBIDDEN = new long[32];
    /** Hot-path form of the two: a cached entry serves the access iff (pte & CHECK) == WANT. */
    private static final long[] CHECK = new long[32];
    private static final long[] WANT = new long[32];

    static {
        for (int a = 0; a < 32; a++) {
            boolean valid = (a & ~VALID_ACCESS) == 0 && (a & (Pte.PF_WRITE | Pte.PF_INSTR)) != (Pte.PF_WRITE | Pte.PF_INSTR);
            long req = Pte.PRESENT;
            long forb = 0;
            if ((a & Pte.PF_WRITE) != 0) {
                req |= Pte.RW | Pte.DIRTY;
            }
            if ((a & Pte.PF_USER) != 0) {
                req |= Pte.USER;
            }
            if ((a & Pte.PF_INSTR) != 0) {
                forb |= Pte.NX;
                if ((a & Pte.PF_USER) == 0) {
                    forb |= Pte.USER;
                }
            }
            REQUIRED[a] = valid ? req : -1L;
            FORBIDDEN[a] = forb;
            CHECK[a] = req | forb;
            WANT[a] = valid ? req : -1L;
        }
    }

    private final CpuTlb[] cpus;
    private final TlbStats stats;
    private final TlbGeometry geometry;

    public Mmu(TlbGeometry geometry, int nrCpus) {
        this.geometry = geometry;
        this.stats = new TlbStats(nrCpus);
        this.cpus = new CpuTlb[nrCpus];
        for (int i = 0; i < nrCpus; i++) {
            cpus[i] = new CpuTlb(geometry, stats.row(i));
        }
    }

    public static boolean isFault(long result) {
        return result < 0;
    }

    /** The x86 page-fault error code of a fault result. */
    public static int errorCode(long result) {
        return (int) (result & 0xFF);
    }

    /**
     * Translates {@code vaddr} on {@code cpu} under its loaded CR3 (page table and PCID, set by
     * {@link #loadCr3}). Returns the physical address, or {@link #FAULT} | error code.
     */
    public long translate(int cpu, long vaddr, int access) {
        CpuTlb c = cpus[cpu];
        int a = access & 31;
        long want = WANT[a];
        if ((access & Pte.PF_INSTR) == 0) {
            TlbArray l1 = c.l1d4k;
            int slot = l1.find(((vaddr & TlbArray.VA_MASK) >>> 12) << TlbArray.VPN_SHIFT, TlbGeometry.SIZE_4K, c.pcid);
            if (slot < 0) {
                return translateSlow(c, vaddr, access, TlbGeometry.SIZE_2M);
            }
            long pte = l1.ptes[slot];
            if ((pte & CHECK[a]) == want) {
                l1.touch(slot);
                c.counters[TlbStats.L1D_HIT]++;
                return (pte & Pte.PFN_MASK) | (vaddr & 0xFFF);
            }
        }
        return translateSlow(c, vaddr, access, TlbGeometry.SIZE_4K);
    }

    /**
     * {@link #translate} of the access a handled page fault lets run again. The fault left no entry
     * for {@code vaddr} in this CPU's TLBs (its lookups found none, or it dropped them, and fault
     * handling only removes entries), so both levels miss without a probe: the same misses, walk
     * and fills are counted and made as translate() would, at the cost of the walk alone.
     */
    public long translateAfterFault(int cpu, long vaddr, int access) {
        if (access < 0 || access > 31 || REQUIRED[access] == -1L) {
            throw new IllegalArgumentException("bad access bits " + access);
        }
        CpuTlb c = cpus[cpu];
        boolean fetch = (access & Pte.PF_INSTR) != 0;
        long[] n = c.counters;
        n[fetch ? TlbStats.L1I_MISS : TlbStats.L1D_MISS]++;
        n[TlbStats.STLB_MISS]++;
        return walk(c, vaddr, access, fetch ? c.l1i : c.l1d, true);
    }

    /**
     * For a run of first-touch faults at the n 4K pages from {@code vaddr} (mm.fault.AnonFaultRun):
     * how many of them, from the first, no TLB array of {@code cpu} holds an entry for under the
     * loaded PCID (or a global one). For each of those, translate() misses at both levels, walks to
     * the absent PTE and faults, dropping nothing, as long as the PTE stays absent.
     */
    public int uncachedRun(int cpu, long vaddr, int n) {
        return cpus[cpu].uncachedRun(vaddr, n);
    }

    /**
     * What translate() and, after each fault installed the PTE {@code ptes[from + i]}, accessed and
     * dirty, translateAfterFault() do for user writes at the n pages from {@code vaddr} that
     * uncachedRun() found uncached: per page two L1 dTLB misses, two STLB misses, two walks and a
     * fault counted, then the STLB and the L1 dTLB filled, in page order.
     */
    public void faultedRun(int cpu, long vaddr, long[] ptes, int from, int n) {
        CpuTlb c = cpus[cpu];
        long[] k = c.counters;
        k[TlbStats.L1D_MISS] += 2L * n;
        k[TlbStats.STLB_MISS] += 2L * n;
        k[TlbStats.WALK] += 2L * n;
        k[TlbStats.FAULT] += n;
        int size = TlbGeometry.SIZE_4K;
        TlbArray stlb = c.stlb[size];
        TlbArray l1 = c.l1d[size];
        // what a user write can use as walked, with A already set (no markAccessed) and not global (no run otherwise)
        long want = WANT[Pte.PF_USER | Pte.PF_WRITE] | Pte.ACCESSED;
        long check = CHECK[Pte.PF_USER | Pte.PF_WRITE] | Pte.ACCESSED | Pte.GLOBAL;
        long vpn = TlbArray.vpn(vaddr, size);
        for (int i = 0; i < n; i++, vpn++) {
            long pte = ptes[from + i];
            if ((pte & check) != want) {
                throw new IllegalArgumentException("not a writable, accessed, dirty user PTE: "
                        + Long.toHexString(pte));
            }
            long key = TlbArray.key(vpn, size);
            if (stlb != null) {
                stlb.fill(key, size, c.pcid, vpn, pte, true);
            }
            if (l1 != null) {
                l1.fill(key, size, c.pcid, vpn, pte, true);
            }
        }
    }

    /** The translation after the L1 fast path; the L1 sizes below {@code firstL1Size} are known to hold no entry. */
    private long translateSlow(CpuTlb c, long vaddr, int access, int firstL1Size) {
        if (access < 0 || access > 31 || REQUIRED[access] == -1L) {
            throw new IllegalArgumentException("bad access bits " + access);
        }
        boolean fetch = (access & Pte.PF_INSTR) != 0;
        long[] n = c.counters;
        TlbArray[] l1 = fetch ? c.l1i : c.l1d;
        long l1Result = lookup(c, l1, firstL1Size, vaddr, access, null);
        if (l1Result != MISS && l1Result != ABSENT) {
            n[fetch ? TlbStats.L1I_HIT : TlbStats.L1D_HIT]++;
            return l1Result;
        }
        n[fetch ? TlbStats.L1I_MISS : TlbStats.L1D_MISS]++;
        long result = lookup(c, c.stlb, TlbGeometry.SIZE_4K, vaddr, access, l1);
        if (result != MISS && result != ABSENT) {
            n[TlbStats.STLB_HIT]++;
            return result;
        }
        n[TlbStats.STLB_MISS]++;
        return walk(c, vaddr, access, l1, l1Result == ABSENT && result == ABSENT);
    }

    /**
     * Probes one level from page size {@code firstSize} up; on a usable hit copies the entry into
     * {@code refill} (the L1 level) when given. ABSENT when no size has an entry for the address.
     */
    private long lookup(CpuTlb c, TlbArray[] level, int firstSize, long vaddr, int access, TlbArray[] refill) {
        for (int size = firstSize; size < TlbGeometry.NR_SIZES; size++) {
            TlbArray a = level[size];
            if (a == null) {
                continue;
            }
            long vpn = TlbArray.vpn(vaddr, size);
            long key = TlbArray.key(vpn, size);
            int slot = a.find(key, size, c.pcid);
            if (slot < 0) {
                continue;
            }
            long pte = a.ptes[slot];
            if (denied(pte, access)) {
                return fault(c, vaddr, access | Pte.PF_PROT);
            }
            if ((pte & REQUIRED[access]) != REQUIRED[access]) {
                return MISS;
            }
            a.touch(slot);
            if (refill != null && refill[size] != null) {
                refill[size].fill(key, size, c.pcid, vpn, pte, false);
            }
            return Pte.physAddr(pte, vaddr, TlbGeometry.pageShift(size));
        }
        return ABSENT;
    }

    /** The page walk after both levels missed; {@code cachedNowhere} when neither held any entry for vaddr. */
    private long walk(CpuTlb c, long vaddr, int access, TlbArray[] l1, boolean cachedNowhere) {
        c.counters[TlbStats.WALK]++;
        LeafWalker w = c.walker;
        long pte = w.walk(vaddr);
        if ((pte & Pte.PRESENT) == 0) {
            if (cachedNowhere) {
                // The levels just probed hold nothing to drop; only the other L1 may.
                c.dropAddress(l1 == c.l1d ? c.l1iArrays : c.l1dArrays, vaddr);
                c.counters[TlbStats.FAULT]++;
                return FAULT | access;
            }
            return fault(c, vaddr, access);
        }
        int shift = w.leafShift();
        if (denied(pte, access)) {
            return fault(c, vaddr, access | Pte.PF_PROT);
        }
        long ad = Pte.ACCESSED | ((access & Pte.PF_WRITE) != 0 ? Pte.DIRTY : 0);
        if ((pte & ad) != ad) {
            w.markAccessed(vaddr, (access & Pte.PF_WRITE) != 0);
            pte |= ad;
        }
        int size = TlbGeometry.sizeOfShift(shift);
        long vpn = TlbArray.vpn(vaddr, size);
        long key = TlbArray.key(vpn, size);
        if (c.stlb[size] != null) {
            c.stlb[size].fill(key, size, c.pcid, vpn, pte, cachedNowhere);
        }
        if (l1[size] != null) {
            l1[size].fill(key, size, c.pcid, vpn, pte, cachedNowhere);
        }
        return Pte.physAddr(pte, vaddr, shift);
    }

    private static boolean denied(long pte, int access) {
        long need = REQUIRED[access] & ~Pte.DIRTY;
        return (pte & need) != need || (pte & FORBIDDEN[access]) != 0;
    }

    private static long fault(CpuTlb c, long vaddr, int errorCode) {
        c.dropAddress(vaddr);
        c.counters[TlbStats.FAULT]++;
        return FAULT | errorCode;
    }

    /** MOV to CR3 on {@code cpu}: page table {@code root}, PCID; flushes that PCID unless {@code noflush}. */
    public void loadCr3(int cpu, LeafWalker root, int pcid, boolean noflush) {
        if (pcid < 0 || pcid > 0xFFF) {
            throw new IllegalArgumentException("PCID is 12 bits: " + pcid);
        }
        cpus[cpu].loadCr3(root, pcid, noflush);
    }

    /** INVLPG on {@code cpu}. */
    public void invlpg(int cpu, long vaddr) {
        cpus[cpu].invlpg(vaddr);
    }

    /** Flush of every entry, global ones and all PCIDs included, on {@code cpu}. */
    public void flushGlobal(int cpu) {
        cpus[cpu].flushGlobal();
    }

    public int pcid(int cpu) {
        return (int) cpus[cpu].pcid;
    }

    /** Valid entries of page size {@code size} (TlbGeometry.SIZE_*) in {@code level} on {@code cpu}. */
    public int occupancy(int cpu, TlbLevel level, int size) {
        return cpus[cpu].occupancy(level, size);
    }

    public int nrCpus() {
        return cpus.length;
    }

    public TlbGeometry geometry() {
        return geometry;
    }

    public TlbStats stats() {
        return stats;
    }
}
