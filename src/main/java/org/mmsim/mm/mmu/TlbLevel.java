/*
 * The TLB levels of the x86 MMU model, for inspection (tests, a future /proc view).
 */
package org.mmsim.mm.mmu;

public enum TlbLevel {
    L1D, L1I, STLB
}
