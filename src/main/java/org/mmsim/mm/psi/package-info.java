/** kernel/sched/psi.c's memory half: stall accounting, averages and triggers for /proc/pressure. */
package org.mmsim.mm.psi;
