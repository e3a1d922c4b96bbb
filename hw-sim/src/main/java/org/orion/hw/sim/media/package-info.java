/**
 * Where simulated disks keep their bytes: {@link org.orion.hw.sim.media.HeapMedia} (lazily
 * allocated chunks on the Java heap) and {@link org.orion.hw.sim.media.SparseFileMedia} (a locked
 * sparse file that keeps its content across runs), behind the sealed
 * {@link org.orion.hw.sim.media.Media} interface.
 *
 * <p>Threads: media are called concurrently by whichever threads run a disk's requests (submitters
 * with zero latency, the controller's timer otherwise) and must stay allocation-free on the data
 * path. Media know nothing of caches, latency or faults, and import only the JDK and the driver
 * API's error types.
 */
package org.orion.hw.sim.media;
