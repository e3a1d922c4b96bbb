package org.orion.raid;

import org.orion.driver.api.Driver;
import org.orion.driver.api.spi.DriverFactory;

/** Makes the RAID driver known to the kernel's ServiceLoader. */
public final class RaidDriverFactory implements DriverFactory {
    @Override
    public String name() {
        return "raid";
    }

    @Override
    public Driver create() {
        return new RaidDriver();
    }
}
