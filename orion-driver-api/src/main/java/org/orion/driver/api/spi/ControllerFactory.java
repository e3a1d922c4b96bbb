package org.orion.driver.api.spi;

import java.util.List;
import org.orion.driver.api.DriverContext;
import org.orion.driver.api.hw.StorageController;

/**
 * Registered in {@code META-INF/services/org.orion.driver.api.spi.ControllerFactory}; makes the
 * controllers its part of the configuration describes (simulated controllers, host adapters).
 */
public interface ControllerFactory {
    /** The configuration section this factory reads, e.g. {@code "sim"}. */
    String name();

    /** Creates (and opens) the controllers the configuration asks for; may return none. */
    List<StorageController> create(DriverContext context);
}
