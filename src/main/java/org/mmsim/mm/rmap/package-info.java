/**
 * Reverse mapping (mm/rmap.c): {@link org.mmsim.mm.rmap.Rmap} keeps mapcount, NR_ANON_PAGES and
 * enough per page to find every (mm, address) mapping an anonymous page, for reclaim.
 */
package org.mmsim.mm.rmap;
