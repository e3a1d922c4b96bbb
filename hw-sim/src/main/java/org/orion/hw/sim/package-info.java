/**
 * Simulated storage hardware: a {@link org.orion.hw.sim.SimController} (SATA, SAS or NVMe
 * {@link org.orion.hw.sim.SimPersonality}) with {@link org.orion.hw.sim.SimDisk}s described by
 * {@link org.orion.hw.sim.SimDiskSpec}s, their {@link org.orion.hw.sim.LatencyModel}, volatile write
 * cache ({@code UndoLogWriteCache}), health counters, and the time they run on: a
 * {@link org.orion.hw.sim.ManualClock} for deterministic simulation or the system clock.
 *
 * <p>Threads: {@code submit} runs on the caller's thread. With zero latency the request completes
 * there too; otherwise the controller's {@link org.orion.hw.sim.CompletionScheduler} completes it,
 * on its own timer thread (real clock) or on the thread that advances the manual clock. Power loss,
 * pull and close may be called from any thread; they wait for running requests.
 *
 * <p>Imports only the driver API, slf4j and the sibling {@code media} package; nothing here knows
 * about faults ({@code org.orion.hw.sim.fault} builds on this package, not the other way round).
 */
package org.orion.hw.sim;
