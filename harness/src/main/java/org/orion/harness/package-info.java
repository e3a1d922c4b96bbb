/**
 * The Orion kernel: {@link org.orion.harness.Kernel} loads drivers and controller factories through
 * {@link java.util.ServiceLoader}, keeps the device registry, fans events out (to the log by
 * default) and drives each driver's lifecycle; {@link org.orion.harness.Main} is the process entry
 * point.
 *
 * <p>Threads: the thread that calls the kernel's lifecycle methods (the CLI's main thread) is the
 * lifecycle thread; the registry and the event fan-out are thread-safe. Must not import a driver's
 * classes (raid-driver, hw-native): they are reached only through the driver API. hw-sim is used
 * only to build the simulated controllers the configuration describes.
 */
package org.orion.harness;
