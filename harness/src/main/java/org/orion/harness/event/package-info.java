/**
 * What the kernel does with events: the {@link org.orion.harness.event.EventManager} (installed in the
 * kernel's fan-out) drops repeats and rate-limits floods, then hands every event, in order, to its
 * outputs: the log (mdadm's wording, "Fail event detected on md device md0, component device
 * sata0/d1"), a JSON-lines file ({@code [kernel] events_file}, schema {@code orion.event/1}), an alert
 * program ({@code [kernel] program}, run as mdadm runs its {@code --program}), and the streams of
 * {@code orion --monitor} clients ({@link org.orion.harness.event.MonitorStream}).
 *
 * <p>Threads: drivers publish from any thread, the ring handlers included, so publishing only
 * filters and enqueues; one delivery thread writes the outputs, and programs run on their own small
 * pool with a time limit. Nothing here blocks the data path. Must not import a driver's internals.
 */
package org.orion.harness.event;
