package org.orion.driver.api.array;

/**
 * An {@code mdadm --assemble} as the command line parsed it.
 *
 * @param name     name to give the array, or null for the one in its superblocks
 * @param force    start a dirty degraded RAID4/5/6 anyway
 * @param readOnly write nothing to the members (inspection, image export)
 */
public record AssembleRequest(String name, boolean force, boolean readOnly) {
}
