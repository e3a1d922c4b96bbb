package org.orion.raid.health;

import java.util.Objects;
import org.orion.driver.api.hw.PhysicalDisk;

/**
 * One array member whose health the monitor reads.
 *
 * @param slot the member's RAID role
 * @param name the member's name in events and logs
 * @param disk the physical disk under the member (any wrappers already peeled off)
 */
public record WatchedDisk(int slot, String name, PhysicalDisk disk) {
    public WatchedDisk {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(disk, "disk");
        if (slot < 0) {
            throw new IllegalArgumentException("slot " + slot + " is negative");
        }
    }
}
