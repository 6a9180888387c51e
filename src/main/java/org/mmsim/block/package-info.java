/**
 * The block layer (block/): simulated disks with a cost model, completing requests in simulated
 * time, and their I/O statistics.
 */
package org.mmsim.block;
