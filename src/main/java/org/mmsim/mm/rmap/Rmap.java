/*
 * Reverse mapping of anonymous pages (mm/rmap.c folio_add_new_anon_rmap, folio_try_dup_anon_rmap_pte,
 * folio_remove_rmap_pte, rmap_walk_anon) with the node counter they keep (NR_ANON_PAGES).
 * MemMap.mapcount counts the PTEs mapping a frame (Linux's _mapcount + 1).
 *
 * Simplification of anon_vma: a page records its linear index (page->index, vm_pgoff-relative as
 * linear_page_index() computes it) and a *family*: the set of address spaces descended by fork
 * from the one that faulted the page in (an anon_vma root). A walk visits every member, finds the
 * anonymous VMAs whose pgoff range covers the index (first the one VMA at the address an anonymous
 * VMA not moved by mremap gives, index << PAGE_SHIFT), and keeps the addresses whose PTE maps the
 * frame. Leaves out the anon_vma_chain hierarchy (a walk may visit members that cannot map the
 * page; the PTE check discards them), KSM, and the i_mmap tree for file pages (a file walk visits
 * every address space). Host cost: 16 bytes per
 * frame (family and index side by side: one cache line for a walk), only in 16 MiB chunks of physical
 * memory that ever held an anonymous page.
 */
package org.mmsim.mm.rmap;

import org.mmsim.mm.page.MemMap;
import org.mmsim.mm.page.PageFlags;
import org.mmsim.mm.pgtable.PageTable;
import org.mmsim.mm.pgtable.Pte;
import org.mmsim.mm.vma.MmStruct;
import org.mmsim.mm.vma.Vma;
import org.mmsim.mm.vma.VmFile;
import org.mmsim.mm.vma.VmFlags;
import org.mmsim.mm.vmstat.NodeStat;
import org.mmsim.mm.zone.Zones;

import java.util.ArrayList;

public final class Rmap {
    /** One address space in a family. */
    public static final class Member {
        public final MmStruct mm;
        public final PageTable pt;

        public Member(MmStruct mm, PageTable pt) {
            this.mm = mm;
            this.pt = pt;
        }
    }

    /** What rmap_walk() reports per mapping found: the VMA the walk found it in, as rmap_one gets it. */
    public interface Visitor {
        void mapping(MmStruct mm, PageTable pt, Vma vma, long address);
    }

    /** Side tables come in chunks of 2^12 frames (64 KiB of host heap), made on first use. */
    private static final int CHUNK_SHIFT = 12;
    private static final int CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

    private final Zones zones;
    private final MemMap m;
    /**
     * By chunk, two words per frame: at 2i the family (anon_vma root) of an anonymous page, 0 when the
     * frame is not anonymous; at 2i+1 its page->index.
     */
    private final long[][] anon;
    private final ArrayList<ArrayList<Member>> families = new ArrayList<>();

    public Rmap(Zones zones) {
        this.zones = zones;
        this.m = zones.memMap;
        int chunks = (m.nrFrames >>> CHUNK_SHIFT) + 1;
        anon = new long[chunks][];
        families.add(null);
    }

    /** A new family for an address space not created by fork (exec). */
    public int newFamily(Member first) {
        ArrayList<Member> f = new ArrayList<>();
        f.add(first);
        families.add(f);
        return families.size() - 1;
    }

    /** anon_vma_fork(): the child joins its parent's family. */
    public void join(int fam, Member child) {
        families.get(fam).add(child);
    }

    /** The address space is gone (exit_mmap has zapped it). */
    public void leave(int fam, Member member) {
        families.get(fam).remove(member);
    }

    public boolean isAnon(int pfn) {
        long[] a = anon[pfn >>> CHUNK_SHIFT];
        return a != null && a[2 * (pfn & CHUNK_MASK)] != 0;
    }

    private void setAnon(int pfn, int fam, long pgIndex) {
        int c = pfn >>> CHUNK_SHIFT;
        if (anon[c] == null) {
            anon[c] = new long[2 << CHUNK_SHIFT];
        }
        anon[c][2 * (pfn & CHUNK_MASK)] = fam;
        anon[c][2 * (pfn & CHUNK_MASK) + 1] = pgIndex;
    }

    /** folio_add_new_anon_rmap(): a freshly allocated page gets its first, exclusive mapping. */
    public void addNewAnon(int pfn, int fam, long pgIndex) {
        setAnon(pfn, fam, pgIndex);
        m.mapcount[pfn] = 1;
        m.flags[pfn] |= PageFlags.PG_SWAPBACKED | PageFlags.PG_ANON_EXCLUSIVE;
        zones.zoneOf(pfn).node.stats[NodeStat.NR_ANON_PAGES]++;
    }

    /**
     * folio_add_anon_rmap_pte() for a page already in memory (a swap-cache page mapped at
     * swap-in or swapoff): the first mapping sets its family and index and counts it in
     * NR_ANON_PAGES; exclusive marks it PG_anon_exclusive.
     */
    public void addAnon(int pfn, int fam, long pgIndex, boolean exclusive) {
        if (m.mapcount[pfn]++ == 0) {
            setAnon(pfn, fam, pgIndex);
            zones.zoneOf(pfn).node.stats[NodeStat.NR_ANON_PAGES]++;
        }
        m.flags[pfn] |= PageFlags.PG_SWAPBACKED;
        if (exclusive) {
            m.flags[pfn] |= PageFlags.PG_ANON_EXCLUSIVE;
        } else {
            m.flags[pfn] &= ~PageFlags.PG_ANON_EXCLUSIVE;
        }
    }

