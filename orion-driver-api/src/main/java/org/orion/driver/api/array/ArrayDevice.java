package org.orion.driver.api.array;

import org.orion.driver.api.block.BlockDevice;

/** An assembled array: a block device that can report its state and be managed while it serves. */
public interface ArrayDevice extends BlockDevice {
    ArrayStatus status();

    /**
     * Marks the member in {@code slot} faulty, as {@code mdadm --fail} does. Takes effect
     * asynchronously, before any request submitted after this call returns.
     */
    void failMember(int slot);
}
