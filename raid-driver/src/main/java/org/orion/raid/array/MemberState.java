package org.orion.raid.array;

/** What a member slot currently contributes to its array. */
public enum MemberState {
    /** Holds current data and takes part in every read and write. */
    IN_SYNC,
    /** Failed (I/O errors or marked by an operator): never read or written again until replaced. */
    FAULTY,
    /** No device in this slot (assembled degraded, or removed). */
    MISSING;

    public boolean isUsable() {
        return this == IN_SYNC;
    }
}
