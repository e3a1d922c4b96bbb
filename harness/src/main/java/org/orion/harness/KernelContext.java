package org.orion.harness;

import java.util.Objects;
import org.orion.driver.api.DriverContext;
import org.orion.driver.api.block.DeviceRegistry;
import org.orion.driver.api.event.EventSink;
import org.orion.driver.api.spi.DriverConfig;
import org.orion.driver.api.time.NanoClock;

/** What one driver (or controller factory) is handed: the shared clock, events and registry, and its own config section. */
record KernelContext(NanoClock clock, EventSink events, DeviceRegistry devices, DriverConfig config)
        implements DriverContext {
    KernelContext {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(config, "config");
    }
}
