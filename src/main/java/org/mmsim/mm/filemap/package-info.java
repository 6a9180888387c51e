/**
 * The page cache (mm/filemap.c, mm/readahead.c, mm/truncate.c): address spaces with their pages by
 * index, reads through on-demand readahead, buffered writes, direct I/O, truncation and
 * invalidation, and the seams to the LRU (LruSeam) and to filesystems (Backing).
 */
package org.mmsim.mm.filemap;
