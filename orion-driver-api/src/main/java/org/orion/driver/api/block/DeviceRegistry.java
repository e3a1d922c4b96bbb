package org.orion.driver.api.block;

import java.util.List;
import java.util.Optional;

/**
 * The kernel's table of named block devices. Controllers register their disks here, drivers look
 * members up here and register what they create (an assembled array). Names are unique.
 * Thread-safe.
 */
public interface DeviceRegistry {
    /**
     * Adds a device under {@code name}.
     *
     * @throws org.orion.driver.api.OrionException with {@code CONFLICT} if the name is taken
     */
    void register(String name, BlockDevice device);

    /** Removes and returns the device registered under {@code name}, if any. It is not closed. */
    Optional<BlockDevice> unregister(String name);

    Optional<BlockDevice> find(String name);

    /** Names in registration order. */
    List<String> names();
}
