/**
 * Seeded fault injection for simulations: {@link org.orion.hw.sim.fault.FaultyBlockDevice} wraps any
 * block device and injects the {@link org.orion.hw.sim.fault.Fault}s of a
 * {@link org.orion.hw.sim.fault.FaultPlan} (fail-stop, latent sector errors, bit flips, lost and
 * misdirected writes, slow I/O, timeouts, torn writes at power loss) when their
 * {@link org.orion.hw.sim.fault.Trigger}s fire, and records each as an
 * {@link org.orion.hw.sim.fault.Injection}.
 *
 * <p>Threads: {@code submit} on the caller's thread; faults are decided there. Completions run on
 * the wrapped device's completion thread, or on the timer's (the simulated controller's, or the
 * thread advancing a manual clock) when a fault delays them. Randomness is a pure function of the
 * seed and the request number, never a shared generator, so concurrent callers cannot disturb a
 * replay.
 *
 * <p>Builds on {@code org.orion.hw.sim} (timer, health counters, SimDisk power loss); production code
 * never imports this package: faults are added by wrapping, never by {@code if (simulated)}.
 */
package org.orion.hw.sim.fault;
