/**
 * Health monitoring of an array's physical members: {@link org.orion.raid.health.HealthMonitor}
 * polls each member's {@link org.orion.driver.api.hw.HealthSnapshot} on a schedule, raises
 * {@link org.orion.driver.api.event.DriverEvent.PredictedFailure} when a disk gets worse (rising
 * reallocated or pending sector counts, a failing verdict of its own) and, when the
 * {@link org.orion.raid.health.HealthPolicy} allows and a spare is available, asks for a proactive hot
 * replace through a {@link org.orion.raid.health.ReplaceRequester}.
 *
 * <p>Threads: the monitor runs on its own daemon thread (or on whichever thread calls
 * {@code runDue()}, such as a manual clock's in simulations); it only reads health counters, which
 * is safe while I/O runs, and never touches array state itself: replacing is the requester's job,
 * which hands the request to the array's single writer.
 *
 * <p>Imports: the driver API, slf4j and {@code org.orion.raid} / {@code org.orion.raid.array} for
 * reading members; never hw-sim or hw-native (simulated and Linux disks are both just
 * {@link org.orion.driver.api.hw.PhysicalDisk}s here).
 */
package org.orion.raid.health;
