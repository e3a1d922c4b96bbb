/**
 * Linux members for Orion: {@link org.orion.hw.linux.LinuxBlockDevice} (regular files and block
 * devices with O_DIRECT, exclusive opens and per-device I/O threads), made by
 * {@link org.orion.hw.linux.LinuxDevices}; host discovery from /sys
 * ({@link org.orion.hw.linux.BlockDeviceDiscovery}); and bring-up helpers that use the pass-through
 * parsers: {@link org.orion.hw.linux.DeviceProbe}, {@link org.orion.hw.linux.BurnInTest} and the
 * {@link org.orion.hw.linux.LinuxDisk} health view. {@link org.orion.hw.linux.LinuxHostHardware} offers
 * discovery, probing and burn-in to the command line through the API's {@code HostHardware} SPI.
 *
 * <p>Threads: {@code submit} runs on the caller's thread and never blocks on I/O; each device's I/O
 * threads do the system calls and run completions. Opening, discovery, probing and burn-in are
 * control-path calls that block the calling thread.
 *
 * <p>Imports: the driver API, slf4j, {@code org.orion.hw.linux.jna} and
 * {@code org.orion.hw.linux.passthru}; never {@code com.sun.jna} (native memory and calls live in the
 * jna package) and never other Orion modules.
 */
package org.orion.hw.linux;
