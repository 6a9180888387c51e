/**
 * Filesystems and the file system calls (fs/): a disk filesystem, tmpfs, descriptor tables and
 * the VFS calls over the page cache.
 */
package org.mmsim.fs;
