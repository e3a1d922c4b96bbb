package org.orion.driver.api;

import org.orion.driver.api.block.DeviceRegistry;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.spi.DriverConfig;
import org.orion.driver.api.time.NanoClock;

/**
 * What the kernel gives a driver: time, a place to report events, the device registry, and the
 * driver's own slice of the configuration. Drivers take time and randomness only from here (or
 * from seeds in their config) so that simulations are reproducible.
 */
public interface DriverContext {
    NanoClock clock();

    EventSink events();

    DeviceRegistry devices();

    DriverConfig config();
}
