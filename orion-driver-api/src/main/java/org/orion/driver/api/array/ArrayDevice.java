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

    /** The background pass running now (or the last one's result, with action {@code idle}). */
    default SyncStatus sync() {
        return SyncStatus.IDLE;
    }

    /**
     * Starts {@code check}, {@code repair} or {@code resync} (md's sync_action); returns at once.
     *
     * @throws org.orion.driver.api.OrionException with {@code CONFLICT} when a pass already runs,
     *         {@code UNSUPPORTED} when the array cannot do it (an in-memory array, RAID0)
     */
    default void startSync(String action) {
        throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.UNSUPPORTED,
                info().name() + " cannot run " + action);
    }

    /**
     * Stops the array cleanly as {@code mdadm --stop} does: drains I/O, flushes, records a clean
     * state on the members, and leaves the member devices open for the caller. Idempotent.
     */
    default void stop() {
        close();
    }

    /** mdadm's {@code --detail} text (or {@code --detail --brief} / JSON when asked) for this array. */
    default String detail(String format) {
        return status().toString() + "\n";
    }
}
