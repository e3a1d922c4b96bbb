package org.orion.raid.array;

import java.util.Objects;
import org.orion.driver.api.block.BlockDevice;

/**
 * One slot of an array: the device (null when missing) and where the array's data starts on it
 * (md's data_offset). Addresses the level layouts produce are relative to {@code dataOffsetBytes}.
 *
 * @param slot            the RAID role (md's raid_disk)
 * @param name            device name for messages and events
 * @param device          the member device, or null if the slot is empty
 * @param dataOffsetBytes first byte of array data on the device
 */
public record Member(int slot, String name, BlockDevice device, long dataOffsetBytes) {
    public Member {
        Objects.requireNonNull(name, "name");
        if (dataOffsetBytes < 0) {
            throw new IllegalArgumentException("negative data offset for member " + name);
        }
    }

    /** An empty slot. */
    public static Member missing(int slot) {
        return new Member(slot, "missing", null, 0);
    }

    public boolean isPresent() {
        return device != null;
    }
}
