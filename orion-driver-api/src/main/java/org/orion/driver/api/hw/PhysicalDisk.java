package org.orion.driver.api.hw;

import org.orion.driver.api.block.BlockDevice;

/**
 * A disk on a controller: a block device that also knows how it is attached, who made it, and how
 * healthy it is. Reading {@link #health()} never blocks I/O.
 */
public interface PhysicalDisk extends BlockDevice {
    Transport transport();

    DiskIdentity identity();

    /** A fresh snapshot of the health counters. */
    HealthSnapshot health();
}
