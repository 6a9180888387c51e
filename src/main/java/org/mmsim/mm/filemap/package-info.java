/**
 * A stand-in for the page cache ({@link org.mmsim.mm.filemap.PageCacheStandIn}): file sizes and
 * cached frames, enough for file and shmem faults. The page-cache work replaces it.
 */
package org.mmsim.mm.filemap;
