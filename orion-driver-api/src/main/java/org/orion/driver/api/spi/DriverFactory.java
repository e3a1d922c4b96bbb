package org.orion.driver.api.spi;

import org.orion.driver.api.Driver;

/**
 * Registered in {@code META-INF/services/org.orion.driver.api.spi.DriverFactory}; the kernel loads
 * every factory on its class path and creates one driver from each.
 */
public interface DriverFactory {
    /** The driver's name, equal to {@link Driver#name()} of what {@link #create()} returns. */
    String name();

    Driver create();
}
