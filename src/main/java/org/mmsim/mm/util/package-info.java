/** mm/util.c and mm/mmap.c's overcommit policy: vm_committed_as, CommitLimit, __vm_enough_memory. */
package org.mmsim.mm.util;
