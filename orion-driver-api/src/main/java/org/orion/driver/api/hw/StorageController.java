package org.orion.driver.api.hw;

import java.util.List;

/**
 * A host bus adapter (or a simulated one) and the disks behind it. The kernel lists controllers in
 * {@code orion hw list} and registers their disks in the device registry.
 */
public interface StorageController extends AutoCloseable {
    /** Stable name, e.g. {@code "sata0"}. */
    String name();

    Transport transport();

    ControllerIdentity identity();

    /** Commands the controller keeps in flight per disk. */
    int queueDepth();

    /** The disks currently attached, in port order. */
    List<? extends PhysicalDisk> disks();

    /** Closes every disk. */
    @Override
    void close();
}
