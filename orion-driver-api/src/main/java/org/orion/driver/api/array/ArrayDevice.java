package org.orion.driver.api.array;

import org.orion.driver.api.block.BlockDevice;

/** An assembled array: a block device that can report its state and be managed while it serves. */
public interface ArrayDevice extends BlockDevice {
    ArrayStatus status();

    /**
     * Marks the member in {@code slot} faulty, as {@code mdadm --fail} does, and returns once it is
     * marked: requests submitted after this call returns do not use it, and {@link #status()} shows
     * it failed. Recording the failure in the members' metadata follows asynchronously.
     */
    void failMember(int slot);

    /**
     * Adds {@code device} (mdadm's {@code --add}): it rebuilds the first slot without an in-sync
     * member, or becomes a spare. The rebuild runs in the background ({@link #sync()}).
     */
    default void addMember(BlockDevice device) {
        throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.UNSUPPORTED,
                info().name() + " cannot add members");
    }

    /** Detaches the faulty member of {@code slot} (mdadm's {@code --remove}); an in-sync member is refused. */
    default void removeMember(int slot) {
        throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.UNSUPPORTED,
                info().name() + " cannot remove members");
    }

    /**
     * Hot replace (mdadm's {@code --replace [--with]}): copies slot {@code slot} onto {@code with}
     * (null: a spare) while the old member keeps serving, then swaps them.
     */
    default void replaceMember(int slot, BlockDevice with) {
        throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.UNSUPPORTED,
                info().name() + " cannot replace members");
    }

    /**
     * Removes the idle spare named {@code deviceName} from the array (as {@code mdadm --remove} of a
     * spare does) and hands its device back to the caller, who may give it to another array (mdadm's
     * MoveSpare). A spare that a rebuild is writing to is not idle and is refused.
     *
     * @throws org.orion.driver.api.OrionException {@code NOT_FOUND} when the array has no such idle spare
     */
    default BlockDevice removeSpare(String deviceName) {
        throw new org.orion.driver.api.OrionException(org.orion.driver.api.ErrorCode.UNSUPPORTED,
                info().name() + " has no spares to remove");
    }

    /** The smallest device that can join this array as a member or spare (its metadata included). */
    default long minimumMemberBytes() {
        return status().memberDataBytes();
    }

    /**
     * Where to ask for a spare when a member fails and none of the array's own fits (the kernel's
     * pool); null removes it. Arrays that cannot take spares ignore it.
     */
    default void spareProvider(SpareProvider provider) {
    }

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
