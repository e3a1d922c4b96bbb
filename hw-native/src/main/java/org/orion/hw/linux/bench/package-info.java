/**
 * {@link org.orion.hw.linux.bench.NativeIoBench}: a small command-line load generator for
 * {@link org.orion.hw.linux.LinuxBlockDevice}, run by {@code scripts/bench-native} next to fio so the
 * two can be compared on the same file in the same run.
 *
 * <p>Threads: the main thread starts the load and sleeps; requests are re-submitted from their own
 * completions on the device's I/O threads. Imports only the driver API and {@code org.orion.hw.linux}.
 */
package org.orion.hw.linux.bench;
