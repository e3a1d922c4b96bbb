/**
 * How the kernel finds drivers and controllers: {@link org.orion.driver.api.spi.DriverFactory} and
 * {@link org.orion.driver.api.spi.ControllerFactory} through {@link java.util.ServiceLoader}, and the
 * read-only {@link org.orion.driver.api.spi.DriverConfig} view of {@code orion.toml}. Factories are
 * called from the kernel's lifecycle thread.
 */
package org.orion.driver.api.spi;