    /** Every live address space with its page table (the mmlist swapoff walks; what i_mmap walks reach, reduced to all). */
    public ArrayList<Member> members() {
        ArrayList<Member> all = new ArrayList<>();
        for (ArrayList<Member> fam : families) {
            if (fam != null) {
                all.addAll(fam);
            }
        }
        return all;
    }

    /** folio_try_dup_anon_rmap_pte() at fork: one more mapping, no longer exclusive. */
    public void dupAnon(int pfn) {
        m.mapcount[pfn]++;
        m.flags[pfn] &= ~PageFlags.PG_ANON_EXCLUSIVE;
    }

    /** folio_add_file_rmap_pte(): one more mapping of a page-cache page; the first counts in NR_FILE_MAPPED. */
    public void addFile(int pfn) {
        if (m.mapcount[pfn]++ == 0) {
            zones.zoneOf(pfn).node.stats[NodeStat.NR_MAPPED]++;
        }
    }

    /** folio_remove_rmap_pte(): the last unmap takes the page out of NR_ANON_PAGES or NR_FILE_MAPPED. */
    public void remove(int pfn) {
        if (--m.mapcount[pfn] != 0) {
            return;
        }
        if (isAnon(pfn)) {
            zones.zoneOf(pfn).node.stats[NodeStat.NR_ANON_PAGES]--;
            anon[pfn >>> CHUNK_SHIFT][2 * (pfn & CHUNK_MASK)] = 0;
        } else {
            zones.zoneOf(pfn).node.stats[NodeStat.NR_MAPPED]--;
        }
    }

    /** mm_counter(): the rss_stat counter a mapped page counts in. */
    public int mmCounter(int pfn) {
        if (isAnon(pfn)) {
            return PageTable.MM_ANONPAGES;
        }
        return (m.flags[pfn] & PageFlags.PG_SWAPBACKED) != 0 ? PageTable.MM_SHMEMPAGES : PageTable.MM_FILEPAGES;
    }

    /**
     * rmap_walk_file() over the shared mappings of a file (folio_mkclean's walk): every live
     * address space's VM_SHARED VMAs of file that cover page index and whose PTE maps pfn. The
     * i_mmap tree is reduced to visiting every live address space.
     */
    public int walkFileShared(VmFile file, long idx, int pfn, Visitor v) {
        return walkFile(file, idx, pfn, v, true);
    }

    /**
     * rmap_walk_file(): every mapping (shared or private) of page index idx of file whose PTE
     * maps pfn; the i_mmap tree is reduced to visiting every live address space.
     */
    public int walkFile(VmFile file, long idx, int pfn, Visitor v) {
        return walkFile(file, idx, pfn, v, false);
    }

    private int walkFile(VmFile file, long idx, int pfn, Visitor v, boolean sharedOnly) {
        int found = 0;
        for (ArrayList<Member> fam : families) {
            if (fam == null) {
                continue;
            }
            for (int k = 0; k < fam.size(); k++) {
                Member mem = fam.get(k);
                for (Vma vma : mem.mm.vmas()) {
                    if (vma.file() != file || (sharedOnly && (vma.flags() & VmFlags.VM_SHARED) == 0)
                            || idx < vma.pgoff() || idx >= vma.pgoff() + vma.pages()) {
                        continue;
                    }
                    long addr = vma.start() + ((idx - vma.pgoff()) << MemMap.PAGE_SHIFT);
                    long pte = mem.pt.pte(addr);
                    if (Pte.present(pte) && Pte.pfn(pte) == pfn) {
                        v.mapping(mem.mm, mem.pt, vma, addr);
                        found++;
                    }
                }
            }
        }
        return found;
    }

    /** rmap_walk_anon(): every (mm, address) whose PTE maps pfn; returns how many were found. */
    public int walk(int pfn, Visitor v) {
        if (!isAnon(pfn)) {
            return 0;
        }
        long[] a = anon[pfn >>> CHUNK_SHIFT];
        int fam = (int) a[2 * (pfn & CHUNK_MASK)];
        long idx = a[2 * (pfn & CHUNK_MASK) + 1];
        int found = 0;
        ArrayList<Member> members = families.get(fam);
        for (int k = 0; k < members.size(); k++) {
            Member mem = members.get(k);
            // an anonymous VMA not moved by mremap has vm_pgoff == vm_start >> PAGE_SHIFT, so the page
            // sits at idx << PAGE_SHIFT: one lookup instead of a scan of every VMA. An anonymous page
            // has at most one PTE per address space, so a hit there is the whole answer for this one.
            long guess = idx << MemMap.PAGE_SHIFT;
            Vma g = mem.mm.vmaLookup(guess);
            if (g != null && g.anonVma() != null && g.pgoff() == g.start() >>> MemMap.PAGE_SHIFT) {
                long pte = mem.pt.pte(guess);
                if (Pte.present(pte) && Pte.pfn(pte) == pfn) {
                    v.mapping(mem.mm, mem.pt, g, guess);
                    found++;
                    continue;
                }
            }
            for (Vma vma : mem.mm.vmas()) {
                if (vma.anonVma() == null || idx < vma.pgoff() || idx >= vma.pgoff() + vma.pages()) {
                    continue;
                }
                long addr = vma.start() + ((idx - vma.pgoff()) << MemMap.PAGE_SHIFT);
                long pte = mem.pt.pte(addr);
                if (Pte.present(pte) && Pte.pfn(pte) == pfn) {
                    v.mapping(mem.mm, mem.pt, vma, addr);
                    found++;
                }
            }
        }
        return found;
    }
}
