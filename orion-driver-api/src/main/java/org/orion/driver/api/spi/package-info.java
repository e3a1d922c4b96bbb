/**
 * How the kernel finds drivers and controllers: {@link org.orion.driver.api.spi.DriverFactory} and
 * {@link org.orion.driver.api.spi.ControllerFactory} through {@link java.util.ServiceLoader}, and the
 * read-only {@link org.orion.driver.api.spi.DriverConfig} view of {@code orion.toml}. Factories are
 * called from the kernel's lifecycle thread. {@link org.orion.driver.api.spi.DeviceOpener} and
 * {@link org.orion.driver.api.spi.HostHardware} let the command line open paths and inspect the host's
 * real devices without naming native classes; {@link org.orion.driver.api.spi.LargePageMemory} gives
 * servers I/O buffers in the host's large pages.
 */
package org.orion.driver.api.spi;
