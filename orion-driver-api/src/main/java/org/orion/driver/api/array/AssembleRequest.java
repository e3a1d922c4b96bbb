package org.orion.driver.api.array;

/**
 * An {@code mdadm --assemble} as the command line parsed it.
 *
 * @param name     name to give the array, or null for the one in its superblocks
 * @param force    start a dirty degraded RAID4/5/6 anyway
 * @param readOnly write nothing to the members (inspection, image export)
 * @param run      start the array even with fewer members than were active when it last ran
 *                 (mdadm's {@code --run}). Without it the driver refuses such an assembly the way
 *                 mdadm does ("need all N to start it"): a member that is missing although the array
 *                 never recorded it as failed may hold the newest data, and the ones present may be
 *                 stale without anything on them saying so
 */
public record AssembleRequest(String name, boolean force, boolean readOnly, boolean run) {
    /** An assembly without {@code --run}. */
    public AssembleRequest(String name, boolean force, boolean readOnly) {
        this(name, force, readOnly, false);
    }
}
